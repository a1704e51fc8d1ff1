"""The character-aware BiLSTM-CRF tagger (Lample et al. 2016): per word a word embedding (initialised from our
skip-gram vectors), a character CNN max-pooled over the word's characters, and a casing embedding; a BiLSTM
over the sentence; a linear layer to emission scores; a CRF (crf.py).

The app runs the same computation with tfjs ops (src/model/tagger-runner.ts); parameter names here are the
names in the exported weights.
"""
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

import json, os

from corpora import LABELS
from crf import CRF
from tagger_data import CASINGS
import safetensors_io

NEG = -1e4


class Tagger(nn.Module):
    """encoder "bilstm" (hidden units each way) or "idcnn": an iterated dilated CNN (Strubell et al. 2017), a
    width-3 convolution to `hidden` filters, then a block of width-3 convolutions with dilations `dilations`
    applied `iterations` times with shared weights, ReLU after each; every layer runs in parallel over the
    words, which suits a browser (a few ops per call instead of a dozen per word step)."""

    def __init__(self, n_words, n_chars, labels, word_dim=100, char_dim=30, char_filters=50, char_width=3,
                 casing_dim=10, hidden=200, dropout=0.5, encoder="bilstm", dilations=(1, 2, 4), iterations=2,
                 n_styles=0, style_dim=0, dict_types=0, dict_dim=0, casing_rows=0):
        super().__init__()
        # Optional dictionary features (train_multi.py --dictionary): the casing ids then carry each word's
        # dictionary pattern too (casing class * 3**dict_types + pattern, as the app computes them), and one
        # embedding per (type, state), summed, sits beside the casing embedding. The export multiplies the two
        # out into one casing table of casing_rows rows (`folded_state`), so the app looks up one row as before.
        self.dict = nn.Embedding(dict_types * 3, dict_dim) if dict_types and dict_dim else None
        self.dict_types = dict_types if self.dict is not None else 0
        # An optional corpus-style input (train_multi.py --styles): a per-sentence embedding of the corpus's
        # annotation convention beside every word's features. It is constant over a sentence, so for one chosen
        # style it is a constant in the BiLSTM's input: `folded_state` adds it to the input bias and the export
        # has the network's usual shape (the app never sees a style).
        self.style = nn.Embedding(n_styles, style_dim) if n_styles and style_dim else None
        self.config = dict(word_dim=word_dim, char_dim=char_dim, char_filters=char_filters, char_width=char_width,
                           casing_dim=casing_dim, hidden=hidden, n_words=n_words, n_chars=n_chars, encoder=encoder,
                           dilations=list(dilations), iterations=iterations)
        if casing_rows:
            self.config["casing_rows"] = casing_rows
        self.encoder = encoder
        self.word = nn.Embedding(n_words, word_dim, padding_idx=0)
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(char_dim, char_filters, char_width, padding=char_width // 2)
        self.casing = nn.Embedding(casing_rows or len(CASINGS), casing_dim)
        self.drop = nn.Dropout(dropout)
        inp = (word_dim + char_filters + casing_dim + (dict_dim if self.dict is not None else 0)
               + (style_dim if self.style is not None else 0))
        if encoder == "bilstm":
            self.lstm = nn.LSTM(inp, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, len(labels))
        else:
            self.conv_in = nn.Conv1d(inp, hidden, 3, padding=1)
            self.convs = nn.ModuleList(nn.Conv1d(hidden, hidden, 3, padding=d, dilation=d) for d in dilations)
            self.iterations = iterations
            self.out = nn.Linear(hidden, len(labels))
        self.crf = CRF(labels)

    def char_features(self, chars):
        """chars [B, T, C] ids (0 = padding) -> [B, T, F]: max over the word's real characters of tanh(conv)."""
        b, t, c = chars.shape
        x = self.char(chars.view(b * t, c)).transpose(1, 2)  # [BT, D, C]
        h = torch.tanh(self.char_cnn(x))  # [BT, F, C]
        h = h.masked_fill((chars.view(b * t, 1, c) == 0), NEG)
        return h.max(2).values.clamp(min=-1).view(b, t, -1)  # an empty word (all padding) gives -1s

    def emissions(self, words, chars, casings, lengths, styles=None):
        if self.dict is not None:
            n = 3 ** self.dict_types
            pattern = casings % n
            idx = torch.stack([(pattern // 3 ** t) % 3 + 3 * t for t in range(self.dict_types)], -1)
            parts = [self.word(words), self.char_features(chars), self.casing(casings // n), self.dict(idx).sum(-2)]
        else:
            parts = [self.word(words), self.char_features(chars), self.casing(casings)]
        if self.style is not None:
            if styles is None:
                styles = torch.zeros(words.shape[0], dtype=torch.long, device=words.device)
            parts.append(self.style(styles).unsqueeze(1).expand(-1, words.shape[1], -1))
        x = torch.cat(parts, -1)
        x = self.drop(x)
        if self.encoder == "idcnn":
            # Padding words are zeros before every layer, so a word's result never depends on the batch's padding.
            mask = (torch.arange(words.shape[1], device=words.device).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(1).float()  # [B, 1, T]
            h = torch.relu(self.conv_in(x.transpose(1, 2) * mask)) * mask
            for _ in range(self.iterations):
                for conv in self.convs:
                    h = torch.relu(conv(h)) * mask
            return self.out(self.drop(h.transpose(1, 2)))
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=words.shape[1])
        return self.out(self.drop(h))


def folded_state(model, style_id=0):
    """The state dict of a BiLSTM tagger with its style input fixed to `style_id` and folded into the BiLSTM's
    input biases (bias_ih += W_ih[:, style columns] @ style), the style columns and the embedding dropped: the
    plain network `load_exported` and the app read, computing the same emissions for that style (no dropout)."""
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    if model.dict is not None:
        state["casing.weight"] = casing_table(model)
        del state["dict.weight"]
    if model.style is None:
        return state
    e = model.style.weight[style_id].detach()
    d = e.shape[0]
    for sfx in ("", "_reverse"):
        w = state[f"lstm.weight_ih_l0{sfx}"]
        state[f"lstm.bias_ih_l0{sfx}"] = state[f"lstm.bias_ih_l0{sfx}"] + w[:, -d:] @ e
        state[f"lstm.weight_ih_l0{sfx}"] = w[:, :-d].contiguous()
    del state["style.weight"]
    return state


def casing_table(model):
    """The casing and dictionary embeddings multiplied out: row c * 3**types + pattern is the casing class's
    embedding then the sum of the pattern's (type, state) embeddings, what `emissions` concatenates."""
    n = 3 ** model.dict_types
    patterns = torch.arange(n)
    idx = torch.stack([(patterns // 3 ** t) % 3 + 3 * t for t in range(model.dict_types)], -1)
    dict_rows = model.dict.weight.detach()[idx].sum(1)  # [n, dict_dim]
    cas = model.casing.weight.detach()
    return torch.cat([cas.repeat_interleave(n, 0), dict_rows.repeat(cas.shape[0], 1)], 1).contiguous()


def export_config(model):
    """The exported network's sizes: a dictionary's embedding is then part of the casing table."""
    config = {k: v for k, v in model.config.items() if k not in ("n_styles", "style_dim")}
    if model.dict is not None:
        config["casing_dim"] = model.config["casing_dim"] + model.dict.weight.shape[1]
        config["casing_rows"] = model.casing.weight.shape[0] * 3 ** model.dict_types
    return config


def style_bias_offset(model, style_id, base_id=0):
    """(forward, backward) input-bias offsets: folded_state(model, style_id)'s BiLSTM input biases less
    folded_state(model, base_id)'s, the only weights the two differ in."""
    d = model.style.weight.shape[1]
    delta = (model.style.weight[style_id] - model.style.weight[base_id]).detach()
    return tuple(model.state_dict()[f"lstm.weight_ih_l0{sfx}"][:, -d:] @ delta for sfx in ("", "_reverse"))


def load_exported(export_dir):
    """The tagger train_tagger.py exported (tagger.json, tagger.safetensors), in eval mode, CRF included."""
    info = json.load(open(os.path.join(export_dir, "tagger.json"), encoding="utf-8"))
    t = safetensors_io.load(os.path.join(export_dir, "tagger.safetensors"))
    m = Tagger(info["n_words"], info["n_chars"], info["labels"], word_dim=info["word_dim"], char_dim=info["char_dim"],
               char_filters=info["char_filters"], char_width=info["char_width"], casing_dim=info["casing_dim"],
               hidden=info["hidden"], encoder=info.get("encoder", "bilstm"), dilations=info.get("dilations", (1, 2, 4)),
               iterations=info.get("iterations", 2), casing_rows=info.get("casing_rows", 0))
    # style.* are the bias offsets of other conventions (train_tagger.export); the network runs without them
    state = {k: torch.from_numpy(v) for k, v in t.items() if not k.startswith(("crf.", "style."))}
    # The export holds the CRF scores with the fixed IOB2 penalties added; take them off again.
    state["crf.trans"] = torch.from_numpy(t["crf.transitions"]) - m.crf.trans_pen
    state["crf.start"] = torch.from_numpy(t["crf.start_scores"]) - m.crf.start_pen
    state["crf.end"] = torch.from_numpy(t["crf.end"])
    state["crf.trans_pen"], state["crf.start_pen"] = m.crf.trans_pen, m.crf.start_pen
    m.load_state_dict(state)
    return m.eval()
