"""Dictionary features for the trainer (train_multi.py --dictionary): each word's pattern of dictionary states
(per type O, B or I of the longest dictionary name there), computed by the app's own code
(src/ner/dictionary-features.ts through `npm run dictionary-features`), never re-implemented here, so training
sees exactly what the app computes. The dictionary file is built by `npm run build-dictionary`."""
import json, os, subprocess

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = ["node", "--import", "tsx", "tools/dictionary-features.ts"]
STATES = 3  # O, B, I (DICTIONARY_STATES in src/ner/dictionary-features.ts)
_types = []


def types():
    """The dictionary's types in pattern order, as the app defines them (DICTIONARY_TYPES in src/model/format.ts)."""
    if not _types:
        _types.extend(json.loads(subprocess.run(CLI + ["--types"], capture_output=True, text=True, cwd=REPO,
                                                check=True).stdout))
    return list(_types)


def patterns(sentences_words, dictionary):
    """[[pattern per word] per sentence] for lists of words (the app's split)."""
    if not sentences_words:
        return []
    text = "".join(json.dumps(list(ws), ensure_ascii=False) + "\n" for ws in sentences_words)
    run = subprocess.run(CLI + ["--dictionary", os.path.abspath(dictionary)], input=text, capture_output=True,
                         text=True, cwd=REPO)
    if run.returncode:
        raise RuntimeError(f"npm run dictionary-features failed: {run.stderr.strip()}")
    out = [json.loads(l) for l in run.stdout.splitlines() if l]
    if len(out) != len(sentences_words) or any(len(p) != len(w) for p, w in zip(out, sentences_words)):
        raise RuntimeError("npm run dictionary-features gave another number of sentences or words than it was given")
    return out

