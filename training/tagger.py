"""The character-aware BiLSTM-CRF tagger (Lample et al. 2016): per word a word embedding (initialised from our
skip-gram vectors), a character CNN max-pooled over the word's characters, and a casing embedding; a BiLSTM
over the sentence; a linear layer to emission scores; a CRF (crf.py).

The app runs the same computation with tfjs ops (src/model/tagger-runner.ts); parameter names here are the
names in the exported weights.
"""
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from crf import CRF
from tagger_data import CASINGS

NEG = -1e4


class Tagger(nn.Module):
    def __init__(self, n_words, n_chars, labels, word_dim=100, char_dim=30, char_filters=50, char_width=3,
                 casing_dim=10, hidden=200, dropout=0.5):
        super().__init__()
        self.config = dict(word_dim=word_dim, char_dim=char_dim, char_filters=char_filters, char_width=char_width,
                           casing_dim=casing_dim, hidden=hidden, n_words=n_words, n_chars=n_chars)
        self.word = nn.Embedding(n_words, word_dim, padding_idx=0)
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(char_dim, char_filters, char_width, padding=char_width // 2)
        self.casing = nn.Embedding(len(CASINGS), casing_dim)
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(word_dim + char_filters + casing_dim, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(labels))
        self.crf = CRF(labels)

    def char_features(self, chars):
        """chars [B, T, C] ids (0 = padding) -> [B, T, F]: max over the word's real characters of tanh(conv)."""
        b, t, c = chars.shape
        x = self.char(chars.view(b * t, c)).transpose(1, 2)  # [BT, D, C]
        h = torch.tanh(self.char_cnn(x))  # [BT, F, C]
        h = h.masked_fill((chars.view(b * t, 1, c) == 0), NEG)
        return h.max(2).values.clamp(min=-1).view(b, t, -1)  # an empty word (all padding) gives -1s

    def emissions(self, words, chars, casings, lengths):
        x = torch.cat([self.word(words), self.char_features(chars), self.casing(casings)], -1)
        x = self.drop(x)
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=words.shape[1])
        return self.out(self.drop(h))
