"""Train the BiLSTM-CRF tagger on the union of the corpora with the partial-label CRF loss, score devel after
every epoch, keep the best epoch (sum of the four devel F1) and export it for `npm run convert -- --kind tagger`:
`tagger.safetensors` (float32 weights) and `tagger.json` (vocabularies, labels, sizes). Resumes per epoch."""
import argparse, csv, json, os, random, shutil, time
import numpy as np
import torch
from collections import Counter

from corpora import LABELS, CORPUS_TYPES, EVAL_SETS, allowed_for_o, gold_spans
from decode import decode_words, prf
from tagger import Tagger, export_config, folded_state, style_bias_offset
import dictionary_features
from tagger_data import CASINGS, MAX_WORD_CHARS, PAD, UNK, casing, clip_chars, read_corpus, word_key
import safetensors_io
from vectors import load_vectors

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN_CORPORA = ["BC5CDR-IOB", "NCBI-disease-IOB", "BC2GM-IOB"]
GENE_EXTRA = ["BioNLP09-IOB", "BioNLP11EPI-IOB", "BioNLP11ID-IOB", "BioNLP13GE-IOB", "Ex-PTM-IOB"]


def build_vocab(train_sets, vectors, min_vec_count):
    words = ["<pad>", "<unk>"]
    seen = set(words)
    for w in vectors.index_to_key:
        if vectors.count(w) >= min_vec_count and w not in seen:
            words.append(w)
            seen.add(w)
    counts = Counter(word_key(w) for data in train_sets for s in data for w in s[0])
    for w, _ in counts.most_common():
        if w not in seen:
            words.append(w)
            seen.add(w)
    chars = Counter(c for data in train_sets for s in data for w in s[0] for c in w)
    return words, ["<pad>", "<unk>"] + [c for c, n in chars.most_common() if n >= 2]


class Encoder:
    def __init__(self, words, chars):
        self.wi = {w: i for i, w in enumerate(words)}
        self.ci = {c: i for i, c in enumerate(chars)}

    def encode(self, words):
        return ([self.wi.get(word_key(w), UNK) for w in words],
                [[self.ci.get(c, UNK) for c in clip_chars(w)] for w in words],
                [casing(w) for w in words])


def init_word_vectors(model, words, kv):
    """Every vocabulary word that has a vector starts its embedding from it."""
    with torch.no_grad():
        hits = 0
        for i, w in enumerate(words):
            if w in kv.key_to_index:
                model.word.weight[i] = torch.from_numpy(kv[w])
                hits += 1
    print(f"{hits} of {len(words)} words start from their vector", flush=True)


def make_examples(data, enc, o_allowed):
    out = []
    for words, labels, *_ in data:
        w, c, k = enc.encode(words)
        allowed = [o_allowed if l is None else [l] for l in labels]
        out.append((w, c, k, allowed))
    return out


def collate(examples, members, n_labels, word_drop=0.0, rng=None):
    b = len(members)
    t = max(len(examples[j][0]) for j in members)
    c = max(len(x) for j in members for x in examples[j][1])
    words = torch.zeros(b, t, dtype=torch.long)
    chars = torch.zeros(b, t, c, dtype=torch.long)
    cas = torch.zeros(b, t, dtype=torch.long)
    allowed = torch.zeros(b, t, n_labels, dtype=torch.bool)
    lengths = torch.zeros(b, dtype=torch.long)
    for r, j in enumerate(members):
        w, ch, k, al = examples[j]
        n = len(w)
        lengths[r] = n
        ws = [UNK if word_drop and rng.random() < word_drop else x for x in w]
        words[r, :n] = torch.tensor(ws)
        cas[r, :n] = torch.tensor(k)
        for i, cc in enumerate(ch):
            chars[r, i, : len(cc)] = torch.tensor(cc)
        if al is not None:
            for i, a in enumerate(al):
                allowed[r, i, a] = True
    mask = torch.arange(t).unsqueeze(0) < lengths.unsqueeze(1)
    return words, chars, cas, lengths, mask, allowed


def batches(n_items, lengths, batch, rng):
    idx = list(range(n_items))
    rng.shuffle(idx)
    pool = batch * 50
    out = []
    for i in range(0, len(idx), pool):
        chunk = sorted(idx[i : i + pool], key=lambda j: lengths[j])
        out += [chunk[k : k + batch] for k in range(0, len(chunk), batch)]
    rng.shuffle(out)
    return out


@torch.no_grad()
def predict(model, examples, batch=128):
    model.eval()
    order = sorted(range(len(examples)), key=lambda j: len(examples[j][0]))
    preds = [None] * len(examples)
    for i in range(0, len(order), batch):
        members = order[i : i + batch]
        dev = next(model.parameters()).device
        words, chars, cas, lengths, mask, _ = (x.to(dev) for x in collate(examples, members, len(LABELS)))
        em = model.emissions(words, chars, cas, lengths)
        for j, p in zip(members, model.crf.viterbi(em, mask)):
            preds[j] = p
    return preds


