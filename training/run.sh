#!/usr/bin/env bash
# The whole pipeline that produced the shipped model: pretrain (MLM), fine-tune, export, convert, evaluate.
# Each stage resumes from its checkpoint when re-run. Needs python3 with torch and numpy (Debian:
# apt-get install python3-torch python3-numpy libopenblas0-pthread) and the repo's npm dependencies.
set -euo pipefail
cd "$(dirname "$0")"
CORPORA=${CORPORA:-../../shared/data/corpora}
TEXT=${TEXT:-../../shared/data/text}
VOCAB=${VOCAB:-../../shared/data/vocab/bioformer-cased-vocab.txt}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p runs/pretrain runs/finetune
$PY -u pretrain.py --corpora "$CORPORA" --text "$TEXT" --vocab "$VOCAB" --steps "${PRETRAIN_STEPS:-1000}" | tee -a runs/pretrain/stdout.log
$PY -u finetune.py --corpora "$CORPORA" --vocab "$VOCAB" --epochs "${EPOCHS:-4}" --export runs/checkpoint | tee -a runs/finetune/stdout.log
cd ..
npm run convert -- training/runs/checkpoint --out public/models/bioner-small --quantize uint8 \
  --source "trained by training/run.sh (see training/README.md)" --card-extra training/model-card.md
npm run eval -- --corpora "${CORPORA#../}" --split test --json training/runs/test-scores.json
