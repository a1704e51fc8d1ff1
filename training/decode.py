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


def allowed_transitions(labels=LABELS):
    """allowed[i][j]: label j may follow label i in IOB2 (I-X only after B-X or I-X); start[j]: j may begin."""
    def kind(l):
        return l.split("-", 1) if l != "O" else ("O", None)
    allowed = [[not (kind(b)[0] == "I" and kind(a)[1] != kind(b)[1]) for b in labels] for a in labels]
    start = [kind(l)[0] != "I" for l in labels]
    return allowed, start


def viterbi(logprobs, labels=LABELS):
    """Best label sequence under the IOB2 constraints, from per-word log-probabilities [[float]*n_labels]."""
    if not logprobs:
        return []
    allowed, start = allowed_transitions(labels)
    n = len(labels)
    neg = float("-inf")
    score = [lp if start[j] else neg for j, lp in enumerate(logprobs[0])]
    back = []
    for row in logprobs[1:]:
        ptr, nxt = [], []
        for j in range(n):
            best, arg = neg, 0
            for i in range(n):
                if allowed[i][j] and score[i] > best:
                    best, arg = score[i], i
            ptr.append(arg)
            nxt.append(best + row[j])
        back.append(ptr)
        score = nxt
    j = max(range(n), key=lambda k: score[k])
    path = [j]
    for ptr in reversed(back):
        j = ptr[j]
        path.append(j)
    return path[::-1]
