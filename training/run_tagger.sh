#!/usr/bin/env bash
# The pipeline that produced the shipped default model (bioner-crf): word vectors, the BiLSTM-CRF tagger,
# conversion, evaluation. Re-running resumes training from its per-epoch checkpoint.
# Needs Debian's python3 with python3-torch, python3-gensim and libopenblas0-pthread, and the repo's npm packages.
# EPOCHS bounds training (the best devel epoch is exported as it appears, so stopping early is safe);
# EXTRA passes more train_tagger.py options (e.g. "--gene-extra").
set -euo pipefail
cd "$(dirname "$0")"
DATA=${DATA:-../../shared/data}
PY=${PYTHON:-/usr/bin/python3}
MODEL_ID=${MODEL_ID:-bioner-crf}
RUN=${RUN:-runs/tagger-base}
[ -f runs/vectors/w2v.kv ] || $PY -u word_vectors.py --data "$DATA" --out runs/vectors/w2v.kv
mkdir -p "$RUN"
# shellcheck disable=SC2086
$PY -u train_tagger.py --corpora "$DATA/corpora" --vectors runs/vectors/w2v.kv --out "$RUN" --epochs "${EPOCHS:-15}" ${EXTRA:-} \
  | tee -a "$RUN/stdout.log"
cd ..
npm run convert -- "training/$RUN/export" --out "public/models/$MODEL_ID" --quantize uint8 \
  --source "trained by training/run_tagger.sh (see training/README.md)" --card-extra training/tagger-model-card.md
cp "training/$RUN/training-log.csv" "public/models/$MODEL_ID/training-log.csv"
npm run eval -- --model "public/models/$MODEL_ID" --split test --json "training/$RUN/test_scores.json"
