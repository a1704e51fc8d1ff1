"""Exports a train_multi.py run's last checkpoint (the epoch it ended on) for `npm run convert`, as the trainer
exports its best epoch: for choosing an epoch by a measure the trainer does not log (training/README.md).
    python3 export_checkpoint.py --run runs/multi-long [--out runs/multi-long/export-last] [--hidden 200]
A run with a style input (--styles corpus) is exported in the NCBI style, with the offsets of the styles
--own-convention names (the style names are the checkpoint's, or --styles for a checkpoint without them).
A run with dictionary features needs its dictionary file (--dictionary), which the export carries.
"""
import argparse, json, os

import torch

import multi_corpus as mc
from tagger import Tagger
from train_multi import TRAIN
from train_tagger import export


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--out")
    ap.add_argument("--hidden", type=int, default=200)
    ap.add_argument("--style-dim", type=int, default=10)
    ap.add_argument("--styles", default="", help="the run's style names, comma-separated, in id order (its log's first export)")
    ap.add_argument("--own-convention", default="")
    ap.add_argument("--dictionary", help="the run's dictionary file (train_multi.py --dictionary), if it had one")
    args = ap.parse_args()
    words, chars = json.load(open(os.path.join(args.run, "vocab.json"), encoding="utf-8"))
    st = torch.load(os.path.join(args.run, "checkpoint.pt"))
    style_names = st.get("styles") or list(filter(None, args.styles.split(",")))
    n_styles = st["model"]["style.weight"].shape[0] if "style.weight" in st["model"] else 0
    if n_styles and len(style_names) != n_styles:
        raise SystemExit(f"the checkpoint has {n_styles} styles: give their names with --styles")
    dict_w = st["model"].get("dict.weight")
    if (dict_w is not None) != bool(args.dictionary):
        raise SystemExit("give --dictionary exactly when the run was trained with one")
    model = Tagger(len(words), len(chars), mc.LABELS, hidden=args.hidden, n_styles=n_styles,
                   style_dim=args.style_dim if n_styles else 0,
                   dict_types=dict_w.shape[0] // 3 if dict_w is not None else 0,
                   dict_dim=dict_w.shape[1] if dict_w is not None else 0)
    model.load_state_dict(st["model"])
    model.eval()
    offsets = {c: style_names.index(c) for c in filter(None, args.own_convention.split(","))}
    out = args.out or os.path.join(args.run, f"export-epoch{st['epoch']}")
    export(model, words, chars, out, {"epoch": st["epoch"], "trainCorpora": TRAIN, "geneConvention": "NCBI",
                                      **({"styles": style_names, "exportedStyle": style_names[0]} if n_styles else {})},
           style_offsets=offsets, dictionary=args.dictionary)
    print(f"epoch {st['epoch']} exported to {out}")


if __name__ == "__main__":
    main()
