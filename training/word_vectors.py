"""Skip-gram word vectors over all the unlabelled text (text/, extra/text-*) and the train/devel splits of corpora/
in ../shared/data (never a test split),
keyed the way the tagger looks words up (tagger_data.word_key)."""
import argparse, glob, os, time
from gensim.models import Word2Vec
from corpora import read_iob
from tagger_data import split_sentence, text_sentences, word_key


def all_sentences(data):
    for path in sorted(glob.glob(os.path.join(data, "corpora", "*", "*.tsv"))):
        if os.path.basename(path) == "test.tsv":
            continue
        for tokens, tags in read_iob(path):
            yield [word_key(w) for w in split_sentence(tokens, tags)[0]]
    for path in sorted(glob.glob(os.path.join(data, "text", "*.txt")) + glob.glob(os.path.join(data, "extra", "text-*.txt"))):
        for ws in text_sentences(path):
            yield [word_key(w) for w in ws]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"))
    ap.add_argument("--out", default="runs/vectors/w2v.kv")
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    t0 = time.time()
    sents = list(all_sentences(args.data))
    print(f"{len(sents)} sentences, {sum(map(len, sents))} words", flush=True)
    m = Word2Vec(sents, vector_size=args.dim, window=5, sg=1, negative=10, min_count=args.min_count,
                 workers=2, epochs=args.epochs, seed=1)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    m.wv.save(args.out)
    print(f"{len(m.wv.index_to_key)} words, {time.time() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
