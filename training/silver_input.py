"""Unlabelled abstracts (one per line) as PubTator documents without annotations, for `npm run tag` to label
with the app's pipeline (self-training: train_multi.py --silver). The title is the text up to the first ". "
and the abstract the rest, so the PubTator text (title, one separator, abstract) keeps every character's place
but for that separator."""
import argparse
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", help="text files, one abstract per line")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for k, path in enumerate(args.files):
            with open(path, encoding="utf-8") as f:
                for i, line in enumerate(f):
                    line = " ".join(line.split())
                    if not line:
                        continue
                    cut = line.find(". ")
                    title, abstract = (line[:cut + 1], line[cut + 2:]) if cut > 0 else (line, "")
                    out.write(f"silver{k}-{i}|t|{title}\nsilver{k}-{i}|a|{abstract}\n\n")
                    n += 1
    print(f"{n} documents to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
