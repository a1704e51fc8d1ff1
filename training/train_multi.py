"""Train the BiLSTM-CRF tagger on every corpus at once (multi_corpus.py), with the partial-label CRF loss, and
score devel of every (corpus, type) after every epoch; the epoch with the best macro-average devel F1 is
exported for `npm run convert -- --kind tagger`. Resumes per epoch from its checkpoint.

Each epoch draws a sample of every corpus group (corpora sharing text are one group after merging): all
sentences of the groups in FULL, and at most --cap of every other group, so that the big corpora do not drown
the small ones and an epoch fits the two CPU cores (training/README.md has the sizes and the choice).
"""
import argparse, csv, json, os, random, time
from collections import defaultdict

import torch

import dictionary_features
import multi_corpus as mc
from corpus_readers import read_pubtator
from decode import decode_words, prf
from tagger import Tagger
from tagger_data import clip_chars, word_key
from train_tagger import Encoder, batches, collate, export, init_word_vectors, predict
from vectors import load_vectors

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = [c.name for c in mc.CORPORA]
# every epoch sees these whole (the sets the app is held to, and the NCBI-style ones); the rest are sampled
FULL = {"BC5CDR", "NCBI-disease", "NLM-Gene", "GNormPlus", "S800"}
# The output convention: chemicals and diseases as BC5CDR and NCBI-disease mark them, genes as NCBI's gene
# corpora, species as S800 (with --styles corpus these share style 0, which the export folds in)
NCBI_STYLE = {"BC5CDR", "NCBI-disease", "NLM-Gene", "GNormPlus", "S800", "silver"}
DEVEL_CAP = 600  # devel sentences scored per corpus after an epoch (the first ones, the same every epoch)


def build_vocab(sentences, kv, min_vec_count, max_vec_words):
    words, seen = ["<pad>", "<unk>"], {"<pad>", "<unk>"}
    for w in kv.index_to_key[:max_vec_words]:
        if kv.count(w) >= min_vec_count and w not in seen:
            words.append(w)
            seen.add(w)
    counts = defaultdict(int)
    chars = defaultdict(int)
    for s in sentences:
        for _, _, w in s.words:
            counts[word_key(w)] += 1
            for c in w:
                chars[c] += 1
    for w, n in sorted(counts.items(), key=lambda x: -x[1]):
        if w not in seen and n >= 3:
            words.append(w)
            seen.add(w)
    return words, ["<pad>", "<unk>"] + [c for c, n in sorted(chars.items(), key=lambda x: -x[1]) if n >= 2]


def examples_of(sentences, enc, dictionary=None):
    """With a dictionary, each casing id carries the word's dictionary pattern (class * 3**types + pattern)."""
    words = [[x[2] for x in s.words] for s in sentences]
    pats = dictionary_features.patterns(words, dictionary) if dictionary else None
    n = dictionary_features.STATES ** len(dictionary_features.types()) if dictionary else 0
    out = []
    for i, s in enumerate(sentences):
        w, c, k = enc.encode(words[i])
        if pats is not None:
            k = [x * n + p for x, p in zip(k, pats[i])]
        out.append((w, c, k, [list(a) for a in s.allowed]))
    return out


def score(sentences, preds):
    """{(corpus, type): (p, r, f)} exact spans of the types each sentence's corpus annotates."""
    counts = defaultdict(lambda: [0, 0, 0])
    for s, p in zip(sentences, preds):
        pred = set(decode_words([(a, b) for a, b, _ in s.words], p))
        gold = set(s.gold)
        for t in s.annotates:
            c = counts[(s.corpus, t)]
            ps, gs = {x for x in pred if x[0] == t}, {x for x in gold if x[0] == t}
            c[0] += len(ps & gs)
            c[1] += len(ps - gs)
            c[2] += len(gs - ps)
    return {k: prf(*v) for k, v in counts.items()}


def macro(scores):
    by_type = defaultdict(list)
    for (_, t), (_, _, f) in scores.items():
        by_type[t].append(f)
    per_type = {t: sum(v) / len(v) for t, v in by_type.items()}
    return sum(per_type.values()) / len(per_type), per_type


def held_out_and_devel(data, trained_devel):
    """The text keys no training sentence may have (every test split, and the devel splits not trained on), and
    the devel sentences scored after an epoch (the first DEVEL_CAP of every corpus)."""
    held, devel = set(), []
    for spec in mc.CORPORA:
        test = mc.load_split(spec, "test", data)
        dev = mc.load_split(spec, "devel", data)
        held.update(mc.text_key(s.text) for s in test)
        if spec.name not in trained_devel:
            held.update(mc.text_key(s.text) for s in dev)
        devel += dev[:DEVEL_CAP]
    held.discard("")
    return held, devel


