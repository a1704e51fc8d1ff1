"""Word-level span decoding, the same rule as src/ner/decode.ts: each pre-tokenized word takes the label
of its first word piece; an I- that does not continue an entity of its type starts one (BIO repair)."""
from corpora import LABELS


def decode_words(word_spans, word_labels):
    """word_spans [(start, end)], word_labels [label id] -> [(type, start, end)]."""
    spans, cur = [], None
    for (s, e), lab in zip(word_spans, word_labels):
        name = LABELS[lab]
        if name == "O":
            if cur:
                spans.append(tuple(cur))
            cur = None
            continue
        bio, kind = name.split("-", 1)
        if bio == "I" and cur is not None and cur[0] == kind:
            cur[2] = e
        else:
            if cur:
                spans.append(tuple(cur))
            cur = [kind, s, e]
    if cur:
        spans.append(tuple(cur))
    return spans


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f
