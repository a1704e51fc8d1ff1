#!/usr/bin/env bash
# The lexicon that devel is scored with: the app's lexicon (npm run build-lexicon) holds the mention→id pairs
# of the train and devel splits, and its name encoder learnt from them; this one holds train's only, with an
# encoder trained the same way on them. About two minutes on two cores.
#
#   training/build-train-only-lexicon.sh [OUT]      # default training/runs/lexicon-train
#   npm run eval-linking -- --split devel --lexicon training/runs/lexicon-train
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-training/runs/lexicon-train}"
data="${DATA:-../shared/data}"
rm -rf "$out" "$out.encoder-data"
npm run -s build-lexicon -- --data "$data" --out "$out" --pairs-from train
npm run -s export-encoder-data -- --data "$data" --lexicon "$out" --out "$out.encoder-data"
/usr/bin/python3 training/train_name_encoder.py --data "$out.encoder-data" --out "$out/encoder.txt.gz"
# Again, so that the manifest lists the encoder.
npm run -s build-lexicon -- --data "$data" --out "$out" --pairs-from train
