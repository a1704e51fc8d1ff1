"""Writes what the trainer computes for each word of tests/fixtures/tagger-words.json (embedding key, casing
class, clipped characters), so tests/tagger-features.test.ts can check that src/ner/tagger-features.ts
computes the same. Run after changing tagger_data.py:
    python3 training/tagger_fixture.py
"""
import argparse, json
from tagger_data import CASINGS, casing, clip_chars, word_key

ap = argparse.ArgumentParser()
ap.add_argument("--words", default="tests/fixtures/tagger-words.json")
ap.add_argument("--out", default="tests/fixtures/tagger-python-features.json")
args = ap.parse_args()
words = json.load(open(args.words, encoding="utf-8"))
out = [{"word": w, "key": word_key(w), "casing": CASINGS[casing(w)], "chars": clip_chars(w)} for w in words]
with open(args.out, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False)
    f.write("\n")
print(f"wrote {len(out)} words to {args.out}")
