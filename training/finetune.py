"""Fine-tune the pretrained encoder for Gene / Chemical / Disease tagging on the union of the corpora,
with a partial-label loss (see corpora.py), evaluate on devel every epoch, export the best epoch as a
Hugging Face BertForTokenClassification checkpoint. Resumable per epoch."""
import argparse, csv, json, os, random, shutil, time
import numpy as np
import torch
from bert import Config, BertForTokenClassification
from corpora import LABELS, CORPUS_TYPES, EVAL_SETS, read_iob, encode_sentence, gold_spans, sentence_text, corpus_path
from decode import decode_words, prf, viterbi
from wordpiece import WordPiece
import safetensors_io


def make_batches(examples, batch, rng):
    """Shuffle, then sort within pools of 50 batches so padding stays small."""
    idx = list(range(len(examples)))
    rng.shuffle(idx)
    pool = batch * 50
    batches = []
    for i in range(0, len(idx), pool):
        chunk = sorted(idx[i:i + pool], key=lambda j: len(examples[j][0]))
        batches += [chunk[k:k + batch] for k in range(0, len(chunk), batch)]
    rng.shuffle(batches)
    return batches


def collate(examples, members, n_labels):
    width = max(len(examples[j][0]) for j in members)
    ids = torch.zeros(len(members), width, dtype=torch.long)
    mask = torch.zeros(len(members), width, dtype=torch.long)
    allowed = torch.zeros(len(members), width, n_labels, dtype=torch.bool)
    for r, j in enumerate(members):
        seq, allow = examples[j]
        ids[r, :len(seq)] = torch.tensor(seq)
        mask[r, :len(seq)] = 1
        for c, a in enumerate(allow):
            if a is not None:
                allowed[r, c, a] = True
    return ids, mask, allowed


def partial_label_loss(logits, allowed):
    """-log of the probability mass on the labels compatible with the annotation, over labelled pieces."""
    valid = allowed.any(-1)
    log_z = torch.logsumexp(logits, -1)
    log_allowed = torch.logsumexp(logits.masked_fill(~allowed, float("-inf")), -1)
    return (log_z - log_allowed)[valid].mean()


@torch.no_grad()
def predict_spans(model, wp, texts, batch=64, max_len=None, decoding="argmax"):
    """Spans per text. Word label = label of its first piece; `argmax` takes each word's best label and
    repairs invalid I- (the app's rule), `viterbi` takes the best label sequence that is valid IOB2.
    decoding="both" returns {"argmax": spans, "viterbi": spans}."""
    model.eval()
    max_len = max_len or model.bert.config.max_position_embeddings
    encoded = []
    for t in texts:
        words = wp.encode_words(t)
        ids, first = [wp.cls], []
        for s, e, pieces in words:
            first.append(len(ids))
            ids += pieces
        encoded.append((words, ids[: max_len - 1] + [wp.sep], first))
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i][1]))
    modes = ("argmax", "viterbi") if decoding == "both" else (decoding,)
    out = {m: [None] * len(texts) for m in modes}
    for k in range(0, len(order), batch):
        members = order[k:k + batch]
        width = max(len(encoded[i][1]) for i in members)
        ids = torch.zeros(len(members), width, dtype=torch.long)
        mask = torch.zeros_like(ids)
        for r, i in enumerate(members):
            seq = encoded[i][1]
            ids[r, :len(seq)] = torch.tensor(seq)
            mask[r, :len(seq)] = 1
        logprobs = torch.log_softmax(model(ids, mask), -1)
        labels = logprobs.argmax(-1)
        for r, i in enumerate(members):
            words, seq, first = encoded[i]
            kept = [p for p in first if p < len(seq) - 1]  # words past the truncation are O
            spans_of = [(s, e) for s, e, _ in words]
            if "argmax" in out:
                word_labels = [int(labels[r, p]) for p in kept] + [0] * (len(first) - len(kept))
                out["argmax"][i] = decode_words(spans_of, word_labels)
            if "viterbi" in out:
                word_labels = viterbi(logprobs[r, kept].tolist()) + [0] * (len(first) - len(kept))
                out["viterbi"][i] = decode_words(spans_of, word_labels)
    return out if decoding == "both" else out[decoding]


