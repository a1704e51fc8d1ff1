"""Cased BERT tokenization with character offsets.

Mirrors what @xenova/transformers does with the tokenizer.json that tools/convert.ts writes
(BertNormalizer without lowercasing or accent stripping, BertPreTokenizer, WordPiece), so the ids
the trainer sees are the ids the browser feeds the model. tests/training-tokenizer.test.ts checks
that against a fixture this module writes.
"""
import unicodedata

MAX_CHARS_PER_WORD = 100


# JavaScript's \s, which @xenova/transformers' BertNormalizer uses to find whitespace.
_JS_WHITESPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}


def _is_whitespace(ch):
    return ch in _JS_WHITESPACE


def _is_removed(ch):
    """Characters the normalizer deletes (without splitting the word): NUL, U+FFFD and Cc/Cf/Co/Cs
    except tab, newline and carriage return."""
    if ch in "\t\n\r":
        return False
    return ord(ch) in (0, 0xFFFD) or unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    # Only BMP code points: the JavaScript normalizer looks at UTF-16 code units.
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


def pretokenize(text):
    """Split like BERT's basic tokenizer; returns [(start, end, word)] in code-point offsets, where word
    is the normalized text (deleted characters left out)."""
    words = []
    start, chars = None, []

    def close(end):
        nonlocal start, chars
        if start is not None and chars:
            words.append((start, end, "".join(chars)))
        start, chars = None, []

    last = 0
    for i, ch in enumerate(text):
        if _is_removed(ch):
            continue
        if _is_whitespace(ch):
            close(last)
            continue
        if _is_punctuation(ch) or _is_cjk(ord(ch)):
            close(last)
            words.append((i, i + 1, ch))
            last = i + 1
            continue
        if start is None:
            start = i
        chars.append(ch)
        last = i + 1
    close(last)
    return words


class WordPiece:
    def __init__(self, vocab_path):
        with open(vocab_path, encoding="utf-8") as f:
            self.itos = [line.rstrip("\n") for line in f]
        self.stoi = {t: i for i, t in enumerate(self.itos)}
        self.unk = self.stoi["[UNK]"]
        self.cls = self.stoi["[CLS]"]
        self.sep = self.stoi["[SEP]"]
        self.pad = self.stoi["[PAD]"]
        self.mask = self.stoi["[MASK]"]
        self._cache = {}

    def word_ids(self, word):
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        ids = self._word_ids(word)
        if len(self._cache) < 500_000:
            self._cache[word] = ids
        return ids

    def _word_ids(self, word):
        if len(word) > MAX_CHARS_PER_WORD:
            return [self.unk]
        ids = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end]
                if start > 0:
                    piece = "##" + piece
                if piece in self.stoi:
                    found = self.stoi[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode_words(self, text):
        """[(word_start, word_end, [ids])] for each pre-token of text."""
        return [(s, e, self.word_ids(w)) for s, e, w in pretokenize(text)]
