"""Devel macro of an ensemble of converted taggers (their emission scores averaged, their CRF scores averaged,
one Viterbi path per sentence), scored as train_multi.py scores an epoch, for each model alone and for the
ensemble of the first k models, k = 2 … n: whether an ensemble is worth distilling into one model.
The models must share one vocabulary (runs of one lineage).
    python3 ensemble_eval.py runs/try16-uint8 runs/try19-uint8 runs/try18-uint8 runs/try20-uint8
"""
import sys, time

import torch

import multi_corpus as mc
from browser_tagger import load_browser_tagger
from fit_style_head import features, viterbi_paths
from train_multi import examples_of, held_out_and_devel, macro, score
from train_tagger import Encoder

TRAINED_DEVEL = {"BC5CDR", "NCBI-disease", "BC2GM"}  # devel trained on (train_multi.py), not scored
SKIP = TRAINED_DEVEL | {"GSCplus-HPO"}


def report(name, scores):
    m, per_type = macro({k: v for k, v in scores.items() if k[0].split("+")[0] not in SKIP})
    print(f"{name}: devel macro {m:.2f} (" + ", ".join(f"{t} {f:.2f}" for t, f in sorted(per_type.items())) + ")", flush=True)
    for key in ("NLM-Gene", "GNormPlus", "S800", "DrugProt"):
        print("    " + ", ".join(f"{c}/{t} {v[2]:.2f}" for (c, t), v in sorted(scores.items()) if c.split("+")[0] == key), flush=True)


def main():
    torch.set_num_threads(2)
    t0 = time.time()
    _, devel = held_out_and_devel(mc.DEFAULT_DATA, TRAINED_DEVEL)
    total, crf_sum, crf = None, None, None
    for k, folder in enumerate(sys.argv[1:], 1):
        model, words, chars, meta = load_browser_tagger(folder)
        dictionary = f"{folder}/{meta['dictionary']['file']}" if meta.get("dictionary") else None
        feats = features(model, examples_of(devel, Encoder(words, chars), dictionary))
        with torch.no_grad():
            em = [model.out(x) for x in feats]
        report(f"{folder} alone ({time.time() - t0:.0f} s)", score(devel, viterbi_paths(torch.nn.Identity(), model.crf, em)))
        total = em if total is None else [a + b for a, b in zip(total, em)]
        state = {n: v.detach().clone() for n, v in model.crf.state_dict().items()}
        crf_sum = state if crf_sum is None else {n: crf_sum[n] + state[n] for n in state}
        crf = model.crf
        if k >= 2:
            crf.load_state_dict({n: v / k for n, v in crf_sum.items()})
            with torch.no_grad():
                paths = viterbi_paths(torch.nn.Identity(), crf, [e / k for e in total])
            report(f"ensemble of the first {k}", score(devel, paths))


if __name__ == "__main__":
    main()
