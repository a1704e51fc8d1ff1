#!/usr/bin/env bash
# Does training on the union of partially annotated corpora hurt any type? Fine-tunes the same pretrained
# encoder for the same number of epochs (1) on the union with the partial-label loss, (2) on the union with a
# naive loss (every O is O), (3) on each corpus alone for the same epochs, (4) on each corpus alone for about
# the same number of steps as the union (more epochs: a single corpus is smaller), and prints devel F1 per
# type; (5) on each corpus alone for FULL_EPOCHS (default 12, the shipped schedule), to set against the union's
# devel scores from finetune.py with the same encoder. Results: runs/ablation/. ENCODER (default
# runs/pretrain), EPOCHS (default 2), THREADS as in run.sh; ONLY="name ..." runs just those.
set -euo pipefail
cd "$(dirname "$0")"
CORPORA=${CORPORA:-../../shared/data/corpora}
VOCAB=${VOCAB:-../../shared/data/vocab/bioformer-cased-vocab.txt}
PY=${PYTHON:-/usr/bin/python3}
ENCODER=${ENCODER:-runs/pretrain}
EPOCHS=${EPOCHS:-2}
FULL_EPOCHS=${FULL_EPOCHS:-12}
names=()  # every run, in order, for the table
run() {  # name, epochs, then finetune.py arguments
  local name=$1 epochs=$2; shift 2
  names+=("$name")
  [ -f "runs/ablation/$name/export/devel_scores.json" ] && return
  [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]] && return
  mkdir -p "runs/ablation/$name"
  $PY -u finetune.py --corpora "$CORPORA" --vocab "$VOCAB" --pretrained "$ENCODER" --epochs "$epochs" \
    --threads "${THREADS:-1}" --lr "${FINETUNE_LR:-3e-4}" --decoding viterbi --final-eval-only \
    --out "runs/ablation/$name" --export "runs/ablation/$name/export" "$@" | tee -a "runs/ablation/$name/stdout.log"
}
run union-partial "$EPOCHS" --o-loss partial
run union-naive "$EPOCHS" --o-loss naive
run BC5CDR-only "$EPOCHS" --train-corpora BC5CDR-IOB
run NCBI-only "$EPOCHS" --train-corpora NCBI-disease-IOB
run BC2GM-only "$EPOCHS" --train-corpora BC2GM-IOB
# The union has 705 steps per epoch of 32 sentences; BC5CDR 143, NCBI-disease 170, BC2GM 393.
run BC5CDR-only-same-steps $((EPOCHS * 5)) --train-corpora BC5CDR-IOB
run NCBI-only-same-steps $((EPOCHS * 4)) --train-corpora NCBI-disease-IOB
run BC2GM-only-same-steps $((EPOCHS * 2)) --train-corpora BC2GM-IOB
run BC5CDR-only-full "$FULL_EPOCHS" --train-corpora BC5CDR-IOB
run NCBI-only-full "$FULL_EPOCHS" --train-corpora NCBI-disease-IOB
run BC2GM-only-full "$FULL_EPOCHS" --train-corpora BC2GM-IOB
$PY - "${names[@]}" <<'PY'
import json, os, sys
sets = ["BC5CDR-Chemical", "BC5CDR-Disease", "NCBI-disease", "BC2GM"]
print("| training | " + " | ".join(sets) + " |")
print("| --- |" + " ---: |" * len(sets))
for name in sys.argv[1:]:
    path = f"runs/ablation/{name}/export/devel_scores.json"
    if not os.path.exists(path):
        print(f"| {name} | " + " | ".join("not run" for k in sets) + " |")
        continue
    s = json.load(open(path))
    print(f"| {name} | " + " | ".join(f"{s[k]['f1']:.2f}" for k in sets) + " |")
PY
