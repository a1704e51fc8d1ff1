"""A per-style output layer for a shipped multi-corpus tagger: the network as it ships (public/models/<id>,
read by browser_tagger.py), run in a corpus's style (its `styles[name]` bias offset), with a new output layer
and CRF fitted to that corpus's own spans on its train split while everything below stays frozen. A 10-d style
input only shifts the BiLSTM's input; the output layer gives the convention room of its own (BC2GM's "SRD5A2
gene", its families and complexes) without touching the NCBI-style network the app runs.
    python3 fit_style_head.py --model ../public/models/bioner-multi --style BC2GM --out runs/style-head-bc2gm
Devel F1 (the corpus's own spans) after every epoch; the best epoch is written as style-head.json
({style, out [hidden*2][labels], outBias, crf}), which `npm run convert -- --style-head FILE` adds to the model
(TaggerMetadata.styleHeads). The devel split of BC2GM is in the shipped network's training data, so its figure
is not held out: it chooses among heads, the test split (npm run eval) is the figure to report.
"""
import argparse, json, os, random, time

import torch
from torch import nn

import multi_corpus as mc
from browser_tagger import interleave_directions, load_browser_tagger, style_bias
from decode import decode_words, prf
from train_tagger import Encoder, batches, collate
from train_multi import examples_of

HERE = os.path.dirname(os.path.abspath(__file__))


@torch.no_grad()
def features(model, examples, batch=128):
    """The BiLSTM's output per sentence ([T, 2H], no dropout): what the output layer reads."""
    model.eval()
    out = [None] * len(examples)
    order = sorted(range(len(examples)), key=lambda j: len(examples[j][0]))
    saved = model.out
    model.out = nn.Identity()
    try:
        for i in range(0, len(order), batch):
            members = order[i:i + batch]
            w, c, k, ln, mask, _ = collate(examples, members, len(mc.LABELS))
            h = model.emissions(w, c, k, ln)
            for r, j in enumerate(members):
                out[j] = h[r, :ln[r]].clone()
    finally:
        model.out = saved
    return out


def pad(feats, allowed, members):
    t = max(feats[j].shape[0] for j in members)
    d = feats[members[0]].shape[1]
    x = torch.zeros(len(members), t, d)
    mask = torch.zeros(len(members), t, dtype=torch.bool)
    al = torch.zeros(len(members), t, len(mc.LABELS), dtype=torch.bool)
    for r, j in enumerate(members):
        n = feats[j].shape[0]
        x[r, :n] = feats[j]
        mask[r, :n] = True
        if allowed is not None:
            for i, a in enumerate(allowed[j]):
                al[r, i, a] = True
    return x, mask, al


@torch.no_grad()
def viterbi_paths(head, crf, feats):
    """Each sentence's best label path under an output layer and CRF, from its BiLSTM features."""
    paths = [None] * len(feats)
    order = sorted(range(len(feats)), key=lambda j: feats[j].shape[0])
    for i in range(0, len(order), 256):
        members = order[i:i + 256]
        x, mask, _ = pad(feats, None, members)
        for j, p in zip(members, crf.viterbi(head(x), mask)):
            paths[j] = p
    return paths


def devel_f1(head, crf, feats, sentences):
    tp = fp = fn = 0
    for s, p in zip(sentences, viterbi_paths(head, crf, feats)):
        pred = {x for x in decode_words([(a, b) for a, b, _ in s.words], p) if x[0] == "Gene"}
        gold = {g for g in s.gold if g[0] == "Gene"}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    return prf(tp, fp, fn)


def devel_scores(model, feats, examples, sentences):
    """Gene (p, r, f) on devel: from cached BiLSTM features when given, else running the network."""
    return devel_f1(model.out, model.crf, features(model, examples) if feats is None else feats, sentences)


