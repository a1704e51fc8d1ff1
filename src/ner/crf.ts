/**
 * Linear-chain CRF decoding over a sentence's emission scores: the best label sequence (Viterbi) and, by
 * forward-backward, the probability of each decoded span (that exactly this span, with this type and these
 * boundaries, is in the sentence). The trainer exports transitions with invalid IOB2 moves at -1e4, so the
 * decoded sequence is always valid IOB2.
 */

export interface CrfParams {
  /** Number of labels. */
  n: number;
  /** [from * n + to]. */
  transitions: Float32Array;
  start: Float32Array;
  end: Float32Array;
}

/** Emissions of one sentence: `length` rows of `n` scores, starting at `offset` in `data`. */
export interface Emissions {
  data: Float32Array;
  offset: number;
  length: number;
}

const em = (e: Emissions, n: number, t: number, j: number) => e.data[e.offset + t * n + j];

function logSumExp(xs: Float64Array): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

export function viterbi(e: Emissions, crf: CrfParams): Int32Array {
  const { n, transitions: tr } = crf;
  const T = e.length;
  const out = new Int32Array(T);
  if (T === 0) return out;
  const back = new Int32Array(T * n);
  let score = new Float64Array(n);
  for (let j = 0; j < n; j++) score[j] = crf.start[j] + em(e, n, 0, j);
  for (let t = 1; t < T; t++) {
    const next = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let i = 0; i < n; i++) {
        const s = score[i] + tr[i * n + j];
        if (s > best) {
          best = s;
          arg = i;
        }
      }
      next[j] = best + em(e, n, t, j);
      back[t * n + j] = arg;
    }
    score = next;
  }
  let j = 0;
  for (let k = 0; k < n; k++) if (score[k] + crf.end[k] > score[j] + crf.end[j]) j = k;
  for (let t = T - 1; t >= 0; t--) {
    out[t] = j;
    j = back[t * n + j];
  }
  return out;
}

/** Forward and backward log scores, [T * n] each, and log Z. */
export function forwardBackward(e: Emissions, crf: CrfParams): { alpha: Float64Array; beta: Float64Array; logZ: number } {
  const { n, transitions: tr } = crf;
  const T = e.length;
  const alpha = new Float64Array(T * n);
  const beta = new Float64Array(T * n);
  if (T === 0) return { alpha, beta, logZ: 0 };
  const tmp = new Float64Array(n);
  for (let j = 0; j < n; j++) alpha[j] = crf.start[j] + em(e, n, 0, j);
  for (let t = 1; t < T; t++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) tmp[i] = alpha[(t - 1) * n + i] + tr[i * n + j];
      alpha[t * n + j] = logSumExp(tmp) + em(e, n, t, j);
    }
  }
  for (let j = 0; j < n; j++) beta[(T - 1) * n + j] = crf.end[j];
  for (let t = T - 2; t >= 0; t--) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) tmp[j] = tr[i * n + j] + em(e, n, t + 1, j) + beta[(t + 1) * n + j];
      beta[t * n + i] = logSumExp(tmp);
    }
  }
  for (let j = 0; j < n; j++) tmp[j] = alpha[(T - 1) * n + j] + crf.end[j];
  return { alpha, beta, logZ: logSumExp(tmp) };
}

/**
 * Probability that words [s, e] (inclusive) carry exactly `b` then `i` for the rest, and word e+1 does not
 * continue with `i`: the span's marginal probability under the CRF.
 */
export function spanProbability(
  e: Emissions, crf: CrfParams, fb: ReturnType<typeof forwardBackward>, s: number, last: number, b: number, i: number,
): number {
  const { n, transitions: tr } = crf;
  let lp = fb.alpha[s * n + b];
  let prev = b;
  for (let t = s + 1; t <= last; t++) {
    lp += tr[prev * n + i] + em(e, n, t, i);
    prev = i;
  }
  if (last === e.length - 1) {
    lp += crf.end[prev];
  } else {
    const tail = new Float64Array(n);
    for (let j = 0; j < n; j++) tail[j] = j === i ? -Infinity : tr[prev * n + j] + em(e, n, last + 1, j) + fb.beta[(last + 1) * n + j];
    lp += logSumExp(tail);
  }
  return Math.min(1, Math.exp(lp - fb.logZ));
}
