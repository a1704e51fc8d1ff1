"""A new output layer and CRF for the NCBI style of a shipped multi-corpus tagger, fitted on the frozen network
to the corpora that define that style. In training the output layer is shared by every corpus's style (a style
only shifts the BiLSTM's input), so it is a compromise among all conventions; fitted again on the NCBI-style
corpora alone (train_multi.NCBI_STYLE: BC5CDR, NCBI-disease, NLM-Gene, GNormPlus, S800; their train splits,
and the devel splits the network trained on), it serves the convention the app tags in.
    python3 fit_ncbi_head.py --model ../public/models/bioner-multi --out runs/ncbi-head
Scored after every epoch as the trainer scores (train_multi.py: the first 600 devel sentences of every corpus,
the macro average per type over the corpora whose devel is held out); the best epoch, if it beats the shipped
head, is written as ncbi-head.json ({out, outBias, crf}). Tried once (training/README.md, try 11): no epoch beat
the shipped head, so nothing converts such a file into a model yet.
"""
import argparse, json, os, random, time

import torch

import multi_corpus as mc
from browser_tagger import load_browser_tagger
from fit_style_head import features, head_state, pad, viterbi_paths
from train_multi import NCBI_STYLE, examples_of, held_out_and_devel, macro, score
from train_tagger import Encoder, batches

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(HERE, "..", "public", "models", "bioner-multi"))
    ap.add_argument("--data", default=mc.DEFAULT_DATA)
    ap.add_argument("--out", default=os.path.join(HERE, "runs", "ncbi-head"))
    ap.add_argument("--corpora", default=",".join(sorted(NCBI_STYLE)), help="the corpora the head is fitted to")
    ap.add_argument("--devel-in-training", default="BC5CDR,NCBI-disease,BC2GM",
                    help="as the shipped network was trained (train_multi.py): their devel is trained on, not scored")
    ap.add_argument("--macro-skip", default="GSCplus-HPO")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()

    model, words, chars, meta = load_browser_tagger(args.model)
    dictionary = os.path.join(args.model, meta["dictionary"]["file"]) if meta.get("dictionary") else None
    trained_devel = set(filter(None, args.devel_in_training.split(",")))
    fit_on = set(filter(None, args.corpora.split(",")))
    held, devel = held_out_and_devel(args.data, trained_devel)
    train = []
    for spec in mc.CORPORA:
        if spec.name not in fit_on:
            continue
        splits = ["train", "devel"] if spec.name in trained_devel else ["train"]
        train += [s for sp in splits for s in mc.load_split(spec, sp, args.data)]
    train = mc.merge([s for s in train if mc.text_key(s.text) not in held])
    enc = Encoder(words, chars)
    tr_ex, dv_ex = examples_of(train, enc, dictionary), examples_of(devel, enc, dictionary)
    print(f"{len(train)} training sentences of {sorted(fit_on)}, {len(devel)} devel sentences; {time.time() - t0:.0f} s", flush=True)
    tr_f, dv_f = features(model, tr_ex), features(model, dv_ex)
    print(f"BiLSTM features: {time.time() - t0:.0f} s", flush=True)

    skip = trained_devel | set(filter(None, args.macro_skip.split(",")))

    def evaluate():
        scores = score(devel, viterbi_paths(model.out, model.crf, dv_f))
        m, per_type = macro({k: v for k, v in scores.items() if k[0].split("+")[0] not in skip})
        return m, per_type, scores

    m, per_type, scores = evaluate()
    print(f"shipped head: devel macro {m:.2f} (" + ", ".join(f"{t} {f:.2f}" for t, f in sorted(per_type.items())) + ")", flush=True)
    log = [{"epoch": 0, "macro": round(m, 2), "perType": {t: round(v, 2) for t, v in per_type.items()},
            "devel": {f"{c}/{t}": round(v[2], 2) for (c, t), v in scores.items()}}]
    best = (m, 0)
    for q in model.parameters():
        q.requires_grad_(False)
    params = list(model.out.parameters()) + list(model.crf.parameters())
    for q in params:
        q.requires_grad_(True)
    opt = torch.optim.Adam(params, lr=args.lr)
    allowed = [e[3] for e in tr_ex]
    lengths = [len(e[0]) for e in tr_ex]
    for epoch in range(1, args.epochs + 1):
        total, n = 0.0, 0
        for members in batches(len(tr_f), lengths, args.batch, rng):
            x, mask, al = pad(tr_f, allowed, members)
            loss = model.crf.partial_nll(model.out(x), mask, al).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            n += 1
        m, per_type, scores = evaluate()
        print(f"epoch {epoch}: loss {total / n:.3f}; devel macro {m:.2f} (" + ", ".join(f"{t} {f:.2f}" for t, f in sorted(per_type.items()))
              + f"); {time.time() - t0:.0f} s", flush=True)
        for key in ("NLM-Gene", "GNormPlus", "S800", "DrugProt"):
            print("    " + ", ".join(f"{c}/{t} {v[2]:.2f}" for (c, t), v in sorted(scores.items()) if c.split("+")[0] == key), flush=True)
        log.append({"epoch": epoch, "loss": round(total / n, 4), "macro": round(m, 2), "perType": {t: round(v, 2) for t, v in per_type.items()},
                    "devel": {f"{c}/{t}": round(v[2], 2) for (c, t), v in scores.items()}})
        if m > best[0]:
            best = (m, epoch)
            json.dump({"epoch": epoch, "develMacro": round(m, 2), "corpora": sorted(fit_on), **head_state(model)},
                      open(os.path.join(args.out, "ncbi-head.json"), "w"))
    json.dump(log, open(os.path.join(args.out, "log.json"), "w"))
    print(f"best epoch {best[1]} (devel macro {best[0]:.2f}; 0 is the shipped head)", flush=True)


if __name__ == "__main__":
    main()
