"""Trains the linker's name encoder (src/linking/encoder.ts): a bag of hashed word and character-trigram
features, summed and made unit length, so that names of one concept come out close (SapBERT's objective on
synonyms, with in-batch negatives, on a model small enough to run in plain TypeScript).

    npm run export-encoder-data            # feature buckets of every name: training/runs/encoder/
    /usr/bin/python3 training/train_name_encoder.py --out public/lexicons/encoder.txt.gz

Positives are two names of one concept (MeSH entry terms, and annotated mentions with their concept's
names); a concept with one name is paired with itself under feature dropout. Every other concept in the batch
is a negative; from `--hard-from` on, batches are built of concepts whose names the encoder confuses, so the
negatives are near ones ("Tachycardia" beside "Tachycardia, Supraventricular"). Devel accuracy (nearest name
of the mention's type, its concept among the gold ids) is printed per epoch where the export wrote devel.tsv
(it does not when devel's own annotations are among the names); test is never read.
"""
import argparse
import base64
import gzip
import os
import random
import time
from collections import defaultdict

import numpy as np
import torch
import torch.nn.functional as F


def read_names(path, buckets):
    groups = defaultdict(list)  # (type, concept) -> [feature lists]
    keys = defaultdict(set)
    for line in open(path, encoding="utf8"):
        t, cid, _src, key, feats = line.rstrip("\n").split("\t")
        if not feats:
            continue
        if key in keys[(t, cid)] and _src == "dict":
            continue
        keys[(t, cid)].add(key)
        # Exported modulo a power of two at least `buckets`; the app hashes modulo `buckets` (encoder.ts).
        groups[(t, cid)].append([int(x) % buckets for x in feats.split()])
    return groups


def read_devel(path, buckets):
    out = []
    for line in open(path, encoding="utf8"):
        t, ids, _key, feats = line.rstrip("\n").split("\t")
        if feats:
            out.append((t, set(ids.split("|")), [int(x) % buckets for x in feats.split()]))
    return out


class Encoder(torch.nn.Module):
    def __init__(self, buckets, dims):
        super().__init__()
        self.bag = torch.nn.EmbeddingBag(buckets, dims, mode="sum")
        torch.nn.init.normal_(self.bag.weight, std=0.1)

    def forward(self, feats, dropout=0.0):
        flat, offsets = [], []
        for f in feats:
            if dropout and len(f) > 1:
                kept = [x for x in f if random.random() >= dropout] or [random.choice(f)]
            else:
                kept = f
            offsets.append(len(flat))
            flat.extend(kept)
        x = self.bag(torch.tensor(flat, dtype=torch.long), torch.tensor(offsets, dtype=torch.long))
        return F.normalize(x, dim=-1)


def embed_all(model, feats, batch=8192):
    with torch.no_grad():
        return torch.cat([model(feats[i:i + batch]) for i in range(0, len(feats), batch)])


def evaluate(model, groups, devel):
    """Accuracy of the nearest name's concept, per devel set (names of the mention's type only)."""
    res = {}
    for t, sets in (("Disease", ("Disease", "NCBI")), ("Chemical", ("Chemical",))):
        owners, feats = [], []
        for (gt, cid), fs in groups.items():
            if gt == t:
                owners += [cid] * len(fs)
                feats += fs
        names = embed_all(model, feats)
        for s in sets:
            rows = [d for d in devel if d[0] == s]
            q = embed_all(model, [d[2] for d in rows])
            ok = 0
            for i in range(0, len(rows), 2048):
                best = (q[i:i + 2048] @ names.T).argmax(dim=1).tolist()
                ok += sum(owners[b] in rows[i + j][1] for j, b in enumerate(best))
            res[s] = 100 * ok / max(1, len(rows))
    return res


def hard_batches(model, groups, concepts, batch):
    """Concepts ordered so each is followed by the ones whose names lie nearest its own (per type)."""
    order = []
    for t in ("Disease", "Chemical"):
        cs = [c for c in concepts if c[0] == t]
        # One vector per concept: its names' mean, made unit length.
        with torch.no_grad():
            vecs = F.normalize(torch.stack([embed_all(model, groups[c]).mean(0) for c in cs]), dim=-1)
        seen = set()
        random.shuffle(idx := list(range(len(cs))))
        for i in idx:
            if i in seen:
                continue
            near = (vecs @ vecs[i]).topk(min(16, len(cs))).indices.tolist()
            for j in near:
                if j not in seen:
                    seen.add(j)
                    order.append(cs[j])
    return [order[i:i + batch] for i in range(0, len(order), batch)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="training/runs/encoder")
    ap.add_argument("--buckets", type=int, default=16384)
    ap.add_argument("--dims", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=1024, help="concepts per batch")
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--temperature", type=float, default=0.1)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--hard-from", type=int, default=10, help="first epoch with batches of near concepts (0: never)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="")
    a = ap.parse_args()
    random.seed(a.seed)
    torch.manual_seed(a.seed)
    torch.set_num_threads(2)
    groups = read_names(f"{a.data}/names.tsv", a.buckets)
    devel_path = f"{a.data}/devel.tsv"
    devel = read_devel(devel_path, a.buckets) if os.path.exists(devel_path) else []
    concepts = list(groups)
    print(f"{len(concepts)} concepts, {sum(map(len, groups.values()))} names, {len(devel)} devel mentions", flush=True)
    model = Encoder(a.buckets, a.dims)
    opt = torch.optim.Adagrad(model.parameters(), lr=a.lr)
    for epoch in range(1, a.epochs + 1):
        t0 = time.time()
        if a.hard_from and epoch >= a.hard_from:
            batches = hard_batches(model, groups, concepts, a.batch)
        else:
            random.shuffle(concepts)
            batches = [concepts[i:i + a.batch] for i in range(0, len(concepts), a.batch)]
        total = 0.0
        for b in batches:
            anchors, positives = [], []
            for c in b:
                names = groups[c]
                i = random.randrange(len(names))
                j = random.randrange(len(names) - 1) if len(names) > 1 else i
                if len(names) > 1 and j >= i:
                    j += 1
                anchors.append(names[i])
                positives.append(names[j])
            x = model(anchors, a.dropout)
            y = model(positives, a.dropout)
            logits = x @ y.T / a.temperature
            target = torch.arange(len(b))
            loss = (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        model.eval()
        acc = evaluate(model, groups, devel) if devel else {}
        model.train()
        print(f"epoch {epoch} loss {total / len(batches):.3f}" + (" devel " if acc else "") + " ".join(f"{k} {v:.2f}" for k, v in acc.items()) + f" ({time.time() - t0:.0f} s)", flush=True)
    if a.out:
        w = model.bag.weight.detach().numpy().astype(np.float32)
        scale = np.abs(w).max(axis=1) / 127.0
        scale[scale == 0] = 1.0
        q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)
        body = scale.astype("<f4").tobytes() + q.tobytes()
        text = f"{a.buckets} {a.dims}\n" + base64.b64encode(body).decode("ascii") + "\n"
        with gzip.open(a.out, "wt", compresslevel=9) as f:
            f.write(text)
        print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
