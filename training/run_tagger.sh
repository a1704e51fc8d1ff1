#!/usr/bin/env bash
# The pipeline that produced the shipped default model (bioner-crf): word vectors, the BiLSTM-CRF tagger,
# conversion, evaluation. Re-running resumes training from its per-epoch checkpoint.
# Needs Debian's python3 with python3-torch, python3-gensim and libopenblas0-pthread, and the repo's npm packages.
# The shipped model is run base-trdev of gpu_run.sh (a lent GPU, 6 minutes): from scratch on train + devel,
# 7 epochs at Adam 1e-3 and an 8th at 1e-4. This script trains the same recipe on the CPU (about 8 minutes an
# epoch on 2 cores). DEVEL_RUN=1 first trains its train-only twin (11 epochs, the last at 1e-4; devel picks the
# best epoch), the run whose devel scores chose the recipe (training/README.md).
# EXTRA passes more train_tagger.py options (e.g. "--gene-extra", "--encoder idcnn").
set -euo pipefail
cd "$(dirname "$0")"
DATA=${DATA:-../../shared/data}
PY=${PYTHON:-/usr/bin/python3}
MODEL_ID=${MODEL_ID:-bioner-crf}
RUN=${RUN:-runs/tagger-base}
FINAL=${FINAL:-runs/tagger-final}
[ -f runs/vectors/w2v.kv ] || $PY -u word_vectors.py --data "$DATA" --out runs/vectors/w2v.kv
if [ "${DEVEL_RUN:-0}" = 1 ]; then
  mkdir -p "$RUN"
  # shellcheck disable=SC2086
  $PY -u train_tagger.py --corpora "$DATA/corpora" --vectors runs/vectors/w2v.kv --out "$RUN" --epochs 11 --decay-at 11 \
    ${EXTRA:-} | tee -a "$RUN/stdout.log"
fi
mkdir -p "$FINAL"
# shellcheck disable=SC2086
$PY -u train_tagger.py --corpora "$DATA/corpora" --vectors runs/vectors/w2v.kv --train-devel --epochs 8 --decay-at 8 \
  --out "$FINAL" ${EXTRA:-} | tee -a "$FINAL/stdout.log"
$PY -u eval_tagger.py --export "$FINAL/export" --split test --json "$FINAL/trainer_test_scores.json"
$PY -u export_onnx.py --export "$FINAL/export"
cd ..
npm run convert -- "training/$FINAL/export" --out "public/models/$MODEL_ID" --quantize uint8 \
  --source "trained by training/run_tagger.sh (see training/README.md)" --card-extra training/tagger-model-card.md
{ echo "run,epoch,loss,seconds,BC5CDR-Chemical,BC5CDR-Disease,NCBI-disease,BC2GM"
  [ -f "training/$RUN/training-log.csv" ] && tail -n +2 "training/$RUN/training-log.csv" | sed 's/^/train-only twin (devel held out),/'
  tail -n +2 "training/$FINAL/training-log.csv" | sed 's/^/shipped: train + devel (devel seen in training),/'
} > "public/models/$MODEL_ID/training-log.csv"
npm run eval -- --model "public/models/$MODEL_ID" --split test --errors --json "training/$FINAL/test_scores.json"
