"""Pretrain the tagger's encoder as a bidirectional language model (Dai & Le 2015; TagLM, Peters et al. 2017)
on all our unlabelled and non-test text, so that the BiLSTM starts the tagging task already reading biomedical
sentences. The encoder is the tagger's own (word embedding from our skip-gram vectors, character CNN, casing,
BiLSTM): its forward half predicts the next word, its backward half the previous one, each through its own
softmax over the tagger's word vocabulary. Only the encoder is kept (lm.pt); `train_tagger.py --lm-init DIR`
starts from it, so the browser model keeps its shape and speed.

    python3 training/pretrain_lm.py --out training/runs/lm --time-budget 120
The sentences (words as the app splits them, one sentence per line) are built from ../shared/data once and
cached in --sentences; a machine without ../shared needs only that file, the vectors and the labelled corpora.
"""
import argparse, glob, gzip, math, os, random, time
import torch
from torch import nn
from torch.nn import functional as F

from corpora import CORPUS_TYPES, LABELS, read_iob
from tagger import Tagger
from tagger_data import read_corpus, split_sentence, text_sentences
from train_tagger import HERE, TRAIN_CORPORA, Encoder, batches, build_vocab, collate as train_collate
from vectors import load_vectors

ENCODER_PARTS = ("word", "char", "char_cnn", "casing", "lstm")
MAX_WORDS = 80  # longer lines (whole abstracts) are cut into pieces of at most this many words


def write_sentences(data, path):
    """Every non-test sentence of every corpus and every line of text/, as the app's words."""
    n = 0
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for p in sorted(glob.glob(os.path.join(data, "corpora", "*", "*.tsv"))):
            if os.path.basename(p) != "test.tsv":
                for tokens, tags in read_iob(p):
                    f.write(" ".join(split_sentence(tokens, tags)[0]) + "\n")
                    n += 1
        for p in sorted(glob.glob(os.path.join(data, "text", "*.txt"))):
            for ws in text_sentences(p):
                for i in range(0, len(ws), MAX_WORDS):
                    f.write(" ".join(ws[i : i + MAX_WORDS]) + "\n")
                    n += 1
    return n


