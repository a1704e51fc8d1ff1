"""Kinds of errors the exported model makes on devel, for the model card: per evaluated corpus/type, how many
false positives and negatives are boundary errors (overlap a gold/predicted span of the same type), type
confusions (same offsets, other type), or plain misses / spurious mentions, with the most frequent examples."""
import argparse, collections, json, os
import numpy as np
import torch
from bert import Config, BertForTokenClassification
from corpora import LABELS, CORPUS_TYPES, EVAL_SETS, read_iob, gold_spans, sentence_text, corpus_path
from finetune import predict_spans
from wordpiece import WordPiece
import safetensors_io


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default="runs/checkpoint")
    ap.add_argument("--corpora", default="../../shared/data/corpora")
    ap.add_argument("--split", default="devel")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--decoding", choices=["argmax", "viterbi"], default="argmax", help="as the app decodes")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    with open(os.path.join(args.checkpoint, "config.json")) as f:
        hf = json.load(f)
    cfg = Config(hf["vocab_size"], hf["hidden_size"], hf["num_hidden_layers"], hf["num_attention_heads"],
                 hf["intermediate_size"], hf["max_position_embeddings"])
    model = BertForTokenClassification(cfg, len(LABELS))
    model.load_state_dict({k: torch.from_numpy(v) for k, v in safetensors_io.load(os.path.join(args.checkpoint, "model.safetensors")).items()})
    wp = WordPiece(os.path.join(args.checkpoint, "vocab.txt"))
    cache = {}
    report = {}
    for corpus, kind, name in EVAL_SETS:
        if corpus not in cache:
            sents = read_iob(corpus_path(args.corpora, corpus, args.split))
            texts = [sentence_text(t)[0] for t, _ in sents]
            cache[corpus] = (sents, texts, predict_spans(model, wp, texts, decoding=args.decoding))
        sents, texts, preds = cache[corpus]
        kinds = collections.Counter()
        examples = collections.defaultdict(collections.Counter)
        for (toks, tags), text, pred in zip(sents, texts, preds):
            gold_all = set(gold_spans(toks, tags, CORPUS_TYPES[corpus]))
            gold = {s for s in gold_all if s[0] == kind}
            got = {s for s in pred if s[0] == kind}
            for s in gold - got:
                if any(p[1] < s[2] and s[1] < p[2] for p in got):
                    k = "boundary (gold side)"
                elif any(p[1] == s[1] and p[2] == s[2] for p in pred):
                    k = "tagged as another type"
                else:
                    k = "missed"
                kinds[k] += 1
                examples[k][text[s[1]:s[2]]] += 1
            for s in got - gold:
                if any(g[1] < s[2] and s[1] < g[2] for g in gold):
                    k = "boundary (predicted side)"
                elif any(g[1] == s[1] and g[2] == s[2] for g in gold_all):
                    k = "gold has another type"
                else:
                    k = "spurious"
                kinds[k] += 1
                examples[k][text[s[1]:s[2]]] += 1
        report[name] = {k: {"count": n, "examples": [e for e, _ in examples[k].most_common(8)]} for k, n in kinds.most_common()}
        print(f"\n{name} ({args.split})")
        for k, v in report[name].items():
            print(f"  {k}: {v['count']}  e.g. {', '.join(v['examples'][:6])}")
    with open(os.path.join(args.checkpoint, f"errors_{args.split}.json"), "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
