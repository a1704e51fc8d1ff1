"""Cased BERT tokenization with character offsets.

Mirrors what @xenova/transformers does with the tokenizer.json that tools/convert.ts writes
(BertNormalizer without lowercasing or accent stripping, BertPreTokenizer, WordPiece), so the ids
the trainer sees are the ids the browser feeds the model. tests/training-tokenizer.test.ts checks
that against a fixture this module writes.
"""
import unicodedata

MAX_CHARS_PER_WORD = 100


def _is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def pretokenize(text):
    """Split like BERT's basic tokenizer; returns [(start, end)] in code-point offsets."""
    words = []
    start = None
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch) or _is_whitespace(ch):
            if start is not None:
                words.append((start, i))
                start = None
            continue
        if _is_punctuation(ch) or _is_cjk(cp):
            if start is not None:
                words.append((start, i))
                start = None
            words.append((i, i + 1))
            continue
        if start is None:
            start = i
    if start is not None:
        words.append((start, len(text)))
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
        return [(s, e, self.word_ids(text[s:e])) for s, e in pretokenize(text)]
