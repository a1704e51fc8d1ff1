#!/usr/bin/env bash
# Tagger training on a lent GPU machine (one call of the device tool, ~9 minutes), and its preparation here.
#   training/gpu_run.sh prepare        # here: vectors as .npz, LM sentences, the three corpora -> runs/gpu-data
#   training/gpu_run.sh run OUTDIR     # there (carry training/runs/gpu-data): every run below, packed into OUTDIR
#   training/gpu_run.sh unpack DIR     # here: the returned files -> runs/gpu/<run>/export (float32 again)
# The runs, in parallel on the one GPU, each planning its epochs to end by the deadline (--time-budget):
#   base-train   the shipped recipe on the train splits (devel picks its best epoch)
#   base-trdev   its twin on train + devel from scratch, same budget (the candidate to ship)
#   base-short   the recipe with the shorter budget the LM-initialised runs get (their fair comparison)
#   idcnn-train  the ID-CNN encoder on the train splits (the issue's speed comparison)
#   lm           pretrain_lm.py: the encoder as a bidirectional LM on all non-test text, then
#   lm-train, lm-trdev   the tagger from that encoder, on train and on train + devel
set -uo pipefail
cd "$(dirname "$0")"
G=${G:-runs/gpu-data}
PY=${PYTHON:-python3}
if [ "${1:-}" = prepare ]; then
  DATA=${DATA:-../../shared/data}
  mkdir -p $G/corpora
  for c in BC5CDR-IOB NCBI-disease-IOB BC2GM-IOB; do
    mkdir -p $G/corpora/$c && cp "$DATA/corpora/$c/train.tsv" "$DATA/corpora/$c/devel.tsv" $G/corpora/$c/
  done
  [ -f $G/vectors.npz ] || /usr/bin/python3 vectors.py runs/vectors/w2v.kv $G/vectors.npz 3
  [ -f $G/lm-sentences.txt.gz ] || /usr/bin/python3 -c "import pretrain_lm as p; print(p.write_sentences('$DATA', '$G/lm-sentences.txt.gz'), 'sentences')"
  du -sh $G/*
  exit 0
fi
if [ "${1:-}" = unpack ]; then  # here: the files the call brought back (folder $2) -> runs/gpu/<run>/export, float32
  for f in "${2:?folder of the returned files}"/*.tar.gz; do
    n=$(basename "$f" .tar.gz)
    if [ "$n" = logs ]; then mkdir -p runs/gpu/logs && tar -xzf "$f" -C runs/gpu/logs; continue; fi
    mkdir -p runs/gpu/$n/export && tar -xzf "$f" -C runs/gpu/$n/export
    /usr/bin/python3 -c "import sys, numpy as np, safetensors_io as s; t = s.load(sys.argv[1]); s.save({k: v.astype(np.float32) if v.dtype == np.float16 else v for k, v in t.items()}, sys.argv[2])" \
      runs/gpu/$n/export/tagger.f16.safetensors runs/gpu/$n/export/tagger.safetensors
  done
  exit 0
fi
OUT=${2:?output folder}
BUDGET=${BUDGET:-480}   # seconds from now until every run has ended
LM_BUDGET=${LM_BUDGET:-100}
R=${R:-runs/gpu}
mkdir -p $R "$OUT"
T0=$(date +%s)
left() { echo $((BUDGET - ($(date +%s) - T0))); }
common="--corpora $G/corpora --vectors $G/vectors.npz --threads 2"
bilstm="--epochs 16 --decay-at 16"  # at most 16 epochs (devel was still rising at 11 on the CPU), the last at 1e-4
train() {  # name budget extra-options...
  local name=$1 budget=$2; shift 2
  mkdir -p $R/$name
  PYTHONUNBUFFERED=1 $PY train_tagger.py $common --out $R/$name --time-budget "$budget" "$@" \
    > $R/$name/stdout.log 2>&1
}
nvidia-smi --query-gpu=name,memory.total --format=csv > $R/gpu.txt 2>&1
train base-train "$BUDGET" $bilstm &
train base-trdev "$BUDGET" $bilstm --train-devel &
train idcnn-train "$BUDGET" --epochs 30 --decay-at 30 --encoder idcnn &
( PYTHONUNBUFFERED=1 $PY pretrain_lm.py --corpora $G/corpora --sentences $G/lm-sentences.txt.gz \
    --vectors $G/vectors.npz --out $R/lm --time-budget "$LM_BUDGET" > $R/lm-stdout.log 2>&1
  b=$(left)
  echo "$b" > $R/lm-runs-budget.txt
  train base-short "$b" $bilstm &
  train lm-train "$b" $bilstm --lm-init $R/lm &
  train lm-trdev "$b" $bilstm --lm-init $R/lm --train-devel &
  wait ) &
wait
# Exports back as float16 (half the bytes; the converter quantises to uint8 anyway) and every log.
for name in base-train base-trdev lm-train lm-trdev idcnn-train; do
  e=$R/$name/export
  [ -f $e/tagger.safetensors ] || continue
  $PY -c "import sys, numpy as np, safetensors_io as s; t = s.load(sys.argv[1]); s.save({k: v.astype(np.float16) if v.dtype == np.float32 else v for k, v in t.items()}, sys.argv[2])" \
    $e/tagger.safetensors $e/tagger.f16.safetensors
  tar -czf "$OUT/$name.tar.gz" -C $e tagger.json tagger.f16.safetensors
done
tar -czf "$OUT/logs.tar.gz" $R/gpu.txt $R/*.log $R/*.txt $R/*/stdout.log $R/*/training-log.csv $R/lm/lm-log.csv 2>/dev/null
ls -la "$OUT"
for f in $R/*/stdout.log $R/lm-stdout.log; do echo "== $f"; tail -n 4 "$f"; done
