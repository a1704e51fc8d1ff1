"""Writes the ids the trainer's tokenizer gives for tests/fixtures/tokenizer-texts.json, so a unit test can
check that the shipped tokenizer.json (through @xenova/transformers and the app's offset tokenizer) gives
exactly the same ids. Run after changing the vocabulary or the tokenizer:
    python3 training/tokenizer_fixture.py --vocab <vocab.txt> --out tests/fixtures/tokenizer-python-ids.json
"""
import argparse, json
from wordpiece import WordPiece

ap = argparse.ArgumentParser()
ap.add_argument("--vocab", required=True)
ap.add_argument("--texts", default="tests/fixtures/tokenizer-texts.json")
ap.add_argument("--out", default="tests/fixtures/tokenizer-python-ids.json")
args = ap.parse_args()
wp = WordPiece(args.vocab)
texts = json.load(open(args.texts, encoding="utf-8"))
out = [{"text": t, "ids": [i for _, _, ids in wp.encode_words(t) for i in ids]} for t in texts]
with open(args.out, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False)
    f.write("\n")
print(f"wrote {len(out)} texts to {args.out}")
