"""The trainer's own scores (PyTorch, float32) of an exported tagger on a split, to check the browser path
(`npm run eval`, uint8, tfjs) against: they must agree within 0.5 F1.
    python3 training/eval_tagger.py [--export training/runs/tagger-base/export] [--split test] [--json FILE]
"""
import argparse, json, os
import torch
from corpora import CORPUS_TYPES
from tagger import load_exported
from tagger_data import read_corpus
from train_tagger import HERE, TRAIN_CORPORA, Encoder, evaluate, make_examples

ap = argparse.ArgumentParser()
ap.add_argument("--export", default=os.path.join(HERE, "runs", "tagger-base", "export"))
ap.add_argument("--corpora", default=os.path.join(HERE, "..", "..", "shared", "data", "corpora"))
ap.add_argument("--split", default="test")
ap.add_argument("--json")
args = ap.parse_args()
torch.set_num_threads(1)
model = load_exported(args.export)
info = json.load(open(os.path.join(args.export, "tagger.json"), encoding="utf-8"))
enc = Encoder(info["words"], info["chars"])
data = {}
for c in TRAIN_CORPORA:
    d = read_corpus(args.corpora, c, args.split, CORPUS_TYPES[c])
    data[c] = (d, make_examples(d, enc, None))
scores = evaluate(model, data)
for k, (p, r, f) in scores.items():
    print(f"{k}: P {p:.2f} R {r:.2f} F1 {f:.2f}")
if args.json:
    with open(args.json, "w") as f:
        json.dump({k: {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f1, 2)} for k, (p, r, f1) in scores.items()}, f, indent=2)
