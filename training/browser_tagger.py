"""Reads a converted BiLSTM tagger folder (public/models/<id>: model.json, its weight shards, vocab.json) back
into the trainer's Tagger, its uint8 weights dequantized as the app dequantizes them: the inverse of
tools/convert/tagger.ts. The trainer's checkpoints are never committed, so this is how a script starts from the
model that ships (fit_style_head.py) on a machine that has no training run.
    model, words, chars, meta = load_browser_tagger("public/models/bioner-multi")
The network comes back as the app runs it: any style folded into the BiLSTM's input bias, a dictionary's
embedding multiplied into the casing table (casing_rows rows), the LSTM's two biases summed into bias_ih.
"""
import json, os

import numpy as np
import torch

from tagger import Tagger

# our gate k (input, forget, output, cell) is PyTorch's gate GATE_ORDER[k] (input, forget, cell, output)
GATE_ORDER = [0, 1, 3, 2]


def read_weights(folder):
    """{name: float32 array} of model.json's manifest, dequantized (value = code * scale + min)."""
    model_json = json.load(open(os.path.join(folder, "model.json"), encoding="utf-8"))
    out = {}
    for group in model_json["weightsManifest"]:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        pos = 0
        for spec in group["weights"]:
            n = int(np.prod(spec["shape"])) if spec["shape"] else 1
            q = spec.get("quantization")
            if q:
                if q["dtype"] != "uint8":
                    raise ValueError(f"{spec['name']}: {q['dtype']} quantization is not read here")
                codes = np.frombuffer(data, dtype=np.uint8, count=n, offset=pos)
                values = codes.astype(np.float32) * np.float32(q["scale"]) + np.float32(q["min"])
                pos += n
            else:
                if spec["dtype"] != "float32":
                    raise ValueError(f"{spec['name']}: {spec['dtype']} is not read here")
                values = np.frombuffer(data[pos:pos + 4 * n], dtype="<f4").copy()
                pos += 4 * n
            out[spec["name"]] = values.reshape(spec["shape"])
        if pos != len(data):
            raise ValueError(f"the weight shards hold {len(data)} bytes, the manifest {pos}")
    return out, model_json["userDefinedMetadata"]


def split_directions(both, h):
    """lstmInput [rows, 8h] or lstmBias [8h] (gate by gate, forward then backward units) -> per direction
    [rows, 4h] (or [4h]) in PyTorch's gate order."""
    vec = both.ndim == 1
    x = both.reshape(1, -1) if vec else both
    dirs = []
    for d in range(2):
        parts = [None] * 4
        for k, src in enumerate(GATE_ORDER):
            parts[src] = x[:, k * 2 * h + d * h:k * 2 * h + (d + 1) * h]
        y = np.concatenate(parts, 1)
        dirs.append(y[0] if vec else y)
    return dirs


def interleave_directions(fwd, bwd, h):
    """Per-direction [4h] biases in PyTorch's gate order -> lstmBias's layout [8h] (split_directions' inverse)."""
    out = torch.zeros(8 * h)
    for d, b in enumerate((fwd, bwd)):
        for k, src in enumerate(GATE_ORDER):
            out[k * 2 * h + d * h:k * 2 * h + (d + 1) * h] = b[src * h:(src + 1) * h]
    return out


def load_browser_tagger(folder):
    w, meta = read_weights(folder)
    if meta.get("kind") != "tagger" or meta.get("encoder", "bilstm") != "bilstm":
        raise ValueError(f"{folder} holds no BiLSTM tagger")
    vocab = json.load(open(os.path.join(folder, "vocab.json"), encoding="utf-8"))
    words, chars = vocab["words"], vocab["chars"]
    labels = json.load(open(os.path.join(folder, "labels.json"), encoding="utf-8"))["labels"]
    h = meta["hidden"]
    model = Tagger(len(words), len(chars), labels, word_dim=meta["wordDim"], char_dim=meta["charDim"],
                   char_filters=meta["charFilters"], char_width=meta["charWidth"], casing_dim=meta["casingDim"],
                   hidden=h, casing_rows=w["casing"].shape[0])
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))
    state = {
        "word.weight": t(w["word"]), "char.weight": t(w["char"]),
        "char_cnn.weight": t(w["charFilter"].transpose(2, 1, 0)), "char_cnn.bias": t(w["charBias"]),
        "casing.weight": t(w["casing"]), "out.weight": t(w["out"].T), "out.bias": t(w["outBias"]),
    }
    for sfx, wi, b in zip(("", "_reverse"), split_directions(w["lstmInput"], h), split_directions(w["lstmBias"], h)):
        state[f"lstm.weight_ih_l0{sfx}"] = t(wi.T)
        state[f"lstm.bias_ih_l0{sfx}"] = t(b)
        state[f"lstm.bias_hh_l0{sfx}"] = torch.zeros(4 * h)
    for d, sfx in enumerate(("", "_reverse")):
        rec = w["lstmRecurrent"][d]  # [h units, 4h] gate by gate (our order)
        pt = np.zeros((4 * h, h), dtype=np.float32)
        for k, src in enumerate(GATE_ORDER):
            pt[src * h:(src + 1) * h, :] = rec[:, k * h:(k + 1) * h].T
        state[f"lstm.weight_hh_l0{sfx}"] = t(pt)
    crf = meta["crf"]
    state["crf.trans"] = t(np.array(crf["transitions"])) - model.crf.trans_pen
    state["crf.start"] = t(np.array(crf["start"])) - model.crf.start_pen
    state["crf.end"] = t(np.array(crf["end"]))
    state["crf.trans_pen"], state["crf.start_pen"] = model.crf.trans_pen, model.crf.start_pen
    model.load_state_dict(state)
    return model.eval(), words, chars, meta


def style_bias(meta, style, h):
    """(forward, backward) input-bias offsets of a style in meta.styles, in PyTorch's gate order."""
    off = np.array(meta["styles"][style], dtype=np.float32)
    return tuple(torch.from_numpy(x) for x in split_directions(off, h))
