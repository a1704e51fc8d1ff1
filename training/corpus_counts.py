"""Documents and mentions of our types per corpus of corpora.json for one split, as JSON: what tests/corpora.test.ts
compares with tools/lib/corpora.ts, so the trainer and npm run eval read the same documents.
    python3 training/corpus_counts.py [--split test] [--data ../shared/data]
"""
import argparse, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import multi_corpus as mc  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--split", default="test")
ap.add_argument("--data", default=mc.DEFAULT_DATA)
args = ap.parse_args()
out = {}
for spec in mc.CORPORA:
    if args.split not in spec.files:
        continue
    docs = spec.files[args.split](args.data, args.split)
    mentions = sum(1 for d in docs for s in d.spans if spec.tags.get(s[2]) in mc.TYPES)
    masked = sum(1 for d in docs for s in d.spans if spec.tags.get(s[2]) == mc.MASK)
    out[spec.name] = {"documents": len(docs), "mentions": mentions, "masked": masked, "characters": sum(len(d.text) for d in docs)}
print(json.dumps(out))
