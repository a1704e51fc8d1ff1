"""Scores a style run of train_multi.py (--styles corpus) on each corpus's split twice: with the NCBI style the
app's export folds in, and with the corpus's own style input. It reports what the style input learnt (how far a
corpus's convention differs from NCBI's), not a choice: the app only ever tags in the NCBI style.

    python3 score_styles.py --run runs/multi-style [--split test] [--corpora BC2GM,BC5CDR]
"""
import argparse, json, os

import torch

import multi_corpus as mc
from tagger import Tagger
from train_tagger import Encoder, collate
from train_multi import examples_of, score

HERE = os.path.dirname(os.path.abspath(__file__))


def predict(model, examples, style, batch=128):
    model.eval()
    order = sorted(range(len(examples)), key=lambda j: len(examples[j][0]))
    preds = [None] * len(examples)
    with torch.no_grad():
        for i in range(0, len(order), batch):
            members = order[i : i + batch]
            words, chars, cas, lengths, mask, _ = collate(examples, members, len(mc.LABELS))
            st = torch.full((len(members),), style, dtype=torch.long)
            em = model.emissions(words, chars, cas, lengths, st)
            for j, p in zip(members, model.crf.viterbi(em, mask)):
                preds[j] = p
    return preds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default=os.path.join(HERE, "runs", "multi-style"))
    ap.add_argument("--data", default=mc.DEFAULT_DATA)
    ap.add_argument("--split", default="test")
    ap.add_argument("--corpora", default="", help="comma-separated names (default: every corpus with a style of its own)")
    ap.add_argument("--style-dim", type=int, default=10)
    args = ap.parse_args()
    info = json.load(open(os.path.join(args.run, "export", "tagger.json"), encoding="utf-8"))
    styles = info["styles"]
    words, chars = info["words"], info["chars"]
    model = Tagger(len(words), len(chars), mc.LABELS, hidden=info["hidden"], n_styles=len(styles), style_dim=args.style_dim)
    model.load_state_dict(torch.load(os.path.join(args.run, "checkpoint.pt"))["model"])
    enc = Encoder(words, chars)
    wanted = set(filter(None, args.corpora.split(","))) or set(styles[1:])
    print(f"| corpus | type | F1, NCBI style (the app's) | F1, the corpus's own style | sentences |")
    print("| --- | --- | ---: | ---: | ---: |")
    for spec in mc.CORPORA:
        if spec.name not in wanted:
            continue
        sents = mc.load_split(spec, args.split, args.data)
        if not sents:
            continue
        ex = [(w, c, k, None) for w, c, k, _ in examples_of(sents, enc)]
        own = styles.index(spec.name) if spec.name in styles else 0
        a = score(sents, predict(model, ex, 0))
        b = score(sents, predict(model, ex, own))
        for key in sorted(a):
            print(f"| {key[0]} | {key[1]} | {a[key][2]:.2f} | {b[key][2]:.2f} | {len(sents)} |", flush=True)


if __name__ == "__main__":
    main()
