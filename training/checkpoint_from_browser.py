"""A checkpoint train_multi.py can start from (`--init-from DIR`), rebuilt from a converted multi-corpus tagger
(public/models/<id>), for a machine that has none of the runs' checkpoints (they are never committed).
    python3 checkpoint_from_browser.py --model ../public/models/bioner-multi --out runs/from-shipped
    python3 train_multi.py --init-from runs/from-shipped --out runs/next --styles corpus ... --dictionary FILE
What comes back exactly (up to the uint8 weights): the network as the app runs it, the NCBI style folded into
the BiLSTM's input bias. The casing table factors back into the casing embedding and one embedding per
(dictionary type, state), since the export built each row as the casing class's embedding beside the sum of its
pattern's (type, state) embeddings. What is lost: the other corpora's style embeddings (folded away at export);
train_multi.py starts every style's columns at zero, so a resumed run relearns them (an epoch at 1e-3 first, as
try 2 did), and BC2GM's head is fitted again after (fit_style_head.py).
"""
import argparse, json, os

import torch

from browser_tagger import load_browser_tagger
from tagger_data import CASINGS


def factor_casing_table(table, n_types, casing_dim):
    """[classes * 3**types, casing_dim + dict_dim] -> casing [classes, casing_dim], dict [3 * types, dict_dim]
    (row 3t + state), and the largest difference between the table and what the two rebuild."""
    n = 3 ** n_types
    classes = table.shape[0] // n
    casing = table.view(classes, n, -1)[:, :, :casing_dim].mean(1)
    e = table.view(classes, n, -1)[:, :, casing_dim:].mean(0)  # [patterns, dict_dim]
    idx = torch.tensor([[(p // 3 ** t) % 3 + 3 * t for t in range(n_types)] for p in range(n)])
    # each pattern's row is the sum of its (type, state) rows: least squares over all patterns spreads the uint8
    # rounding of the table instead of taking it from a few rows (the solution is one of many: any gives the sums)
    a = torch.zeros(n, 3 * n_types, dtype=torch.float64)
    a.scatter_(1, idx, 1.0)
    d = torch.linalg.pinv(a) @ e.double()
    d = d.float()
    rebuilt = torch.cat([casing.repeat_interleave(n, 0), d[idx].sum(1).repeat(classes, 1)], 1)
    return casing, d, (rebuilt - table).abs().max().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "models", "bioner-multi"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--casing-dim", type=int, default=10, help="the casing embedding's share of the casing table's columns")
    args = ap.parse_args()
    model, words, chars, meta = load_browser_tagger(args.model)
    state = {k: v for k, v in model.state_dict().items() if not k.endswith("_pen")}
    if meta.get("dictionary"):
        n_types = len(meta["dictionary"]["types"])
        casing, d, err = factor_casing_table(state["casing.weight"], n_types, args.casing_dim)
        if casing.shape[0] != len(CASINGS):
            raise SystemExit(f"the casing table has {casing.shape[0]} classes, the trainer {len(CASINGS)}")
        state["casing.weight"], state["dict.weight"] = casing, d
        print(f"casing table factored: {tuple(casing.shape)} casing, {tuple(d.shape)} dictionary; largest difference {err:.4f}")
    os.makedirs(args.out, exist_ok=True)
    torch.save({"model": state, "epoch": 0, "source": os.path.abspath(args.model)}, os.path.join(args.out, "checkpoint.pt"))
    json.dump([words, chars], open(os.path.join(args.out, "vocab.json"), "w", encoding="utf-8"), ensure_ascii=False)
    print(f"{args.out}: checkpoint.pt and vocab.json ({len(words)} words, {len(chars)} characters)")


if __name__ == "__main__":
    main()