def read_sentences(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [line.split(" ") for line in f.read().split("\n") if line]


class WordCoder:
    """Sentences as train_tagger's examples (word ids, character ids, casings, no label sets), each distinct
    word's ids computed once (the text holds 4.3 M words of far fewer kinds)."""

    def __init__(self, words, chars):
        self.enc, self.cache = Encoder(words, chars), {}

    def word(self, w):
        r = self.cache.get(w)
        if r is None:
            ids, chars, cas = self.enc.encode([w])
            r = self.cache[w] = (ids[0], chars[0], cas[0])
        return r

    def __call__(self, sentence):
        coded = [self.word(w) for w in sentence]
        return [x[0] for x in coded], [x[1] for x in coded], [x[2] for x in coded], None


def collate(examples, members):
    """Padded word, character and casing ids and lengths, as the tagger's trainer batches them."""
    return train_collate(examples, members, len(LABELS))[:4]


class BiLM(nn.Module):
    def __init__(self, tagger, n_out):
        super().__init__()
        self.tagger = tagger
        h = tagger.lstm.hidden_size
        self.fwd, self.bwd = nn.Linear(h, n_out), nn.Linear(h, n_out)

    def loss(self, words, chars, cas, lengths):
        """Mean next-word (forward half) and previous-word (backward half) cross-entropy over real words."""
        t = self.tagger
        x = t.drop(torch.cat([t.word(words), t.char_features(chars), t.casing(cas)], -1))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        h, _ = t.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=words.shape[1])
        h = t.drop(h)
        hf, hb = h[..., : t.lstm.hidden_size], h[..., t.lstm.hidden_size :]
        lf = F.cross_entropy(self.fwd(hf[:, :-1]).flatten(0, 1), words[:, 1:].flatten(), ignore_index=0, reduction="sum")
        lb = F.cross_entropy(self.bwd(hb[:, 1:]).flatten(0, 1), words[:, :-1].flatten(), ignore_index=0, reduction="sum")
        n = (words[:, 1:] != 0).sum()
        return (lf + lb) / (2 * n), n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    ap.add_argument("--corpora", help="labelled corpora (default DATA/corpora)")
    ap.add_argument("--sentences", default=os.path.join(HERE, "runs", "lm-sentences.txt.gz"))
    ap.add_argument("--vectors", default=os.path.join(HERE, "runs", "vectors", "w2v.kv"))
    ap.add_argument("--out", default=os.path.join(HERE, "runs", "lm"))
    ap.add_argument("--hidden", type=int, default=200)
    ap.add_argument("--min-vec-count", type=int, default=3)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--time-budget", type=float, default=120, help="seconds of training")
    ap.add_argument("--max-sentences", type=int, default=0, help="use only this many (a smoke test)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    rng = random.Random(args.seed)
    t0 = time.time()
    if not os.path.exists(args.sentences):
        os.makedirs(os.path.dirname(args.sentences), exist_ok=True)
        print(f"{write_sentences(args.data, args.sentences)} sentences written to {args.sentences}", flush=True)
    sents = read_sentences(args.sentences)
    rng.shuffle(sents)
    if args.max_sentences:
        sents = sents[: args.max_sentences]
    corpora = args.corpora or os.path.join(args.data, "corpora")
    # The vocabulary of a tagger trained on train + devel, so both the devel-scored and the final tagger use it.
    labelled = [[s for sp in ("train", "devel") for s in read_corpus(corpora, c, sp, CORPUS_TYPES[c])] for c in TRAIN_CORPORA]
    kv = load_vectors(args.vectors)
    words, chars = build_vocab(labelled, kv, args.min_vec_count)
    code = WordCoder(words, chars)
    coded = [code(s) for s in sents]
    held = max(1, len(coded) // 100)
    dev, train = coded[:held], coded[held:]
    print(f"{len(train)} training sentences ({sum(len(s[0]) for s in train)} words), {held} held out; {len(words)} words, "
          f"{len(chars)} characters; {time.time() - t0:.0f} s to read", flush=True)

    tagger = Tagger(len(words), len(chars), LABELS, hidden=args.hidden, dropout=args.dropout)
    with torch.no_grad():
        for i, w in enumerate(words):
            if w in kv.key_to_index:
                tagger.word.weight[i] = torch.from_numpy(kv[w])
    model = BiLM(tagger, len(words)).to(args.device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    lengths = [len(s[0]) for s in train]

    @torch.no_grad()
    def held_out_loss():
        model.eval()
        tot, n = 0.0, 0
        order = sorted(range(len(dev)), key=lambda j: len(dev[j][0]))
        for i in range(0, len(order), 256):
            l, k = model.loss(*(x.to(args.device) for x in collate(dev, order[i : i + 256])))
            tot += l.item() * k.item()
            n += k.item()
        model.train()
        return tot / n

    def save(note):
        enc = {k: v.detach().cpu() for k, v in tagger.state_dict().items() if k.split(".")[0] in ENCODER_PARTS}
        torch.save({"words": words, "chars": chars, "encoder": enc, "hidden": args.hidden, "note": note},
                   os.path.join(args.out, "lm.pt"))

    start, step, epoch, done = time.time(), 0, 0, False
    os.makedirs(args.out, exist_ok=True)
    log = open(os.path.join(args.out, "lm-log.csv"), "w")
    log.write("epoch,step,seconds,train_loss,heldout_loss,heldout_ppl\n")
    while not done:
        epoch += 1
        tot, n = 0.0, 0
        for members in batches(len(train), lengths, args.batch, rng):
            l, _ = model.loss(*(x.to(args.device) for x in collate(train, members)))
            opt.zero_grad()
            l.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            tot, n, step = tot + l.item(), n + 1, step + 1
            if time.time() - start > args.time_budget:
                done = True
                break
        h = held_out_loss()
        secs = time.time() - start
        print(f"epoch {epoch}{' (cut by the time budget)' if done else ''}: {step} steps, {secs:.0f} s, train loss "
              f"{tot / n:.3f}, held-out loss {h:.3f} (perplexity {math.exp(h):.0f})", flush=True)
        log.write(f"{epoch},{step},{secs:.0f},{tot / n:.4f},{h:.4f},{math.exp(h):.1f}\n")
        log.flush()
        save(f"{epoch} epochs, {step} steps, held-out perplexity {math.exp(h):.0f}")


if __name__ == "__main__":
    main()