def head_state(model):
    """The output layer and CRF as style-head.json and ncbi-head.json hold them (`out` [2H][labels]; the CRF's
    scores with their fixed IOB2 penalties, as TaggerMetadata.crf)."""
    crf = model.crf
    return {"out": model.out.weight.detach().T.tolist(), "outBias": model.out.bias.detach().tolist(),
            "crf": {"transitions": (crf.trans + crf.trans_pen).detach().tolist(),
                    "start": (crf.start + crf.start_pen).detach().tolist(), "end": crf.end.detach().tolist()}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(HERE, "..", "public", "models", "bioner-multi"))
    ap.add_argument("--style", default="BC2GM")
    ap.add_argument("--corpus", default="BC2GM")
    ap.add_argument("--data", default=mc.DEFAULT_DATA)
    ap.add_argument("--out", default=os.path.join(HERE, "runs", "style-head-bc2gm"))
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--crf", choices=["fixed", "fit"], default="fit", help="fit the style's own CRF scores, or keep the shipped ones")
    ap.add_argument("--tune-offset", action="store_true", help="learn the style's BiLSTM input-bias offset too "
                    "(backpropagated through the frozen BiLSTM, with the network's training dropout), not only the head")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()

    model, words, chars, meta = load_browser_tagger(args.model)
    h = meta["hidden"]
    shipped = (model.lstm.bias_ih_l0.detach().clone(), model.lstm.bias_ih_l0_reverse.detach().clone())
    fwd, bwd = style_bias(meta, args.style, h)
    with torch.no_grad():
        model.lstm.bias_ih_l0 += fwd
        model.lstm.bias_ih_l0_reverse += bwd
    dictionary = os.path.join(args.model, meta["dictionary"]["file"]) if meta.get("dictionary") else None
    spec = mc.BY_NAME[args.corpus]
    train = mc.load_split(spec, "train", args.data, own_gene_spans=True)
    devel = mc.load_split(spec, "devel", args.data, own_gene_spans=True)
    enc = Encoder(words, chars)
    tr_ex, dv_ex = examples_of(train, enc, dictionary), examples_of(devel, enc, dictionary)
    print(f"{len(train)} train, {len(devel)} devel sentences encoded, {time.time() - t0:.0f} s", flush=True)
    tr_f = dv_f = None
    if not args.tune_offset:
        tr_f, dv_f = features(model, tr_ex), features(model, dv_ex)
        print(f"BiLSTM features: {time.time() - t0:.0f} s", flush=True)

    p, r, f = devel_scores(model, dv_f, dv_ex, devel)
    print(f"shipped head in the {args.style} style: devel P {p:.2f} R {r:.2f} F1 {f:.2f}", flush=True)
    best = (f, 0)
    for q in model.parameters():
        q.requires_grad_(False)
    params = list(model.out.parameters()) + (list(model.crf.parameters()) if args.crf == "fit" else [])
    if args.tune_offset:
        params += [model.lstm.bias_ih_l0, model.lstm.bias_ih_l0_reverse]
    for q in params:
        q.requires_grad_(True)
    opt = torch.optim.Adam(params, lr=args.lr)
    allowed = [e[3] for e in tr_ex]
    lengths = [len(e[0]) for e in tr_ex]
    log = []
    for epoch in range(1, args.epochs + 1):
        total, n = 0.0, 0
        model.train()
        for members in batches(len(tr_ex), lengths, args.batch, rng):
            if args.tune_offset:
                w, c, k, ln, mask, al = collate(tr_ex, members, len(mc.LABELS))
                em = model.emissions(w, c, k, ln)
            else:
                x, mask, al = pad(tr_f, allowed, members)
                em = model.out(x)
            loss = model.crf.partial_nll(em, mask, al).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            n += 1
        p, r, f = devel_scores(model, dv_f, dv_ex, devel)
        print(f"epoch {epoch}: loss {total / n:.3f}; devel P {p:.2f} R {r:.2f} F1 {f:.2f}; {time.time() - t0:.0f} s", flush=True)
        log.append({"epoch": epoch, "loss": round(total / n, 4), "devel": [round(p, 2), round(r, 2), round(f, 2)]})
        if f > best[0]:
            best = (f, epoch)
            offset = interleave_directions(model.lstm.bias_ih_l0.detach() - shipped[0], model.lstm.bias_ih_l0_reverse.detach() - shipped[1], h)
            json.dump({"style": args.style, "corpus": args.corpus, "epoch": epoch, "develF1": round(f, 2),
                       "offset": offset.tolist(), **head_state(model),
                       "settings": {k: v for k, v in vars(args).items() if k not in ("data", "out", "model")}},
                      open(os.path.join(args.out, "style-head.json"), "w"))
    json.dump(log, open(os.path.join(args.out, "log.json"), "w"))
    print(f"best epoch {best[1]} (devel F1 {best[0]:.2f})", flush=True)


if __name__ == "__main__":
    main()