def evaluate(model, wp, corpora, split, limit=None, decoding="argmax", cache=None):
    """Entity-level exact P/R/F1 per EVAL_SETS entry; pass the same `cache` dict to score another decoding
    without running the model again."""
    scores = {}
    cache = {} if cache is None else cache
    for corpus, kind, name in EVAL_SETS:
        if corpus not in cache:
            sents = read_iob(corpus_path(corpora, corpus, split))[:limit]
            texts = [sentence_text(toks)[0] for toks, _ in sents]
            cache[corpus] = (sents, predict_spans(model, wp, texts, decoding="both"))
        sents, preds = cache[corpus][0], cache[corpus][1][decoding]
        tp = fp = fn = 0
        for (toks, tags), pred in zip(sents, preds):
            gold = {s for s in gold_spans(toks, tags, CORPUS_TYPES[corpus]) if s[0] == kind}
            got = {s for s in pred if s[0] == kind}
            tp += len(gold & got); fp += len(got - gold); fn += len(gold - got)
        p, r, f = prf(tp, fp, fn)
        scores[name] = {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2)}
    return scores


def export(model, cfg, args, wp, scores, out):
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    config = cfg.to_hf()
    config.update({"architectures": ["BertForTokenClassification"],
                   "id2label": {str(i): l for i, l in enumerate(LABELS)},
                   "label2id": {l: i for i, l in enumerate(LABELS)}})
    with open(os.path.join(tmp, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    tensors = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    safetensors_io.save(tensors, os.path.join(tmp, "model.safetensors"), {"format": "pt"})
    shutil.copy(args.vocab, os.path.join(tmp, "vocab.txt"))
    with open(os.path.join(tmp, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": False, "strip_accents": False, "tokenizer_class": "BertTokenizer",
                   "model_max_length": cfg.max_position_embeddings}, f, indent=2)
    with open(os.path.join(tmp, "devel_scores.json"), "w") as f:
        json.dump(scores, f, indent=2)
    for name in ("log.csv",):
        shutil.copy(os.path.join(args.out, name), os.path.join(tmp, "training_log.csv"))
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="../../shared/data/corpora")
    ap.add_argument("--vocab", default="../../shared/data/vocab/bioformer-cased-vocab.txt")
    ap.add_argument("--pretrained", default="runs/pretrain")
    ap.add_argument("--out", default="runs/finetune")
    ap.add_argument("--export", default="runs/checkpoint")
    ap.add_argument("--train-corpora", default="BC5CDR-IOB,NCBI-disease-IOB,BC2GM-IOB")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--threads", type=int, default=1)  # see pretrain.py: OpenBLAS threads itself
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--eval-limit", type=int, default=None)
    ap.add_argument("--decoding", choices=["argmax", "viterbi"], default="argmax",
                    help="span decoding used to pick the best epoch and for the trainer's test scores")
    ap.add_argument("--train-limit", type=int, default=None, help="sentences per corpus, for smoke tests")
    ap.add_argument("--o-loss", choices=["partial", "naive"], default="partial",
                    help="partial: an O is any label of a type the corpus does not annotate; naive: an O is O")
    ap.add_argument("--final-eval-only", action="store_true",
                    help="for ablations: devel only after the last epoch, no test scores")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    wp = WordPiece(args.vocab)
    with open(os.path.join(args.pretrained, "config.json")) as f:
        hf = json.load(f)
    cfg = Config(hf["vocab_size"], hf["hidden_size"], hf["num_hidden_layers"], hf["num_attention_heads"],
                 hf["intermediate_size"], hf["max_position_embeddings"])
    model = BertForTokenClassification(cfg, len(LABELS))
    enc = os.path.join(args.pretrained, "encoder.pt")
    if os.path.exists(enc):
        model.bert.load_state_dict(torch.load(enc))
        print("loaded pretrained encoder", flush=True)
    else:
        print("WARNING: no pretrained encoder, training from scratch", flush=True)

    examples = []
    for corpus in args.train_corpora.split(","):
        for toks, tags in read_iob(corpus_path(args.corpora, corpus, "train"))[:args.train_limit]:
            examples.append(encode_sentence(toks, tags, CORPUS_TYPES[corpus], wp, cfg.max_position_embeddings,
                                            naive_o=args.o_loss == "naive"))
    steps_per_epoch = (len(examples) + args.batch - 1) // args.batch
    total = steps_per_epoch * args.epochs
    print(f"{len(examples)} training sentences, {steps_per_epoch} steps/epoch", flush=True)

    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / (total - warmup))))
    epoch, best = 0, -1.0
    ckpt = os.path.join(args.out, "checkpoint.pt")
    if os.path.exists(ckpt):
        st = torch.load(ckpt)
        model.load_state_dict(st["model"]); opt.load_state_dict(st["opt"]); sched.load_state_dict(st["sched"])
        epoch, best = st["epoch"], st["best"]
        print(f"resumed after epoch {epoch}", flush=True)
    log = open(os.path.join(args.out, "log.csv"), "a", newline="")
    w = csv.writer(log)
    if epoch == 0:
        w.writerow(["epoch", "step", "loss", "devel_BC5CDR-Chemical", "devel_BC5CDR-Disease", "devel_NCBI-disease", "devel_BC2GM"])
    while epoch < args.epochs:
        model.train()
        rng = random.Random(args.seed + epoch)
        t0 = time.time()
        for k, members in enumerate(make_batches(examples, args.batch, rng)):
            ids, mask, allowed = collate(examples, members, len(LABELS))
            loss = partial_label_loss(model(ids, mask), allowed)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if k % 50 == 0:
                w.writerow([epoch + 1, epoch * steps_per_epoch + k, f"{loss.item():.4f}", "", "", "", ""])
                log.flush()
                print(f"epoch {epoch+1} step {k}/{steps_per_epoch} loss {loss.item():.4f} {time.time()-t0:.0f}s", flush=True)
        epoch += 1
        if not args.final_eval_only or epoch == args.epochs:  # ablations score only the last epoch
            cache = {}
            scores = evaluate(model, wp, args.corpora, "devel", args.eval_limit, args.decoding, cache)
            other = evaluate(model, wp, args.corpora, "devel", args.eval_limit,
                             "viterbi" if args.decoding == "argmax" else "argmax", cache)
            print(f"epoch {epoch} devel F1 with the other decoding: {({k: v['f1'] for k, v in other.items()})}", flush=True)
            f1s = [scores[n]["f1"] for _, _, n in EVAL_SETS]
            w.writerow([epoch, epoch * steps_per_epoch, "", *f1s])
            log.flush()
            print(f"epoch {epoch} devel F1 {dict(zip([n for _, _, n in EVAL_SETS], f1s))}", flush=True)
            if sum(f1s) > best:
                best = sum(f1s)
                export(model, cfg, args, wp, scores, args.export)
                print(f"exported epoch {epoch} to {args.export}", flush=True)
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                    "epoch": epoch, "best": best}, ckpt + ".tmp")
        os.replace(ckpt + ".tmp", ckpt)

    if args.final_eval_only:
        return
    # The trainer's own test scores of the exported model, for the check that `npm run eval` (the browser
    # pipeline) agrees with it; never used to choose anything.
    best_state = safetensors_io.load(os.path.join(args.export, "model.safetensors"))
    model.load_state_dict({k: torch.from_numpy(v) for k, v in best_state.items()})
    test = evaluate(model, wp, args.corpora, "test", decoding=args.decoding)
    with open(os.path.join(args.export, "trainer_test_scores.json"), "w") as fh:
        json.dump(test, fh, indent=2)
    print(f"trainer test scores {test}", flush=True)


if __name__ == "__main__":
    main()
