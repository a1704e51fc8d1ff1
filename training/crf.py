"""Linear-chain CRF over IOB2 labels with the partial-label (marginal) likelihood.

A corpus that leaves a type unannotated gives each O word the set {O, B-X, I-X for unannotated X}; the loss
is log Z - log Z(paths through the allowed sets) (Greenberg et al. 2018), so no corpus teaches that a type it
does not annotate is O. Invalid IOB2 moves (I-X after anything but B-X/I-X, or first) get a fixed -1e4, in
training and decoding alike; the exported transitions include it, so the app's Viterbi needs no rule of its own.
"""
import torch
from torch import nn

from decode import allowed_transitions

NEG = -1e4


class CRF(nn.Module):
    def __init__(self, labels):
        super().__init__()
        n = len(labels)
        allowed, start = allowed_transitions(labels)
        self.trans = nn.Parameter(torch.zeros(n, n))  # trans[i, j]: score of label j after label i
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))
        self.register_buffer("trans_pen", (~torch.tensor(allowed)).float() * NEG)
        self.register_buffer("start_pen", (~torch.tensor(start)).float() * NEG)

    def transitions(self):
        return self.trans + self.trans_pen

    def start_scores(self):
        return self.start + self.start_pen

    def log_partition(self, em, mask, allowed=None):
        """em [B, T, N] emission scores, mask [B, T] bool (left-aligned), allowed [B, T, N] bool or None."""
        if allowed is not None:
            em = em.masked_fill(~allowed, NEG)
        trans = self.transitions()
        alpha = self.start_scores() + em[:, 0]
        for t in range(1, em.shape[1]):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
            alpha = torch.where(mask[:, t : t + 1], nxt, alpha)
        return torch.logsumexp(alpha + self.end, -1)

    def partial_nll(self, em, mask, allowed):
        # Both partitions in one pass over the words: half the (small, launch-bound) steps on a GPU.
        b = em.shape[0]
        z = self.log_partition(torch.cat([em, em.masked_fill(~allowed, NEG)]), torch.cat([mask, mask]))
        return z[:b] - z[b:]

    @torch.no_grad()
    def viterbi(self, em, mask):
        """Best label sequence per row, as lists of the row's length."""
        trans = self.transitions()
        score = self.start_scores() + em[:, 0]
        back = []
        for t in range(1, em.shape[1]):
            cand = score.unsqueeze(2) + trans.unsqueeze(0)  # [B, from, to]
            best, idx = cand.max(1)
            nxt = best + em[:, t]
            m = mask[:, t : t + 1]
            score = torch.where(m, nxt, score)
            # Past a row's end keep the label: identity back-pointers.
            ident = torch.arange(em.shape[2], device=em.device).expand_as(idx)
            back.append(torch.where(m, idx, ident))
        score = score + self.end
        last = score.argmax(-1)
        lengths = mask.sum(1).tolist()
        paths = [last]
        for bp in reversed(back):
            last = bp.gather(1, last.unsqueeze(1)).squeeze(1)
            paths.append(last)
        paths = torch.stack(list(reversed(paths)), 1).tolist()
        return [p[:n] for p, n in zip(paths, lengths)]
