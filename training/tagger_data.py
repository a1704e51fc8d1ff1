"""Words, word keys, characters and casing classes for the CRF tagger, as the app computes them.

The app splits raw text with BERT's basic pre-tokenizer (src/ner/pretokenize.ts, wordpiece.pretokenize here):
whitespace splits, every punctuation character is a word. The corpora are already tokenized, mostly the same
way; a corpus token that still holds punctuation ("IL-6" in a few files) is split the same way here, its first
part keeping the token's tag and the rest continuing it. src/ner/tagger-features.ts must compute exactly
what `word_key`, `casing` and `char_ids` compute (tests/tagger-features.test.ts checks a fixture).
"""
import re
import unicodedata

from corpora import LABELS, read_iob, corpus_path
from wordpiece import pretokenize

MAX_WORD_CHARS = 24  # longer words keep their first 12 and last 12 characters for the character CNN
PAD, UNK = 0, 1      # ids 0 and 1 in the word and character vocabularies

CASINGS = ["pad", "lower", "upper", "title", "mixed", "numeric", "has_digit", "punct", "other"]


_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_FOLD = {ord(c): str(i) for digits in (_SUPERSCRIPT_DIGITS, _SUBSCRIPT_DIGITS) for i, c in enumerate(digits)}
_FOLD.update({ord("⁺"): "+", ord("₊"): "+", ord("⁻"): "-", ord("₋"): "-"})
_FOLD.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})


def feature_text(word):
    """The word as the features read it: superscript and subscript digits and signs, and full-width forms, as
    ASCII ("Ca²⁺" as "Ca2+"); src/ner/tagger-features.ts featureText."""
    return word.translate(_FOLD)


def word_key(word):
    """Embedding key: lower-cased, every digit 0 (so 'IL-6' and 'IL-8' share 'il', '0')."""
    return re.sub(r"[0-9]", "0", feature_text(word).lower())


def casing(word):
    """Casing class from Unicode categories only, so JavaScript's \\p{Lu}/\\p{Ll} give the same answer."""
    word = feature_text(word)
    cats = [unicodedata.category(c) for c in word]
    if not any(k[0] in "LN" for k in cats):
        return CASINGS.index("punct")
    if all("0" <= c <= "9" for c in word):
        return CASINGS.index("numeric")
    if any("0" <= c <= "9" for c in word):
        return CASINGS.index("has_digit")
    upper, lower = "Lu" in cats, "Ll" in cats
    if lower and not upper:
        return CASINGS.index("lower")
    if upper and not lower:
        return CASINGS.index("upper")
    if upper and cats[0] == "Lu" and "Lu" not in cats[1:]:
        return CASINGS.index("title")
    if upper:
        return CASINGS.index("mixed")
    return CASINGS.index("other")


def clip_chars(word):
    chars = list(feature_text(word))
    if len(chars) > MAX_WORD_CHARS:
        chars = chars[: MAX_WORD_CHARS // 2] + chars[-MAX_WORD_CHARS // 2:]
    return chars


def split_sentence(tokens, tags):
    """Re-split corpus tokens the app's way; returns words, tags, and each word's (start, end) in the text made
    by joining the original tokens with single spaces (what the evaluation tags)."""
    words, out_tags, offs, pos = [], [], [], 0
    for tok, tag in zip(tokens, tags):
        for k, (s, e, w) in enumerate(pretokenize(tok)):
            words.append(w)
            offs.append((pos + s, pos + e))
            if k == 0 or tag == "O":
                out_tags.append(tag)
            else:
                out_tags.append("I-" + tag[2:])
        pos += len(tok) + 1
    return words, out_tags, offs


def read_corpus(root, corpus, split, type_map):
    """[(words, label-or-None per word, offsets, tokens, tags)]: label is a LABELS index for annotated types,
    None for O (open to the unannotated types) and 0 where the tag names a type we don't tag."""
    out = []
    for tokens, tags in read_iob(corpus_path(root, corpus, split)):
        words, wtags, offs = split_sentence(tokens, tags)
        labels = []
        for t in wtags:
            if t == "O":
                labels.append(None)
            else:
                ours = type_map.get(t[2:])
                labels.append(LABELS.index(t[:2] + ours) if ours else None)
        out.append((words, labels, offs, tokens, tags))
    return out


def text_sentences(path):
    """Words of each line of a plain-text file (one sentence or abstract per line)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            ws = [w for _, _, w in pretokenize(line.strip())]
            if ws:
                yield ws
