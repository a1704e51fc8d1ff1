#!/usr/bin/env bash
# The multi-corpus tagger (training/README.md, "Every corpus at once"): word vectors over all the unlabelled and
# non-test text, train_multi.py on every corpus of corpora.json (resumes per epoch from runs/multi), conversion
# to the app's model folder, and its scores. Needs Debian's python3 with python3-torch, python3-gensim and
# libopenblas0-pthread, and the repo's npm packages. BUDGET (seconds) ends training in time: the epoch that would
# overrun it is the last, at 1e-4.
set -euo pipefail
cd "$(dirname "$0")"
DATA=${DATA:-../../shared/data}
PY=${PYTHON:-/usr/bin/python3}
MODEL_ID=${MODEL_ID:-bioner-crf}
RUN=${RUN:-runs/multi}
[ -f runs/vectors/w2v.kv ] || $PY -u word_vectors.py --data "$DATA" --out runs/vectors/w2v.kv --epochs 6
mkdir -p "$RUN"
# shellcheck disable=SC2086
$PY -u train_multi.py --data "$DATA" --vectors runs/vectors/w2v.kv --out "$RUN" --epochs "${EPOCHS:-12}" \
  --time-budget "${BUDGET:-0}" ${EXTRA:-} | tee -a "$RUN/stdout.log"
cd ..
npm run convert -- "training/$RUN/export" --out "public/models/$MODEL_ID" --quantize uint8 \
  --source "trained by training/run_multi.sh (see training/README.md)" --card-extra training/tagger-model-card.md
npm run eval -- --model "public/models/$MODEL_ID" --split test --json "training/$RUN/test_scores.json"
