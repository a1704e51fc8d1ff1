#!/usr/bin/env bash
# The multi-corpus tagger (training/README.md, "Every corpus at once"): word vectors over all the unlabelled and
# non-test text, train_multi.py on every corpus of corpora.json (resumes per epoch from $RUN), conversion
# to the app's model folder, and its scores. Needs Debian's python3 with python3-torch, python3-gensim and
# libopenblas0-pthread, and the repo's npm packages. BUDGET (seconds) ends training in time: the epoch that would
# overrun it is the last, at 1e-4.
#
# The shipped bioner-multi took two calls (README, "Try 3"): 4 epochs in runs/multi, then its checkpoint
# continued for 3 more, the last at 1e-4, exported as it ended (LAST=1: export_checkpoint.py; the trainer's own
# export keeps the best logged epoch, whose measure counts GSC+ and the run's first epochs did not):
#   EPOCHS=4 EXTRA="--decay-at 4" training/run_multi.sh
#   CONTINUE_FROM=runs/multi RUN=runs/multi-long EPOCHS=7 EXTRA="--decay-at 7" LAST=1 training/run_multi.sh
# DICTIONARY=1 adds dictionary features (train_multi.py --dictionary): the dictionary is built first from the
# app's lexicons (npm run build-dictionary) unless runs/dictionary/dictionary.bin is there.
set -euo pipefail
cd "$(dirname "$0")"
DATA=${DATA:-../../shared/data}
PY=${PYTHON:-/usr/bin/python3}
MODEL_ID=${MODEL_ID:-bioner-multi}
RUN=${RUN:-runs/multi}
[ -f runs/vectors/w2v.kv ] || $PY -u word_vectors.py --data "$DATA" --out runs/vectors/w2v.kv --epochs 6
mkdir -p "$RUN"
DICT_ARGS=""
if [ -n "${DICTIONARY:-}" ]; then
  [ -f runs/dictionary/dictionary.bin ] || (cd .. && npm run build-dictionary)
  DICT_ARGS="--dictionary runs/dictionary/dictionary.bin"
fi
if [ -n "${CONTINUE_FROM:-}" ] && [ ! -f "$RUN/checkpoint.pt" ]; then
  cp "$CONTINUE_FROM/checkpoint.pt" "$CONTINUE_FROM/vocab.json" "$CONTINUE_FROM/training-log.jsonl" "$RUN/"
fi
# shellcheck disable=SC2086
$PY -u train_multi.py --data "$DATA" --vectors runs/vectors/w2v.kv --out "$RUN" --epochs "${EPOCHS:-12}" \
  --time-budget "${BUDGET:-0}" $DICT_ARGS ${EXTRA:-} | tee -a "$RUN/stdout.log"
EXPORT="$RUN/export"
if [ -n "${LAST:-}" ]; then
  EXPORT="$RUN/export-last"
  # shellcheck disable=SC2086
  $PY -u export_checkpoint.py --run "$RUN" --out "$EXPORT" ${OWN_CONVENTION:+--own-convention "$OWN_CONVENTION"} $DICT_ARGS
fi
cd ..
npm run convert -- "training/$EXPORT" --out "public/models/$MODEL_ID" --quantize uint8 \
  --source "trained by training/run_multi.sh (see training/README.md)" --card-extra training/multi-model-card.md
npm run eval -- --model "public/models/$MODEL_ID" --split test --json "training/$RUN/test_scores.json"
