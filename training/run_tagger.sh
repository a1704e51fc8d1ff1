#!/usr/bin/env bash
# The pipeline that produced the shipped default model (bioner-crf): word vectors, the BiLSTM-CRF tagger,
# conversion, evaluation. Re-running resumes training from its per-epoch checkpoint.
# Needs Debian's python3 with python3-torch, python3-gensim and libopenblas0-pthread, and the repo's npm packages.
# The shipped model: 9 epochs at Adam 1e-3 and 2 at 1e-4 on the train splits (the best devel epoch is exported
# and kept as best.pt), then one more epoch at 1e-4 on train + devel from that best state (runs/tagger-final).
# EXTRA passes more train_tagger.py options (e.g. "--gene-extra", "--encoder idcnn").
set -euo pipefail
cd "$(dirname "$0")"
DATA=${DATA:-../../shared/data}
PY=${PYTHON:-/usr/bin/python3}
MODEL_ID=${MODEL_ID:-bioner-crf}
RUN=${RUN:-runs/tagger-base}
FINAL=${FINAL:-runs/tagger-final}
[ -f runs/vectors/w2v.kv ] || $PY -u word_vectors.py --data "$DATA" --out runs/vectors/w2v.kv
mkdir -p "$RUN"
# shellcheck disable=SC2086
$PY -u train_tagger.py --corpora "$DATA/corpora" --vectors runs/vectors/w2v.kv --out "$RUN" --epochs 11 --decay-at 10 \
  --decay-lr 1e-4 ${EXTRA:-} | tee -a "$RUN/stdout.log"
mkdir -p "$FINAL"
# shellcheck disable=SC2086
$PY -u train_tagger.py --corpora "$DATA/corpora" --vectors runs/vectors/w2v.kv --init "$RUN" --train-devel --epochs 1 \
  --decay-at 1 --decay-lr 1e-4 --out "$FINAL" ${EXTRA:-} | tee -a "$FINAL/stdout.log"
$PY -u eval_tagger.py --export "$FINAL/export" --split test --json "$FINAL/trainer_test_scores.json"
$PY -u export_onnx.py --export "$FINAL/export"
cd ..
npm run convert -- "training/$FINAL/export" --out "public/models/$MODEL_ID" --quantize uint8 \
  --source "trained by training/run_tagger.sh (see training/README.md)" --card-extra training/tagger-model-card.md
cat "training/$RUN/training-log.csv" > "public/models/$MODEL_ID/training-log.csv"
tail -n +2 "training/$FINAL/training-log.csv" | sed "s/^[0-9]*,/train+devel (from its best epoch),/" >> "public/models/$MODEL_ID/training-log.csv"
npm run eval -- --model "public/models/$MODEL_ID" --split test --errors --json "training/$FINAL/test_scores.json"
