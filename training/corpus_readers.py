"""Readers for the corpus formats in ../shared/data, each giving documents as raw text with character spans.

A document is `Doc(id, text, spans, sentences)`: `spans` are (start, end, tag) with the corpus's own tag name,
`sentences` the corpus's own sentence ranges where it has them (the IOB and CoNLL files are split already),
else None (the trainer splits them the app's way). Every reader keeps `text[start:end]` equal to the mention;
a mention whose offsets do not match its text (a few upstream errors, extra/README.md) is dropped and counted.
"""
import csv
import glob
import os
from dataclasses import dataclass, field


@dataclass
class Doc:
    id: str
    text: str
    spans: list = field(default_factory=list)   # [(start, end, tag)]
    sentences: list = None                      # [(start, end)] or None
    skipped: int = 0                            # mentions whose offsets did not match their text


def _iob_spans(offsets, tags):
    """(start, end, tag) runs of IOB2 tags over token offsets; an I- that does not continue its type starts one."""
    spans, cur = [], None
    for (s, e), tag in zip(offsets, tags):
        if tag == "O" or not tag:
            if cur:
                spans.append(tuple(cur))
            cur = None
            continue
        bio, kind = tag.split("-", 1)
        if bio == "I" and cur is not None and cur[2] == kind:
            cur[1] = e
        else:
            if cur:
                spans.append(tuple(cur))
            cur = [s, e, kind]
    if cur:
        spans.append(tuple(cur))
    return spans


def _token_rows(path, parse):
    """Sentences of a one-token-per-line file (blank line between sentences), each row as `parse(line)` gives it."""
    sentences, rows = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if rows:
                    sentences.append(rows)
                rows = []
                continue
            rows.append(parse(line))
    if rows:
        sentences.append(rows)
    return sentences


def _sentence_docs(sentences, prefix):
    """One Doc per sentence of (token, tag, space after) rows, the text rebuilt with its spacing."""
    docs = []
    for rows in sentences:
        text, offs = "", []
        for tok, _, space in rows:
            offs.append((len(text), len(text) + len(tok)))
            text += tok + (" " if space else "")
        text = text.rstrip(" ")
        docs.append(Doc(f"{prefix}:{len(docs)}", text, _iob_spans(offs, [r[1] for r in rows]), [(0, len(text))]))
    return docs


def read_iob_tsv(path, prefix):
    """`token<TAB>tag` per line, blank line between sentences (../corpora): one Doc per sentence, tokens joined by
    single spaces (these files keep no original spacing)."""
    def parse(line):
        tok, tag = line.split("\t")
        return tok, tag, True
    return _sentence_docs(_token_rows(path, parse), prefix)


def read_conll(path, prefix):
    """HUNER's CoNLL: `token tag +|-` (a space follows the token or not), blank line between sentences; the
    original spacing is rebuilt from the last column."""
    def parse(line):
        cols = line.split(" ")
        return " ".join(cols[:-2]), cols[-2], cols[-1] == "+"
    return _sentence_docs(_token_rows(path, parse), prefix)


def read_pubtator(path):
    """`pmid|t|title`, `pmid|a|abstract`, then `pmid<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>id]`; the text is
    title, a separator, abstract (the title alone where the abstract is empty, as in DrugProt's train file)."""
    docs, cur = [], None
    title = abstract = None
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if "|t|" in line[:40] and "\t" not in line.split("|t|")[0]:
                pmid, _, title = line.split("|", 2)
                cur = Doc(pmid, title)
                docs.append(cur)
                continue
            if "|a|" in line[:40] and "\t" not in line.split("|a|")[0]:
                abstract = line.split("|", 2)[2]
                cur.text = cur.text + "\n" + abstract if abstract else cur.text  # as the app reads it: one separator, a line break
                continue
            cols = line.split("\t")
            if len(cols) < 5 or not cols[1].isdigit():
                continue  # relation lines (CID) and the like
            s, e, mention, tag = int(cols[1]), int(cols[2]), cols[3], cols[4]
            if cur.text[s:e] != mention:
                cur.skipped += 1
                continue
            cur.spans.append((s, e, tag))
    return docs


def read_brat(folder):
    """brat standoff: NAME.txt and NAME.ann (`T1<TAB>type start end[;start end]<TAB>text`); a discontinuous
    mention keeps its first fragment only if that fragment is the whole text, else it is dropped."""
    docs = []
    for txt in sorted(glob.glob(os.path.join(folder, "*.txt"))):
        with open(txt, encoding="utf-8") as f:
            text = f.read()
        doc = Doc(os.path.splitext(os.path.basename(txt))[0], text)
        ann = txt[:-4] + ".ann"
        if os.path.exists(ann):
            with open(ann, encoding="utf-8") as f:
                for line in f:
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) < 3 or not cols[0].startswith("T"):
                        continue
                    tag, *frags = cols[1].replace(";", " ").split(" ")
                    if len(frags) != 2:
                        doc.skipped += 1
                        continue
                    s, e = int(frags[0]), int(frags[1])
                    if text[s:e] != cols[2]:
                        doc.skipped += 1
                        continue
                    doc.spans.append((s, e, tag))
        docs.append(doc)
    return docs


def read_metabolite_gold(folder):
    """MetaboliteNER's gold standard: GoldStandard.txt (`pmcid<TAB>sentence id<TAB>sentence`) and
    GoldStandardAnnot.tsv (`pmcid<TAB>sentence id<TAB>start<TAB>end<TAB>text`): one Doc per sentence."""
    docs = {}
    with open(os.path.join(folder, "GoldStandard.txt"), encoding="utf-8-sig") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 3:
                key = (row[0], row[1])
                docs[key] = Doc(f"{row[0]}:{row[1]}", "\t".join(row[2:]))
                docs[key].sentences = [(0, len(docs[key].text))]
    with open(os.path.join(folder, "GoldStandardAnnot.tsv"), encoding="utf-8-sig") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 5 or (row[0], row[1]) not in docs:
                continue
            d = docs[(row[0], row[1])]
            s, e = int(row[2]), int(row[3])
            if d.text[s:e] != row[4]:
                d.skipped += 1
                continue
            d.spans.append((s, e, "metabolite"))
    return list(docs.values())
