"""Word vectors as the tagger's trainer reads them, with or without gensim: gensim's KeyedVectors (`.kv`, what
word_vectors.py writes) or a NumPy archive (`.npz`, `python3 vectors.py IN.kv OUT.npz`) for machines that have
PyTorch but no gensim (the GPU machine)."""
import json, sys
import numpy as np


class Vectors:
    """Words in the vectors' own order (most frequent first), their corpus counts and one row each."""

    def __init__(self, words, counts, matrix):
        self.index_to_key = list(words)
        self.key_to_index = {w: i for i, w in enumerate(self.index_to_key)}
        self.counts = list(counts)
        self.matrix = matrix

    def count(self, word):
        return self.counts[self.key_to_index[word]]

    def __getitem__(self, word):
        return np.asarray(self.matrix[self.key_to_index[word]], dtype=np.float32)


def load_vectors(path):
    if path.endswith(".npz"):
        z = np.load(path)
        return Vectors(json.loads(bytes(z["words"]).decode("utf-8")), z["counts"].tolist(), z["vectors"])
    from gensim.models import KeyedVectors
    kv = KeyedVectors.load(path)
    return Vectors(kv.index_to_key, [kv.get_vecattr(w, "count") for w in kv.index_to_key], kv.vectors)


def save_npz(vectors, path, min_count=1, dtype=np.float16):
    """Only words seen at least min_count times (the trainer's --min-vec-count leaves the rest out anyway)."""
    keep = [i for i, c in enumerate(vectors.counts) if c >= min_count]
    words = [vectors.index_to_key[i] for i in keep]
    np.savez_compressed(path, words=np.frombuffer(json.dumps(words, ensure_ascii=False).encode("utf-8"), np.uint8),
                        counts=np.array([vectors.counts[i] for i in keep], np.int64),
                        vectors=np.asarray(vectors.matrix[keep], dtype=dtype))


if __name__ == "__main__":
    save_npz(load_vectors(sys.argv[1]), sys.argv[2], min_count=int(sys.argv[3]) if len(sys.argv) > 3 else 1)
