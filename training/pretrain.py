"""Masked-language-model pretraining on in-domain text (test splits excluded).

Resumable: a checkpoint is written every --save-every steps and picked up on restart.
"""
import argparse, csv, glob, json, os, random, time
import numpy as np
import torch
import torch.nn.functional as F
from bert import Config, BertForMaskedLM
from corpora import read_iob, CORPUS_TYPES
from wordpiece import WordPiece

ALL_CORPORA = list(CORPUS_TYPES) + ["AnatEM-IOB", "linnaeus-IOB"]


def pretraining_lines(corpora, text_dir):
    """Train and devel sentences of every corpus plus the unlabelled text files; never a test split."""
    for corpus in ALL_CORPORA:
        for split in ("train", "devel"):
            path = os.path.join(corpora, corpus, split + ".tsv")
            if os.path.exists(path):
                for tokens, _ in read_iob(path):
                    yield " ".join(tokens)
    for path in sorted(glob.glob(os.path.join(text_dir, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield line.strip()


def token_stream(args, wp):
    cache = os.path.join(args.out, "ids.npy")
    if os.path.exists(cache):
        return np.load(cache)
    ids = []
    for line in pretraining_lines(args.corpora, args.text):
        for _, _, pieces in wp.encode_words(line):
            ids.extend(pieces)
        ids.append(wp.sep)
    arr = np.array(ids, dtype=np.int32)
    np.save(cache, arr)
    return arr


def mask_batch(seqs, wp, vocab_size, rng):
    x = seqs.clone()
    special = (x == wp.cls) | (x == wp.sep) | (x == wp.pad)
    prob = torch.rand(x.shape, generator=rng)
    masked = (prob < 0.15) & ~special
    targets = x[masked]
    r = torch.rand(targets.shape, generator=rng)
    replaced = targets.clone()
    replaced[r < 0.8] = wp.mask
    rand_ids = torch.randint(1000, vocab_size, targets.shape, generator=rng)
    swap = (r >= 0.8) & (r < 0.9)
    replaced[swap] = rand_ids[swap]
    x[masked] = replaced
    return x, masked, targets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="../../shared/data/corpora")
    ap.add_argument("--text", default="../../shared/data/text")
    ap.add_argument("--vocab", default="../../shared/data/vocab/bioformer-cased-vocab.txt")
    ap.add_argument("--out", default="runs/pretrain")
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--save-every", type=int, default=100)
    # One torch thread and OpenBLAS's own two: measured 1.7 s/step against 2.9 s with two torch threads (oversubscribed).
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--time-budget", type=float, default=None,
                    help="minutes from this (re)start: after 20 steps and every 100 after, set the total to what "
                         "fits at the recent speed, at most --steps (the schedule follows); the plan is logged")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--warmup", type=int, default=None, help="warm-up steps (default: a twentieth of --steps)")
    ap.add_argument("--init", default=None,
                    help="checkpoint.pt of an earlier run to continue from: its weights and optimizer state, a new "
                         "warm-up and decay over --steps more steps; log steps continue its numbering")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)

    wp = WordPiece(args.vocab)
    t0 = time.time()
    stream = token_stream(args, wp)
    body = args.seq - 2
    n_chunks = len(stream) // body
    chunks = torch.from_numpy(stream[: n_chunks * body].astype(np.int64)).view(n_chunks, body)
    print(f"pretraining tokens {len(stream):,} -> {n_chunks:,} sequences of {args.seq} ({time.time()-t0:.0f}s)", flush=True)

    cfg = Config(len(wp.itos), hidden_size=args.hidden, num_hidden_layers=args.layers,
                 num_attention_heads=args.heads, intermediate_size=4 * args.hidden,
                 max_position_embeddings=args.seq)  # no position past what pretraining trains
    model = BertForMaskedLM(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01, betas=(0.9, 0.98))
    step = 0
    ckpt = os.path.join(args.out, "checkpoint.pt")
    if args.init and not os.path.exists(ckpt):
        state = torch.load(args.init)
        model.load_state_dict(state["model"]); opt.load_state_dict(state["opt"])
        for g in opt.param_groups:
            g["lr"] = g["initial_lr"] = args.lr
        step = state["step"]
        print(f"continuing from {args.init} at step {step}", flush=True)
    # Steps of this run go from `first` to `total`; the schedule counts from `first` (a continued run warms up
    # again). total may shrink under --time-budget.
    plan = {"first": step, "total": step + args.steps, "warmup": args.warmup or max(1, args.steps // 20)}
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(
        (s + 1) / plan["warmup"],
        max(0.0, (plan["total"] - plan["first"] - s) / (plan["total"] - plan["first"] - plan["warmup"]))))
    if os.path.exists(ckpt):
        state = torch.load(ckpt)
        model.load_state_dict(state["model"]); opt.load_state_dict(state["opt"]); sched.load_state_dict(state["sched"])
        step = state["step"]
        plan["total"] = state.get("total", plan["total"])
        plan["first"] = state.get("first", 0)
        print(f"resumed at step {step}", flush=True)
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(cfg.to_hf(), f)
    rng = torch.Generator().manual_seed(args.seed + step)
    order = torch.randperm(n_chunks, generator=torch.Generator().manual_seed(args.seed))
    log_path = os.path.join(args.out, "log.csv")
    if step and os.path.exists(log_path):  # drop rows past the checkpoint: they are trained again
        with open(log_path) as f:
            kept = [r for r in f if not r[0].isdigit() or int(r.split(",")[0]) <= step]
        with open(log_path, "w") as f:
            f.writelines(kept)
    log = open(log_path, "a", newline="")
    writer = csv.writer(log)
    if step == plan["first"]:  # a new run, or a new phase continuing another
        writer.writerow(["step", "loss", "lr", "seconds"])
    model.train()
    t0 = time.time()
    started, start_step = time.time(), step
    mark_time, mark_step = started, step  # when and at which step the speed was last measured
    while step < plan["total"]:
        idx = order[(step * args.batch + torch.arange(args.batch)) % n_chunks]
        body_ids = chunks[idx]
        seqs = torch.cat([torch.full((args.batch, 1), wp.cls), body_ids, torch.full((args.batch, 1), wp.sep)], 1)
        x, masked, targets = mask_batch(seqs, wp, cfg.vocab_size, rng)
        logits = model(x, torch.ones_like(x), masked)
        loss = F.cross_entropy(logits, targets)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        if args.time_budget and (step - start_step == 20 or (step - start_step) % 100 == 0):
            # Re-planned every 100 steps from the recent speed (other jobs may start or end meanwhile); the
            # linear decay follows the new end.
            per_step = (time.time() - mark_time) / (step - mark_step)
            left = args.time_budget * 60 - (time.time() - started)
            plan["total"] = max(step + 10, min(args.steps + plan["first"], step + int(left / per_step)))
            print(f"{per_step:.2f}s/step: {plan['total']} steps fit in {args.time_budget} minutes", flush=True)
            mark_time, mark_step = time.time(), step
        writer.writerow([step, f"{loss.item():.4f}", f"{sched.get_last_lr()[0]:.6f}", f"{time.time()-t0:.1f}"])
        if step % 10 == 0:
            log.flush()
            print(f"step {step}/{plan['total']} loss {loss.item():.3f} {(time.time()-t0)/10:.2f}s/step", flush=True)
            t0 = time.time()
        if step % args.save_every == 0 or step == plan["total"]:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": step,
                        "total": plan["total"], "first": plan["first"]},
                       ckpt + ".tmp")
            os.replace(ckpt + ".tmp", ckpt)
    torch.save(model.bert.state_dict(), os.path.join(args.out, "encoder.pt"))
    print("pretraining done", flush=True)


if __name__ == "__main__":
    main()