def init_from_state(model, src):
    """Another run's weights (a state dict) into `model`: tensors of the same shape as they are; the BiLSTM's input
    columns by what they read (word, characters, casing, then a dictionary's, then a style's), where the
    source lacks the dictionary or the style the model has, those columns start at zero, so the network starts
    from the source's output."""
    own = model.state_dict()
    base = model.config["word_dim"] + model.config["char_filters"] + model.config["casing_dim"]
    src_dict = src["dict.weight"].shape[1] if "dict.weight" in src else 0
    own_dict = model.dict.weight.shape[1] if model.dict is not None else 0
    for k, v in src.items():
        if k in own and own[k].shape == v.shape:
            own[k] = v
        elif k.startswith("lstm.weight_ih") and own[k].shape[0] == v.shape[0] and own[k].shape[1] > v.shape[1]:
            src_style = v.shape[1] - base - src_dict
            w = torch.zeros_like(own[k])
            w[:, :base] = v[:, :base]
            if src_dict and own_dict == src_dict:
                w[:, base:base + own_dict] = v[:, base:base + src_dict]
            if src_style > 0 and model.style is not None:
                w[:, -src_style:] = v[:, -src_style:]
            own[k] = w
    model.load_state_dict(own)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=mc.DEFAULT_DATA)
    ap.add_argument("--vectors", default=os.path.join(HERE, "runs", "vectors", "w2v.kv"))
    ap.add_argument("--out", default=os.path.join(HERE, "runs", "multi"))
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--hidden", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--word-drop", type=float, default=0.02)
    ap.add_argument("--min-vec-count", type=int, default=5)
    ap.add_argument("--max-vec-words", type=int, default=40000, help="most frequent vector words kept")
    ap.add_argument("--cap", type=int, default=2000, help="sentences drawn per epoch from a group not in FULL")
    ap.add_argument("--devel-in-training", default="BC5CDR,NCBI-disease,BC2GM",
                    help="corpora whose devel split is trained on too (their devel scores are then not held out)")
    ap.add_argument("--decay-at", type=int, default=0)
    ap.add_argument("--decay-lr", type=float, default=1e-4)
    ap.add_argument("--time-budget", type=float, default=0, help="seconds; the epoch that would overrun is the last")
    ap.add_argument("--styles", choices=["none", "corpus"], default="none",
                    help="corpus: each corpus's annotation convention as an input (NCBI-style corpora share style 0, "
                    "the one the export folds in and the app runs)")
    ap.add_argument("--style-dim", type=int, default=10)
    ap.add_argument("--init-from", help="start from another run's last checkpoint (its folder; same vocabulary): "
                    "its weights, a style input's columns at zero, so training starts from that network's output")
    ap.add_argument("--own-convention", default="",
                    help="comma-separated corpora whose gene spans are taught as annotated, under their own style "
                    "(needs --styles corpus); the export carries each one's style as a bias offset (npm run eval "
                    "scores BC2GM with it)")
    ap.add_argument("--macro-skip", default="GSCplus-HPO",
                    help="comma-separated corpora left out of the devel macro that picks the epoch (GSC+ came after "
                    "the first runs, which were scored without it: training/README.md, try 2)")
    ap.add_argument("--full", default="", help="comma-separated corpora every epoch sees whole, besides FULL")
    ap.add_argument("--repeat", default="", help="comma-separated CORPUS=N: a group holding that corpus is drawn N "
                    "times an epoch (a weight for the sets the targets are measured on)")
    ap.add_argument("--dictionary", help="dictionary features from this file (npm run build-dictionary), computed by "
                    "the app's code; the export carries the file")
    ap.add_argument("--dict-dim", type=int, default=10, help="dimensions of the dictionary embedding")
    ap.add_argument("--silver", default="", help="comma-separated PubTator files of unlabelled text labelled by the app "
                    "(silver_input.py, then npm run tag): self-training, one more group in the NCBI style that "
                    "annotates every type; a sentence whose text is in any gold corpus is dropped")
    ap.add_argument("--silver-cap", type=int, default=10000, help="silver sentences drawn per epoch")
    ap.add_argument("--silver-types", default=",".join(mc.TYPES),
                    help="the types the silver annotates; the others are left open there, as for a corpus that "
                    "does not annotate them (training/README.md, try 13)")
    ap.add_argument("--silver-leaves-open", action="store_true",
                    help="mask the silver's unlabelled occurrences of every corpus's leavesOpen names (corpora.json): "
                    "its teacher learnt them as O from those corpora, so its O there is no evidence (try 23)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t_start = time.time()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    trained_devel = set(filter(None, args.devel_in_training.split(",")))
    own_convention = set(filter(None, args.own_convention.split(",")))
    if own_convention and args.styles != "corpus":
        ap.error("--own-convention needs --styles corpus")
    unknown = set(filter(None, args.silver_types.split(","))) - set(mc.TYPES)
    if unknown:
        ap.error(f"--silver-types: no such type {', '.join(sorted(unknown))} (types: {', '.join(mc.TYPES)})")
    full = FULL | set(filter(None, args.full.split(",")))
    repeat = {k: int(v) for k, v in (r.split("=") for r in filter(None, args.repeat.split(",")))}
    held, devel = held_out_and_devel(args.data, trained_devel)
    train = []
    for spec in mc.CORPORA:
        splits = ["train", "devel"] if spec.name in trained_devel else ["train"]
        train += [s for sp in splits for s in mc.load_split(spec, sp, args.data, spec.name in own_convention)]
    n_before = len(train)
    train = mc.merge([s for s in train if mc.text_key(s.text) not in held])
    if args.silver:
        gold_keys = held | {mc.text_key(s.text) for s in train}
        types = tuple(t for t in mc.TYPES if t in args.silver_types.split(","))
        open_names = tuple(sorted({n for c in mc.CORPORA for n in c.leaves_open})) if args.silver_leaves_open else ()
        spec = mc.CorpusSpec("silver", types, {t: t for t in types}, {}, open_names)
        silver = [s for path in args.silver.split(",") for d in read_pubtator(path) for s in mc.doc_sentences(d, spec)]
        silver = mc.merge([s for s in silver if mc.text_key(s.text) not in gold_keys])
        print(f"{len(silver)} silver sentences of new text", flush=True)
        train += silver
    groups = defaultdict(list)
    for i, s in enumerate(train):
        groups[s.corpus].append(i)
    print(f"{n_before} training sentences, {len(train)} after dropping held-out text and merging; "
          f"{len(devel)} devel sentences; {time.time() - t_start:.0f} s", flush=True)
    for g, idx in sorted(groups.items(), key=lambda x: -len(x[1])):
        print(f"  {g}: {len(idx)}", flush=True)

    # Starting from another run's weights, its vocabulary and word embeddings replace the vectors': a machine
    # without runs/vectors (checkpoint_from_browser.py's case) need not train them again.
    kv = None if args.init_from and not os.path.exists(args.vectors) else load_vectors(args.vectors)
    vocab_path = os.path.join(args.out, "vocab.json")
    if args.init_from and not os.path.exists(vocab_path):
        vocab_path = os.path.join(args.init_from, "vocab.json")
    if os.path.exists(vocab_path):
        words, chars = json.load(open(vocab_path, encoding="utf-8"))
    else:
        words, chars = build_vocab(train, kv, args.min_vec_count, args.max_vec_words)
        json.dump([words, chars], open(vocab_path, "w", encoding="utf-8"), ensure_ascii=False)
    vocab_out = os.path.join(args.out, "vocab.json")
    if not os.path.exists(vocab_out):
        json.dump([words, chars], open(vocab_out, "w", encoding="utf-8"), ensure_ascii=False)
    enc = Encoder(words, chars)
    print(f"{len(words)} words, {len(chars)} characters", flush=True)
    t_dict = time.time()
    examples = examples_of(train, enc, args.dictionary)
    dev_examples = [(w, c, k, None) for w, c, k, _ in examples_of(devel, enc, args.dictionary)]
    if args.dictionary:
        print(f"dictionary features of {len(train) + len(devel)} sentences: {time.time() - t_dict:.0f} s", flush=True)
    lengths = [len(e[0]) for e in examples]

    # Style ids: 0 for a sentence of any NCBI-style corpus (the output convention), else one per corpus.
    style_names = ["NCBI"] + sorted({g.split("+")[0] for g in groups if not any(c in NCBI_STYLE for c in g.split("+"))})
    style_of = [0 if any(c in NCBI_STYLE for c in s.corpus.split("+")) else style_names.index(s.corpus.split("+")[0])
                for s in train]
    n_styles = len(style_names) if args.styles == "corpus" else 0
    offsets = {c: style_names.index(c) for c in sorted(own_convention)}
    model = Tagger(len(words), len(chars), mc.LABELS, hidden=args.hidden, dropout=args.dropout,
                   n_styles=n_styles, style_dim=args.style_dim if n_styles else 0,
                   dict_types=len(dictionary_features.types()) if args.dictionary else 0, dict_dim=args.dict_dim)
    if kv is not None:
        init_word_vectors(model, words, kv)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    ckpt = os.path.join(args.out, "checkpoint.pt")
    start_epoch, best = 0, (-1.0, None)
    if args.init_from and not os.path.exists(ckpt):
        init_from_state(model, torch.load(os.path.join(args.init_from, "checkpoint.pt"))["model"])
        print(f"weights from {args.init_from}", flush=True)
    if os.path.exists(ckpt):
        st = torch.load(ckpt)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        start_epoch, best = st["epoch"], tuple(st["best"])
        rng.setstate(st["rng"])
        print(f"resumed after epoch {start_epoch}", flush=True)
    log_path = os.path.join(args.out, "training-log.jsonl")

    epoch_secs = []
    for epoch in range(start_epoch, args.epochs):
        lr = args.decay_lr if args.decay_at and epoch + 1 >= args.decay_at else args.lr
        last = epoch + 1 == args.epochs
        if args.time_budget and epoch_secs and time.time() - t_start + 2 * max(epoch_secs) > args.time_budget:
            lr, last = args.decay_lr, True
        for g in opt.param_groups:
            g["lr"] = lr
        sample = []
        for g, idx in groups.items():
            whole = any(c in full for c in g.split("+"))
            times = max([repeat.get(c, 1) for c in g.split("+")])
            cap = args.silver_cap if g == "silver" else args.cap
            for _ in range(times):
                sample += idx if whole or len(idx) <= cap else rng.sample(idx, cap)
        ex = [examples[i] for i in sample]
        lens = [lengths[i] for i in sample]
        ex_styles = [style_of[i] for i in sample]
        model.train()
        t0, total, n = time.time(), 0.0, 0
        for members in batches(len(ex), lens, args.batch, rng):
            w, c, k, ln, mask, allowed = collate(ex, members, len(mc.LABELS), args.word_drop, rng)
            st = torch.tensor([ex_styles[j] for j in members]) if n_styles else None
            em = model.emissions(w, c, k, ln, st)
            loss = model.crf.partial_nll(em, mask, allowed).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
            n += 1
            if n % 200 == 0:
                print(f"  epoch {epoch + 1}: {n} batches, loss {total / n:.3f}, {time.time() - t0:.0f} s", flush=True)
        secs = time.time() - t0
        scores = score(devel, predict(model, dev_examples))
        epoch_secs.append(time.time() - t0)
        skip = trained_devel | set(filter(None, args.macro_skip.split(",")))
        m, per_type = macro({k: v for k, v in scores.items() if k[0].split("+")[0] not in skip})
        print(f"epoch {epoch + 1} (lr {lr:g}): loss {total / n:.3f}, {len(sample)} sentences, {secs:.0f} s; held-out "
              f"devel macro F1 {m:.2f} (" + ", ".join(f"{t} {f:.2f}" for t, f in sorted(per_type.items())) + ")", flush=True)
        for (c, t), (p, r, f) in sorted(scores.items()):
            print(f"    {c} {t}: P {p:.2f} R {r:.2f} F1 {f:.2f}", flush=True)
        with open(log_path, "a") as f:
            f.write(json.dumps({"epoch": epoch + 1, "lr": lr, "loss": round(total / n, 4), "seconds": round(secs),
                                "macro": round(m, 2), "perType": {t: round(v, 2) for t, v in per_type.items()},
                                "devel": {f"{c}/{t}": round(v[2], 2) for (c, t), v in scores.items()}}) + "\n")
        if m > best[0]:
            best = (m, epoch + 1)
            export(model, words, chars, os.path.join(args.out, "export"),
                   {"epoch": epoch + 1, "develMacro": round(m, 2), "trainCorpora": TRAIN, "geneConvention": "NCBI",
                    "develInTraining": sorted(trained_devel),
                    **({"styles": style_names, "exportedStyle": style_names[0]} if n_styles else {})},
                   style_offsets=offsets, dictionary=args.dictionary)
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "epoch": epoch + 1, "best": list(best),
                    "rng": rng.getstate(), "styles": style_names if n_styles else []}, ckpt)
        if last:
            break
    print(f"best epoch {best[1]} (macro {best[0]:.2f})", flush=True)


if __name__ == "__main__":
    main()
