#!/usr/bin/env bash
# The whole pipeline that produced the shipped model: pretrain (MLM), fine-tune, export, convert, evaluate.
# Each stage resumes from its checkpoint when re-run. Needs python3 with torch and numpy (Debian:
# apt-get install python3-torch python3-numpy libopenblas0-pthread) and the repo's npm dependencies.
# Pretraining: PRETRAIN_STEPS steps; PRETRAIN2_STEPS > 0 adds a second phase of that many steps from the first
# phase's checkpoint, with a new warm-up and linear decay (tried once, 1,379 steps: no better, see README.md).
# PRETRAIN_MINUTES and PRETRAIN2_MINUTES instead bound a phase by wall time (the step count that fits is
# re-planned every 100 steps). The defaults are the shipped model's settings.
set -euo pipefail
cd "$(dirname "$0")"
CORPORA=${CORPORA:-../../shared/data/corpora}
TEXT=${TEXT:-../../shared/data/text}
VOCAB=${VOCAB:-../../shared/data/vocab/bioformer-cased-vocab.txt}
PY=${PYTHON:-/usr/bin/python3}
MODEL_ID=${MODEL_ID:-bioner-small}
mkdir -p runs/finetune
pretrain() {  # out dir, steps, minutes, extra arguments
  local out=$1 steps=$2 minutes=$3; shift 3
  local budget=()
  [ -n "$minutes" ] && budget=(--time-budget "$minutes")
  mkdir -p "$out"
  $PY -u pretrain.py --corpora "$CORPORA" --text "$TEXT" --vocab "$VOCAB" --layers "${LAYERS:-6}" --hidden "${HIDDEN:-256}" \
    --heads "${HEADS:-4}" --seq 128 --threads "${THREADS:-1}" --lr "${PRETRAIN_LR:-7e-4}" --steps "$steps" --warmup 200 \
    --out "$out" "${budget[@]}" "$@" | tee -a "$out/stdout.log"
}
pretrain runs/pretrain "${PRETRAIN_STEPS:-1465}" "${PRETRAIN_MINUTES:-}"
ENCODER=runs/pretrain
if [ "${PRETRAIN2_STEPS:-0}" != 0 ] || [ -n "${PRETRAIN2_MINUTES:-}" ]; then
  pretrain runs/pretrain2 "${PRETRAIN2_STEPS:-4000}" "${PRETRAIN2_MINUTES:-}" --init runs/pretrain/checkpoint.pt
  ENCODER=runs/pretrain2
fi
$PY -u finetune.py --corpora "$CORPORA" --vocab "$VOCAB" --pretrained "$ENCODER" --epochs "${EPOCHS:-12}" --threads "${THREADS:-1}" --lr "${FINETUNE_LR:-3e-4}" \
  --decoding "${DECODING:-viterbi}" --export runs/checkpoint | tee -a runs/finetune/stdout.log
$PY -u error_analysis.py --checkpoint runs/checkpoint --corpora "$CORPORA" --decoding "${DECODING:-viterbi}" | tee runs/errors.log
cd ..
npm run convert -- training/runs/checkpoint --out "public/models/$MODEL_ID" --quantize uint8 \
  --source "trained by training/run.sh (see training/README.md)" --card-extra training/model-card.md
cp training/runs/pretrain/log.csv "public/models/$MODEL_ID/training-log-pretrain.csv"
[ "$ENCODER" = runs/pretrain2 ] && tail -n +2 training/runs/pretrain2/log.csv >> "public/models/$MODEL_ID/training-log-pretrain.csv"
cp training/runs/finetune/log.csv "public/models/$MODEL_ID/training-log-finetune.csv"
npm run eval -- --model "public/models/$MODEL_ID" --data "$(dirname "${CORPORA#../}")" --split test --no-extra --json training/runs/test-scores.json | tee training/runs/eval.log
