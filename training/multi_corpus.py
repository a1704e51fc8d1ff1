"""Every corpus of ../shared/data as training and evaluation sentences on the app's word split.

Each corpus in corpora.json names its format, the types it annotates, and what each of its tags maps to: one of
our TYPES, MASK (the words may be anything: the loss does not care) or nothing (the tag marks something that is
none of our types, so for the types the corpus annotates its words are O). training/README.md gives the choices.

A sentence becomes words (wordpiece.pretokenize) with an allowed label set per word: the gold label for a word
inside an annotated span, {O} plus every label of the types the corpus does not annotate for a word outside
(the partial-label CRF loss), every label inside a MASK span.

Gene spans follow NCBI's convention (NLM-Gene, GNormPlus, PubTator): `ncbi_gene_span` trims generic words
("gene", "promoter", "mRNA", "mutations", "human ...") off every corpus's gene spans at load, so BC2GM's
"SRD5A2 gene" is taught as "SRD5A2".

Splits (never train or tune on test): a corpus's own train/devel/test where it has them; "fifths" cut a file
into fifths of its documents: where a corpus has train and test only, devel is the last fifth of train; where it
came with one file only, the last fifth is test, the fourth devel and the first three train.
Sentences that occur in several corpora are merged into one example (allowed sets intersected word by word), and
a training sentence that occurs in any devel or test split is dropped, so no text is counted twice or leaks.
"""
import json
import os
import re
from dataclasses import dataclass

from corpus_readers import read_brat, read_conll, read_iob_tsv, read_metabolite_gold, read_pubtator
from wordpiece import pretokenize

TYPES = ["Chemical", "Disease", "Gene", "Species"]
LABELS = ["O"] + [f"{b}-{t}" for t in TYPES for b in "BI"]
MASK = "*"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "shared", "data")


@dataclass
class CorpusSpec:
    name: str
    annotates: tuple          # our types this corpus annotates
    tags: dict                # corpus tag -> one of TYPES, MASK; a tag not listed is none of our types
    files: dict               # split -> callable(data, split) -> docs
    # names (lower case, as words) the corpus leaves unannotated by a convention of its own where the app's
    # convention marks them: their unannotated occurrences are masked, not taught as O (corpora.json "leavesOpen")
    leaves_open: tuple = ()


READERS = {
    "iob": lambda path, name: read_iob_tsv(path, name),
    "conll": lambda path, name: read_conll(path, name),
    "pubtator": lambda path, _name: read_pubtator(path),
    "brat": lambda path, _name: read_brat(path),
    "metabolite": lambda path, _name: read_metabolite_gold(path),
}


