#!/usr/bin/env bash
# The whole pipeline that produced the shipped model: pretrain (MLM), fine-tune, export, convert, evaluate.
# Each stage resumes from its checkpoint when re-run. Needs python3 with torch and numpy (Debian:
# apt-get install python3-torch python3-numpy libopenblas0-pthread) and the repo's npm dependencies.
# PRETRAIN_MINUTES bounds pretraining by wall time (the step count it fits is logged); unset, PRETRAIN_STEPS runs.
# The defaults are the shipped run's settings (see README.md here).
set -euo pipefail
cd "$(dirname "$0")"
CORPORA=${CORPORA:-../../shared/data/corpora}
TEXT=${TEXT:-../../shared/data/text}
VOCAB=${VOCAB:-../../shared/data/vocab/bioformer-cased-vocab.txt}
PY=${PYTHON:-/usr/bin/python3}
MODEL_ID=${MODEL_ID:-bioner-small}
mkdir -p runs/pretrain runs/finetune
budget=()
[ -n "${PRETRAIN_MINUTES:-}" ] && budget=(--time-budget "$PRETRAIN_MINUTES")
$PY -u pretrain.py --corpora "$CORPORA" --text "$TEXT" --vocab "$VOCAB" --layers "${LAYERS:-6}" --hidden "${HIDDEN:-256}" \
  --heads "${HEADS:-4}" --seq 128 --threads "${THREADS:-1}" --lr "${PRETRAIN_LR:-7e-4}" --steps "${PRETRAIN_STEPS:-4000}" "${budget[@]}" \
  | tee -a runs/pretrain/stdout.log
$PY -u finetune.py --corpora "$CORPORA" --vocab "$VOCAB" --epochs "${EPOCHS:-12}" --threads "${THREADS:-1}" --lr "${FINETUNE_LR:-3e-4}" \
  --decoding "${DECODING:-viterbi}" --export runs/checkpoint | tee -a runs/finetune/stdout.log
$PY -u error_analysis.py --checkpoint runs/checkpoint --corpora "$CORPORA" --decoding "${DECODING:-viterbi}" | tee runs/errors.log
cd ..
npm run convert -- training/runs/checkpoint --out "public/models/$MODEL_ID" --quantize uint8 \
  --source "trained by training/run.sh (see training/README.md)" --card-extra training/model-card.md
cp training/runs/pretrain/log.csv "public/models/$MODEL_ID/training-log-pretrain.csv"
cp training/runs/finetune/log.csv "public/models/$MODEL_ID/training-log-finetune.csv"
npm run eval -- --corpora "${CORPORA#../}" --split test --json training/runs/test-scores.json | tee training/runs/eval.log