def score_corpus(corpus, data, preds):
    """Entity-level exact (p, r, f) per eval-set key of `corpus`, for label-id predictions of its sentences."""
    type_map = CORPUS_TYPES[corpus]
    counts = {}
    for (words, labels, offs, tokens, tags), p in zip(data, preds):
        pred = set(decode_words(offs, p))
        gold = set(gold_spans(tokens, tags, type_map))
        for t in set(type_map.values()):
            c = counts.setdefault(t, [0, 0, 0])
            ps, gs = {s for s in pred if s[0] == t}, {s for s in gold if s[0] == t}
            c[0] += len(ps & gs)
            c[1] += len(ps - gs)
            c[2] += len(gs - ps)
    return {key: prf(*counts[t]) for c2, t, key in EVAL_SETS if c2 == corpus}


def evaluate(model, dev):
    """dev: {corpus: (data, examples)} -> {key: (p, r, f)}"""
    scores = {}
    for corpus, (data, ex) in dev.items():
        scores.update(score_corpus(corpus, data, predict(model, ex)))
    return scores


def export(model, words, chars, out_dir, info, style_id=0, style_offsets=None, dictionary=None):
    """The weights (a style input folded in for `style_id`, tagger.folded_state) and tagger.json. Each
    `style_offsets` name -> style id adds `style.<name>.bias_ih_l0` and `..._reverse`: what the BiLSTM's input
    biases gain when that style replaces `style_id` (tagger.style_bias_offset), listed in tagger.json's
    `styleOffsets`."""
    os.makedirs(out_dir, exist_ok=True)
    tensors = {k: v.cpu().numpy().astype(np.float32) for k, v in folded_state(model, style_id).items()
               if not k.endswith("_pen")}
    for name, sid in (style_offsets or {}).items():
        for sfx, off in zip(("", "_reverse"), style_bias_offset(model, sid, style_id)):
            tensors[f"style.{name}.bias_ih_l0{sfx}"] = off.cpu().numpy().astype(np.float32)
    if style_offsets:
        info = {**info, "styleOffsets": sorted(style_offsets)}
    if dictionary:
        # the features were computed from this file: it travels with the weights (npm run convert copies it)
        target = os.path.join(out_dir, "dictionary.bin")
        if os.path.abspath(dictionary) != os.path.abspath(target):
            shutil.copyfile(dictionary, target)
        info = {**info, "dictionary": {"types": dictionary_features.types()}}
    tensors["crf.transitions"] = model.crf.transitions().detach().cpu().numpy().astype(np.float32)
    tensors["crf.start_scores"] = model.crf.start_scores().detach().cpu().numpy().astype(np.float32)
    del tensors["crf.trans"], tensors["crf.start"]
    safetensors_io.save(tensors, os.path.join(out_dir, "tagger.safetensors"))
    with open(os.path.join(out_dir, "tagger.json"), "w", encoding="utf-8") as f:
        config = export_config(model)
        json.dump({"labels": LABELS, "casings": CASINGS, "maxWordChars": MAX_WORD_CHARS, **config,
                   "words": words, "chars": chars, **info}, f, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default=os.path.join(HERE, "..", "..", "shared", "data", "corpora"))
    ap.add_argument("--vectors", default=os.path.join(HERE, "runs", "vectors", "w2v.kv"))
    ap.add_argument("--out", default=os.path.join(HERE, "runs", "tagger"))
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--hidden", type=int, default=200, help="LSTM units each way, or ID-CNN filters")
    ap.add_argument("--encoder", choices=["bilstm", "idcnn"], default="bilstm")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--word-drop", type=float, default=0.02, help="chance a training word is read as <unk>")
    ap.add_argument("--min-vec-count", type=int, default=3, help="vectors of rarer words are left out")
    ap.add_argument("--gene-extra", action="store_true", help="add the BioNLP/Ex-PTM protein corpora as Gene data")
    ap.add_argument("--train-devel", action="store_true", help="train on train + devel (the final model)")
    ap.add_argument("--no-vectors", action="store_true", help="random word embeddings (ablation)")
    ap.add_argument("--naive-o", action="store_true", help="every O is O (ablation of the partial-label loss)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--init", help="continue another run (its folder) from its best epoch: its vocabulary, weights "
                    "and optimizer state, for --epochs more epochs (used to continue on train + devel)")
    ap.add_argument("--decay-at", type=int, default=0, help="from this epoch on (1-based) train with --decay-lr")
    ap.add_argument("--decay-lr", type=float, default=1e-4)
    ap.add_argument("--time-budget", type=float, default=0, help="seconds: when the next epoch would not fit, "
                    "the one starting is the last and runs at --decay-lr (for a machine lent for minutes)")
    ap.add_argument("--lm-init", help="start from a language model pretrain_lm.py wrote (its folder): its "
                    "vocabulary and its embedding, character CNN, casing and BiLSTM weights")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = ap.parse_args()
    t_start = time.time()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    corpora = TRAIN_CORPORA + (GENE_EXTRA if args.gene_extra else [])
    splits = ["train", "devel"] if args.train_devel else ["train"]
    train = {c: [s for sp in splits for s in read_corpus(args.corpora, c, sp, CORPUS_TYPES[c])] for c in corpora}
    kv = load_vectors(args.vectors)
    lm = torch.load(os.path.join(args.lm_init, "lm.pt"), map_location="cpu") if args.lm_init else None
    if lm:
        words, chars = lm["words"], lm["chars"]
    elif args.init:
        prior = json.load(open(os.path.join(args.init, "export", "tagger.json"), encoding="utf-8"))
        words, chars = prior["words"], prior["chars"]
    else:
        words, chars = build_vocab(train.values(), kv, args.min_vec_count)
    enc = Encoder(words, chars)
    print(f"{len(words)} words, {len(chars)} characters", flush=True)

    examples = []
    for c, data in train.items():
        o_allowed = [0] if args.naive_o else allowed_for_o(set(CORPUS_TYPES[c].values()))
        examples += make_examples(data, enc, o_allowed)
    lengths = [len(e[0]) for e in examples]
    dev = {}
    for c in TRAIN_CORPORA:
        data = read_corpus(args.corpora, c, "devel", CORPUS_TYPES[c])
        dev[c] = (data, make_examples(data, enc, None))

    model = Tagger(len(words), len(chars), LABELS, hidden=args.hidden, dropout=args.dropout, encoder=args.encoder)
    if not args.no_vectors:
        init_word_vectors(model, words, kv)
    if lm:
        model.load_state_dict(lm["encoder"], strict=False)
        print(f"encoder from the language model in {args.lm_init}: " + ", ".join(sorted({k.split('.')[0] for k in lm['encoder']})), flush=True)
    model.to(args.device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    ckpt = os.path.join(args.out, "checkpoint.pt")
    start_epoch, best = 0, (-1.0, None)
    if not os.path.exists(ckpt) and args.init:
        st = torch.load(os.path.join(args.init, "best.pt"), map_location=args.device)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        start_epoch = st["epoch"]
        args.epochs += start_epoch  # with --init, --epochs counts the epochs added
        print(f"continuing {args.init} after its epoch {start_epoch}", flush=True)
    elif os.path.exists(ckpt):
        st = torch.load(ckpt, map_location=args.device)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        start_epoch, best = st["epoch"], tuple(st["best"])
        rng.setstate(st["rng"])
        print(f"resumed after epoch {start_epoch}", flush=True)
    log_path = os.path.join(args.out, "training-log.csv")
    keys = [k for _, _, k in EVAL_SETS]
    if not os.path.exists(log_path):
        with open(log_path, "w") as f:
            csv.writer(f).writerow(["epoch", "loss", "seconds"] + keys)

    epoch_secs = []
    for epoch in range(start_epoch, args.epochs):
        lr = args.decay_lr if args.decay_at and epoch + 1 >= args.decay_at else args.lr
        last = False
        if args.time_budget and epoch_secs:
            # The epoch after this one would not fit: this one is the last, at the decayed rate.
            if time.time() - t_start + 2 * max(epoch_secs) > args.time_budget:
                lr, last = args.decay_lr, True
        for g in opt.param_groups:
            g["lr"] = lr
        model.train()
        t0, total, n = time.time(), 0.0, 0
        for members in batches(len(examples), lengths, args.batch, rng):
            words_t, chars_t, cas, lens, mask, allowed = (
                x.to(args.device) for x in collate(examples, members, len(LABELS), args.word_drop, rng))
            em = model.emissions(words_t, chars_t, cas, lens)
            loss = model.crf.partial_nll(em, mask, allowed).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
            n += 1
            if args.time_budget and time.time() - t_start > args.time_budget:
                last = True  # out of time in mid-epoch: score and export what there is, and stop
                print(f"epoch {epoch + 1} cut by the time budget after {n} batches", flush=True)
                break
        secs = time.time() - t0
        scores = evaluate(model, dev)
        epoch_secs.append(time.time() - t0)
        f1s = [scores[k][2] for k in keys]
        print(f"epoch {epoch + 1} (lr {lr:g}): loss {total / n:.3f}, {secs:.0f} s, devel F1 " +
              " / ".join(f"{k} {f:.2f}" for k, f in zip(keys, f1s)), flush=True)
        with open(log_path, "a") as f:
            csv.writer(f).writerow([epoch + 1, f"{total / n:.4f}", f"{secs:.0f}"] + [f"{x:.2f}" for x in f1s])
        if sum(f1s) > best[0] or args.train_devel:
            best = (sum(f1s), epoch + 1)
            export(model, words, chars, os.path.join(args.out, "export"),
                   {"epoch": epoch + 1, "devel": {k: round(f, 2) for k, f in zip(keys, f1s)},
                    "trainCorpora": corpora, "splits": splits})
        state = {"model": model.state_dict(), "opt": opt.state_dict(), "epoch": epoch + 1, "best": list(best),
                 "rng": rng.getstate()}
        torch.save(state, ckpt)
        if best[1] == epoch + 1:
            torch.save(state, os.path.join(args.out, "best.pt"))  # what --init continues from
        if last:
            break
    print(f"best epoch {best[1]}", flush=True)


if __name__ == "__main__":
    main()
