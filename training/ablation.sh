#!/usr/bin/env bash
# Does training on the union of partially annotated corpora hurt any type? Fine-tunes the same pretrained
# encoder for the same number of epochs (1) on the union with the partial-label loss, (2) on the union with a
# naive loss (every O is O), (3) on each corpus alone, and prints devel F1 per type. Results: runs/ablation/.
# ENCODER (default runs/pretrain), EPOCHS (default 3), THREADS as in run.sh.
set -euo pipefail
cd "$(dirname "$0")"
CORPORA=${CORPORA:-../../shared/data/corpora}
VOCAB=${VOCAB:-../../shared/data/vocab/bioformer-cased-vocab.txt}
PY=${PYTHON:-/usr/bin/python3}
ENCODER=${ENCODER:-runs/pretrain}
EPOCHS=${EPOCHS:-3}
run() {  # name, then finetune.py arguments
  local name=$1; shift
  mkdir -p "runs/ablation/$name"
  [ -f "runs/ablation/$name/export/devel_scores.json" ] && return
  $PY -u finetune.py --corpora "$CORPORA" --vocab "$VOCAB" --pretrained "$ENCODER" --epochs "$EPOCHS" \
    --threads "${THREADS:-1}" --lr "${FINETUNE_LR:-3e-4}" --decoding viterbi --final-eval-only \
    --out "runs/ablation/$name" --export "runs/ablation/$name/export" "$@" | tee -a "runs/ablation/$name/stdout.log"
}
run union-partial --o-loss partial
run union-naive --o-loss naive
run BC5CDR-only --train-corpora BC5CDR-IOB
run NCBI-only --train-corpora NCBI-disease-IOB
run BC2GM-only --train-corpora BC2GM-IOB
$PY - <<'PY'
import json, os
sets = ["BC5CDR-Chemical", "BC5CDR-Disease", "NCBI-disease", "BC2GM"]
print("| training | " + " | ".join(sets) + " |")
print("| --- |" + " ---: |" * len(sets))
for name in ["union-partial", "union-naive", "BC5CDR-only", "NCBI-only", "BC2GM-only"]:
    s = json.load(open(f"runs/ablation/{name}/export/devel_scores.json"))
    print(f"| {name} | " + " | ".join(f"{s[k]['f1']:.2f}" for k in sets) + " |")
PY
