"""Export the trained tagger's network (emission scores; the CRF is decoded in JavaScript either way) to ONNX,
for `npm run bench` to run the same model in onnxruntime-web beside the app's tfjs path:
    python3 training/export_onnx.py [--export training/runs/tagger-base/export] [--out training/runs/onnx/bioner-crf.onnx]

Inputs (int64): words [batch, steps], chars [batch, steps, charLen], casings [batch, steps], lengths [batch];
output: emissions [batch, steps, labels]. ONNX has no packed sequences, so the backward LSTM reads each row
reversed within its own length (a gather), as the app's tfjs network does. Float32 weights (the app's are
uint8); no `onnx` Python package is needed.
"""
import argparse, os
import torch
from torch import nn

from tagger import Tagger, load_exported

HERE = os.path.dirname(os.path.abspath(__file__))


class OnnxTagger(nn.Module):
    def __init__(self, m: Tagger):
        super().__init__()
        self.m = m
        if m.encoder == "idcnn":
            return  # convolutions export as they are
        hidden, inp = m.lstm.hidden_size, m.lstm.input_size
        self.fwd = nn.LSTM(inp, hidden, batch_first=True)
        self.bwd = nn.LSTM(inp, hidden, batch_first=True)
        for name in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]:
            getattr(self.fwd, name + "_l0").data = getattr(m.lstm, name + "_l0").data.clone()
            getattr(self.bwd, name + "_l0").data = getattr(m.lstm, name + "_l0_reverse").data.clone()

    def forward(self, words, chars, casings, lengths):
        m = self.m
        if m.encoder == "idcnn":
            return m.emissions(words, chars, casings, lengths)
        x = torch.cat([m.word(words), m.char_features(chars), m.casing(casings)], -1)
        steps = torch.arange(words.shape[1]).unsqueeze(0)
        lens = lengths.unsqueeze(1)
        rev = torch.where(steps < lens, lens - 1 - steps, steps)  # [B, T]
        idx = rev.unsqueeze(2).expand(-1, -1, x.shape[2])
        hf, _ = self.fwd(x)
        hb, _ = self.bwd(torch.gather(x, 1, idx))
        hb = torch.gather(hb, 1, rev.unsqueeze(2).expand(-1, -1, hb.shape[2]))
        return m.out(torch.cat([hf, hb], -1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--export", default=os.path.join(HERE, "runs", "tagger-base", "export"))
    ap.add_argument("--out", default=os.path.join(HERE, "runs", "onnx", "bioner-crf.onnx"))
    args = ap.parse_args()
    m = OnnxTagger(load_exported(args.export)).eval()
    words = torch.tensor([[5, 6, 7, 0], [8, 9, 0, 0]])
    chars = torch.randint(1, 20, (2, 4, 6))
    casings = torch.tensor([[1, 2, 3, 0], [1, 1, 0, 0]])
    lengths = torch.tensor([3, 2])
    with torch.no_grad():
        ref = m.m.emissions(words, chars, casings, lengths)
        got = m(words, chars, casings, lengths)
    for r, n in enumerate(lengths.tolist()):
        assert torch.allclose(ref[r, :n], got[r, :n], atol=1e-4), "the ONNX graph must compute the tagger's emissions"
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    torch.onnx.export(m, (words, chars, casings, lengths), args.out, opset_version=14,
                      input_names=["words", "chars", "casings", "lengths"], output_names=["emissions"],
                      dynamic_axes={"words": {0: "batch", 1: "steps"}, "chars": {0: "batch", 1: "steps", 2: "charLen"},
                                    "casings": {0: "batch", 1: "steps"}, "lengths": {0: "batch"},
                                    "emissions": {0: "batch", 1: "steps"}})
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
