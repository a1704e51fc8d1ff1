"""Writes a tiny random tagger in the export format (tagger.json, tagger.safetensors) and the emission scores
PyTorch computes for a few sentences, so tests/tagger-runner.test.ts can check the converter and the app's
tfjs network against the trainer's:
    python3 training/tiny_tagger_fixture.py
    python3 training/tiny_tagger_fixture.py --styled --out tests/fixtures/tiny-tagger-styled
    python3 training/tiny_tagger_fixture.py --dictionary --out tests/fixtures/tiny-tagger-dictionary
With --styled the tagger has a two-style input: the export folds style 0 in and carries style 1 as the offset
"Other", and expected.json adds style 1's emissions (`emissionsByStyle`). With --dictionary it has dictionary
features from a tiny dictionary (written by the app's code, as are the features: dictionary_features.py), and
expected.json adds each word's pattern (`patterns`).
"""
import argparse, json, os, subprocess
import torch
import dictionary_features
from corpora import LABELS
from tagger import Tagger
from tagger_data import PAD
from train_tagger import Encoder, collate, export

ap = argparse.ArgumentParser()
ap.add_argument("--out", default="tests/fixtures/tiny-tagger")
ap.add_argument("--encoder", default="bilstm")
ap.add_argument("--styled", action="store_true")
ap.add_argument("--dictionary", action="store_true")
args = ap.parse_args()
torch.manual_seed(3)
words = ["<pad>", "<unk>", "the", "il", "-", "0", "of", "cancer", "cisplatin", "."]
chars = ["<pad>", "<unk>"] + list("abcdefghijklmnopqrstuvwxyzIL-0123456789.")
model = Tagger(len(words), len(chars), LABELS, word_dim=6, char_dim=5, char_filters=4, char_width=3, casing_dim=3, hidden=5, encoder=args.encoder,
               **({"n_styles": 2, "style_dim": 2} if args.styled else {}),
               **({"dict_types": len(dictionary_features.types()), "dict_dim": 2} if args.dictionary else {}))
with torch.no_grad():
    for p in model.parameters():
        p.uniform_(-0.8, 0.8)
    model.word.weight[PAD].zero_()
    model.char.weight[PAD].zero_()
model.eval()
sentences = [["The", "IL", "-", "6", "of", "cancer", "."], ["Cisplatin", "Zq", "ACGTACGTACGTACGTACGTACGTACGTACGTAC"], ["x"]]
enc = Encoder(words, chars)
examples = [(*enc.encode(s), None) for s in sentences]
patterns = None
if args.dictionary:
    os.makedirs(args.out, exist_ok=True)
    dict_file = os.path.join(args.out, "dictionary.bin")
    # Chemical: cisplatin, IL-6; Disease: cancer; Gene: IL-6; Species: none
    script = ("import { Dictionary } from './src/ner/dictionary-features.ts'; import { nameKey } from './src/linking/normalize.ts';"
              "import { writeFileSync } from 'node:fs'; const k = (...n) => n.map(nameKey);"
              f"writeFileSync({json.dumps(os.path.abspath(dict_file))}, Dictionary.fromKeys(['Chemical', 'Disease', 'Gene', 'Species'],"
              "[k('cisplatin', 'IL-6'), k('cancer'), k('IL-6'), []]).toBytes());")
    subprocess.run(["node", "--import", "tsx", "--input-type=module", "-e", script], check=True, cwd=dictionary_features.REPO)
    patterns = dictionary_features.patterns(sentences, dict_file)
    n = dictionary_features.STATES ** len(dictionary_features.types())
    examples = [(w, c, [x * n + p for x, p in zip(k, pt)], a) for (w, c, k, a), pt in zip(examples, patterns)]
w, c, k, lengths, mask, _ = collate(examples, list(range(len(examples))), len(LABELS))
styles = torch.zeros(len(sentences), dtype=torch.long) if args.styled else None
with torch.no_grad():
    em = model.emissions(w, c, k, lengths, styles)
    other = model.emissions(w, c, k, lengths, torch.ones(len(sentences), dtype=torch.long)) if args.styled else None
os.makedirs(args.out, exist_ok=True)
export(model, words, chars, args.out, {}, style_offsets={"Other": 1} if args.styled else None,
       dictionary=dict_file if args.dictionary else None)
rows = lambda e: [e[i, : len(s)].tolist() for i, s in enumerate(sentences)]
with open(os.path.join(args.out, "expected.json"), "w") as f:
    json.dump({"sentences": sentences, "emissions": rows(em), "viterbi": model.crf.viterbi(em, mask),
               **({"emissionsByStyle": {"Other": rows(other)}} if args.styled else {}),
               **({"patterns": patterns} if patterns else {})}, f)
print("wrote", args.out)