def _split_reader(entry, rule):
    def read(data, _split):
        path = os.path.join(data, entry["path"].replace("{split}", rule["file"]))
        docs = READERS[entry["format"]](path, f"{entry['name']}:{rule['file']}")
        if "fifths" not in rule:
            return docs
        n = len(docs)
        return [d for i, d in enumerate(docs) if (i * 5) // n in rule["fifths"]]
    return read


def _spec(entry):
    return CorpusSpec(entry["name"], tuple(entry["annotates"]), dict(entry["tags"]),
                      {sp: _split_reader(entry, rule) for sp, rule in entry["splits"].items()},
                      tuple(tuple(n.lower().split()) for n in entry.get("leavesOpen", [])))


# corpora.json: the one list of corpora, also read by tools/lib/corpora.ts for npm run eval
with open(os.path.join(HERE, "corpora.json"), encoding="utf-8") as _f:
    CORPORA = [_spec(e) for e in json.load(_f)["corpora"]]
BY_NAME = {c.name: c for c in CORPORA}

# ---- sentences (src/ner/sentences.ts, the same rule) ----
NO_BREAK_AFTER = {"al", "e", "g", "i", "vs", "fig", "figs", "eq", "ref", "refs", "dr", "approx", "ca", "cf", "no",
                  "nos", "mr", "mrs", "st", "sp", "spp", "var", "viz", "resp"}
_NEXT_STARTS = re.compile(r"^[^\W\d_a-z]|^\d|^[\[(]")


def split_sentences(text, words, max_words=150):
    """[(first word, end word)] as src/ner/sentences.ts cuts pre-tokenized words."""
    out, start = [], 0

    def push(end):
        nonlocal start
        s = start
        while s < end:
            out.append((s, min(end, s + max_words)))
            s += max_words
        start = end

    for i in range(len(words) - 1):
        nxt = words[i + 1]
        if "\n" in text[words[i][1]:nxt[0]]:
            push(i + 1)
            continue
        w = words[i][2]
        if w not in (".", "?", "!") or nxt[0] == words[i][1]:
            continue
        prev = words[i - 1] if i > start else None
        if w == "." and prev and prev[2].lower() in NO_BREAK_AFTER:
            continue
        if w == "." and prev and prev[2].isdigit() and nxt[2][:1].isdigit():
            continue
        if _NEXT_STARTS.match(nxt[2]) and not nxt[2][:1].islower():
            push(i + 1)
    push(len(words))
    return [r for r in out if r[1] > r[0]]


# ---- NCBI gene convention ----
with open(os.path.join(HERE, "corpora.json"), encoding="utf-8") as _f:
    _CONVENTION = json.load(_f)["geneConvention"]
GENERIC_AFTER = set(_CONVENTION["after"])
# "protein" is part of full names ("C-reactive protein"); after a symbol ("p53 protein") it is a generic word
GENERIC_AFTER_SYMBOL = set(_CONVENTION["afterSymbol"])
SPECIES_BEFORE = set(_CONVENTION["before"])
TRIM_PUNCT = set(_CONVENTION["trimPunctuation"])


def _symbol_like(word):
    return any(c.isdigit() for c in word) or sum(c.isupper() for c in word) >= 2


def ncbi_gene_span(words, i, j):
    """Words [i, j) of a gene span with generic words trimmed off both ends; None when nothing is left."""
    def lw(k):
        return words[k][2].lower()
    changed = True
    while changed and j > i:
        changed = False
        if lw(j - 1) in GENERIC_AFTER and j - 1 > i:
            j -= 1
            changed = True
        elif lw(j - 1) in GENERIC_AFTER_SYMBOL and j - 1 > i and _symbol_like(words[j - 2][2]):
            j -= 1
            changed = True
        elif lw(i) in SPECIES_BEFORE and j - 1 > i:
            i += 1
            changed = True
        while j > i and words[j - 1][2] in TRIM_PUNCT and (words[j - 1][2] not in ")]" or _unbalanced_close(words, i, j)):
            j -= 1
            changed = True
        while j > i and words[i][2] in TRIM_PUNCT and words[i][2] not in "([":
            i += 1
            changed = True
    return (i, j) if j > i else None


def _unbalanced_close(words, i, j):
    text = "".join(w[2] for w in words[i:j])
    return text.count(")") > text.count("(") or text.count("]") > text.count("[")


# ---- examples ----
@dataclass
class Sentence:
    corpus: str
    text: str                 # the sentence's text
    words: list               # [(start, end, word)] offsets in `text`
    allowed: list             # per word: sorted tuple of label ids
    gold: list                # [(type, start, end)] spans of annotated types, NCBI-style
    annotates: tuple


def o_allowed(annotates):
    out = [0]
    for t in TYPES:
        if t not in annotates:
            out += [LABELS.index("B-" + t), LABELS.index("I-" + t)]
    return tuple(out)


ALL = tuple(range(len(LABELS)))


def doc_sentences(doc, spec, own_gene_spans=False):
    """Sentences of a document with allowed label sets and gold spans; gene spans in NCBI's convention unless
    `own_gene_spans` (a corpus taught with a style of its own keeps its convention: train_multi.py --own-convention)."""
    words = pretokenize(doc.text)
    ranges = []
    if doc.sentences:
        for s, e in doc.sentences:
            ws = [k for k, w in enumerate(words) if w[0] >= s and w[1] <= e]
            if ws:
                ranges.append((ws[0], ws[-1] + 1))
    else:
        ranges = split_sentences(doc.text, words)
    # words each span covers (a word touching a span is in it)
    mapped = []
    for s, e, tag in doc.spans:
        ours = spec.tags.get(tag)
        if ours is None:
            continue
        ws = [k for k, w in enumerate(words) if w[0] < e and w[1] > s]
        if ws:
            mapped.append((ws[0], ws[-1] + 1, ours))
    # a span longer than its sentence joins sentences (never cut a mention)
    ranges = _join_over_spans(ranges, mapped)
    base = o_allowed(spec.annotates)
    out = []
    for a, b in ranges:
        allowed = [base] * (b - a)
        labelled = [None] * (b - a)
        gold = []
        for i, j, ours in sorted(mapped, key=lambda m: (m[0], -(m[1] - m[0]))):
            if i < a or j > b:
                continue
            if ours == MASK:
                for k in range(i, j):
                    if labelled[k - a] is None:
                        allowed[k - a] = ALL
                continue
            if ours == "Gene" and not own_gene_spans:
                cut = ncbi_gene_span(words, i, j)
                if cut is None:
                    continue
                i, j = cut
            if any(labelled[k - a] is not None for k in range(i, j)):
                continue  # nested or overlapping: the first (longest) span wins
            for k in range(i, j):
                labelled[k - a] = ours
                allowed[k - a] = (LABELS.index(("B-" if k == i else "I-") + ours),)
            gold.append((ours, words[i][0] - words[a][0], words[j - 1][1] - words[a][0]))
        # a name the corpus leaves open by its own convention ("LPS" in DrugProt) may be anything where unlabelled
        lower = [w[2].lower() for w in words[a:b]] if spec.leaves_open else []
        for name in spec.leaves_open:
            n = len(name)
            for k in range(a, b - n + 1):
                if tuple(lower[k - a:k - a + n]) == name and all(labelled[q - a] is None for q in range(k, k + n)):
                    for q in range(k, k + n):
                        allowed[q - a] = ALL
        off = words[a][0]
        text = doc.text[off:words[b - 1][1]]
        ws = [(s - off, e - off, w) for s, e, w in words[a:b]]
        out.append(Sentence(spec.name, text, ws, allowed, gold, spec.annotates))
    return out


def _join_over_spans(ranges, mapped):
    if not mapped:
        return ranges
    out = []
    for r in ranges:
        if out and any(i < r[0] < j for i, j, _ in mapped):
            out[-1] = (out[-1][0], r[1])
        else:
            out.append(r)
    return out


def text_key(text):
    """Sentences are the same text when their letters and digits are (tokenization and spacing differ)."""
    return re.sub(r"[\W_]+", "", text).lower()


def load_split(spec, split, data=DEFAULT_DATA, own_gene_spans=False):
    if split not in spec.files:
        return []
    docs = spec.files[split](data, split)
    return [s for d in docs for s in doc_sentences(d, spec, own_gene_spans)]


def merge(sentences):
    """One example per text: the same words get their allowed sets intersected (a corpus that annotates a type
    decides it), the union of the annotated types and gold spans; a text split into other words keeps the first."""
    by_key, out = {}, []
    for s in sentences:
        k = text_key(s.text)
        prior = by_key.get(k)
        if prior is None:
            by_key[k] = s
            out.append(s)
            continue
        if [w[2] for w in prior.words] != [w[2] for w in s.words]:
            continue
        joined = []
        for a, b in zip(prior.allowed, s.allowed):
            both = tuple(x for x in a if x in b)
            joined.append(both or a)
        prior.allowed = joined
        types = set(prior.annotates)
        prior.gold = prior.gold + [g for g in s.gold if g[0] not in types]
        prior.annotates = tuple(sorted(types | set(s.annotates)))
        if s.corpus not in prior.corpus.split("+"):
            prior.corpus += "+" + s.corpus
    return out


def training_sentences(names, data=DEFAULT_DATA, splits=("train",), held_out_keys=None):
    """Merged training sentences of the corpora `names`; sentences whose text is in `held_out_keys` (every devel
    and test sentence of every corpus) are dropped."""
    sents = [s for n in names for sp in splits for s in load_split(BY_NAME[n], sp, data)]
    if held_out_keys:
        sents = [s for s in sents if text_key(s.text) not in held_out_keys]
    return merge(sents)


def held_out_keys(data=DEFAULT_DATA, splits=("devel", "test")):
    keys = set()
    for spec in CORPORA:
        for sp in splits:
            keys.update(text_key(s.text) for s in load_split(spec, sp, data))
    keys.discard("")
    return keys
