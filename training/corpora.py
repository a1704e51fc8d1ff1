"""Reading the IOB2 corpora and turning them into word-piece examples with partial labels.

Each corpus annotates only some of our types. A token tagged O there may still be an entity of a type
the corpus does not annotate, so its target is the set {O} plus every B-/I- of the unannotated types
(a partial-label loss sums the probability over that set), and the model is never taught that, say,
a gene in a BC5CDR sentence is O.
"""
import os

from multi_corpus import LABELS, TYPES  # defined once: O, then B-/I- of Chemical, Disease, Gene, Species

# corpus folder -> {tag type in the file: our type}; the values are the types the corpus annotates
CORPUS_TYPES = {
    "BC5CDR-IOB": {"Chemical": "Chemical", "Disease": "Disease"},
    "NCBI-disease-IOB": {"Disease": "Disease"},
    "BC2GM-IOB": {"GENE": "Gene"},
    "BioNLP09-IOB": {"Protein": "Gene"},
    "BioNLP11EPI-IOB": {"Protein": "Gene"},
    "BioNLP11ID-IOB": {"Protein": "Gene"},
    "BioNLP13GE-IOB": {"Protein": "Gene"},
    "Ex-PTM-IOB": {"Protein": "Gene"},
}
# The corpora the app is scored on; (corpus, type) pairs reported by the evaluation
EVAL_SETS = [("BC5CDR-IOB", "Chemical", "BC5CDR-Chemical"), ("BC5CDR-IOB", "Disease", "BC5CDR-Disease"),
             ("NCBI-disease-IOB", "Disease", "NCBI-disease"), ("BC2GM-IOB", "Gene", "BC2GM")]


def read_iob(path):
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    sentences.append((tokens, tags))
                    tokens, tags = [], []
                continue
            tok, tag = line.split("\t")
            tokens.append(tok)
            tags.append(tag)
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def sentence_text(tokens):
    """Joined text and each token's (start, end) in it, as the evaluation builds raw text."""
    spans, pos = [], 0
    for t in tokens:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 1
    return " ".join(tokens), spans


def gold_spans(tokens, tags, type_map):
    """Entity spans (type, start, end) in character offsets of the joined text."""
    _, offs = sentence_text(tokens)
    spans, cur = [], None
    for (s, e), tag in zip(offs, tags):
        kind = tag[2:] if tag != "O" else None
        ours = type_map.get(kind) if kind else None
        if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[0] != ours)):
            if cur:
                spans.append(tuple(cur))
            cur = [ours, s, e] if ours else None
        elif tag.startswith("I-") and cur is not None:
            cur[2] = e
        else:
            if cur:
                spans.append(tuple(cur))
            cur = None
    if cur:
        spans.append(tuple(cur))
    return spans


def allowed_for_o(annotated):
    """Label ids compatible with an O in a corpus annotating `annotated` types."""
    out = [0]
    for t in TYPES:
        if t not in annotated:
            out += [LABELS.index("B-" + t), LABELS.index("I-" + t)]
    return out


def encode_sentence(tokens, tags, type_map, wp, max_len=256, naive_o=False):
    """Word pieces with targets; returns dict of ids, allowed label-id lists per piece, first-piece flags.
    naive_o makes every O a plain O (the ablation the partial-label loss is compared with)."""
    annotated = set(type_map.values())
    o_allowed = [0] if naive_o else allowed_for_o(annotated)
    ids, allowed = [wp.cls], [None]
    for tok, tag in zip(tokens, tags):
        kind = type_map.get(tag[2:]) if tag != "O" else None
        first_piece = True
        for _, _, pieces in wp.encode_words(tok):
            for p in pieces:
                ids.append(p)
                if kind is None:
                    allowed.append(o_allowed)
                else:
                    prefix = "B-" if (tag.startswith("B-") and first_piece) else "I-"
                    allowed.append([LABELS.index(prefix + kind)])
                first_piece = False
    ids = ids[: max_len - 1] + [wp.sep]
    allowed = allowed[: max_len - 1] + [None]
    return ids, allowed


def corpus_path(root, corpus, split):
    return os.path.join(root, corpus, split + ".tsv")
