"""Tune, on devel, a score offset per entity type added to the tagger's emission scores for that type's B- and I-
labels (a recall/precision trade-off the partial-label training leaves uncalibrated), and write a copy of the
export with the offsets folded into the output layer's bias, so the app needs nothing new:
    python3 training/tune_bias.py --export training/runs/tagger-base/export --out training/runs/tagger-base/export-tuned
Emission scores of devel are computed once; each candidate offset only re-runs Viterbi and the scoring.
"""
import argparse, json, os, shutil
import torch
from corpora import CORPUS_TYPES, LABELS
from tagger import load_exported
from tagger_data import read_corpus
from train_tagger import HERE, TRAIN_CORPORA, Encoder, collate, make_examples, score_corpus
import safetensors_io

ap = argparse.ArgumentParser()
ap.add_argument("--export", default=os.path.join(HERE, "runs", "tagger-base", "export"))
ap.add_argument("--out", default=os.path.join(HERE, "runs", "tagger-base", "export-tuned"))
ap.add_argument("--corpora", default=os.path.join(HERE, "..", "..", "shared", "data", "corpora"))
ap.add_argument("--offsets", default="-0.5,0,0.5,1,1.5,2")
args = ap.parse_args()
torch.set_num_threads(1)
model = load_exported(args.export)
info = json.load(open(os.path.join(args.export, "tagger.json"), encoding="utf-8"))
enc = Encoder(info["words"], info["chars"])

cached = {}  # corpus -> (data, [(emissions [T, N], offsets)])
with torch.no_grad():
    for c in TRAIN_CORPORA:
        data = read_corpus(args.corpora, c, "devel", CORPUS_TYPES[c])
        ex = make_examples(data, enc, None)
        ems = [None] * len(ex)
        order = sorted(range(len(ex)), key=lambda j: len(ex[j][0]))
        for i in range(0, len(order), 128):
            members = order[i:i + 128]
            w, ch, k, lens, mask, _ = collate(ex, members, len(LABELS))
            em = model.emissions(w, ch, k, lens)
            for r, j in enumerate(members):
                ems[j] = em[r, : lens[r]]
        cached[c] = (data, ems)


def scores(offset):
    """Devel F1 per eval set with `offset` [N] added to every word's emission scores."""
    out = {}
    with torch.no_grad():
        for c, (data, ems) in cached.items():
            preds = [None] * len(ems)
            order = sorted(range(len(ems)), key=lambda j: len(ems[j]))
            for i in range(0, len(order), 256):
                members = order[i:i + 256]
                T = max(len(ems[j]) for j in members)
                em = torch.zeros(len(members), T, len(LABELS))
                mask = torch.zeros(len(members), T, dtype=torch.bool)
                for r, j in enumerate(members):
                    em[r, : len(ems[j])] = ems[j] + offset
                    mask[r, : len(ems[j])] = True
                for j, p in zip(members, model.crf.viterbi(em, mask)):
                    preds[j] = p
            out.update({k: f for k, (_, _, f) in score_corpus(c, data, preds).items()})
    return out


def offset_vector(per_type):
    v = torch.zeros(len(LABELS))
    for t, d in per_type.items():
        v[LABELS.index("B-" + t)] += d
        v[LABELS.index("I-" + t)] += d
    return v


base = scores(offset_vector({}))
print("no offset:", {k: round(v, 2) for k, v in base.items()}, flush=True)
chosen = {}
for t, keys in [("Chemical", ["BC5CDR-Chemical"]), ("Disease", ["BC5CDR-Disease", "NCBI-disease"]), ("Gene", ["BC2GM"])]:
    best = (sum(base[k] for k in keys), 0.0)
    for d in [float(x) for x in args.offsets.split(",")]:
        if d == 0:
            continue
        s = scores(offset_vector({**chosen, t: d}))
        print(f"{t} {d:+g}:", {k: round(s[k], 2) for k in keys}, flush=True)
        best = max(best, (sum(s[k] for k in keys), d))
    chosen[t] = best[1]
final = scores(offset_vector(chosen))
print("chosen offsets:", chosen, "devel F1:", {k: round(v, 2) for k, v in final.items()}, flush=True)

shutil.copytree(args.export, args.out, dirs_exist_ok=True)
t = safetensors_io.load(os.path.join(args.export, "tagger.safetensors"))
t["out.bias"] = t["out.bias"] + offset_vector(chosen).numpy()
safetensors_io.save(t, os.path.join(args.out, "tagger.safetensors"))
meta = json.load(open(os.path.join(args.out, "tagger.json"), encoding="utf-8"))
meta["typeOffsets"] = chosen
meta["devel"] = {k: round(v, 2) for k, v in final.items()}
json.dump(meta, open(os.path.join(args.out, "tagger.json"), "w", encoding="utf-8"), ensure_ascii=False)
print("wrote", args.out)
