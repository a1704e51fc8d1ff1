import type { EntitySpan } from './span.ts';
import type { Word } from './pretokenize.ts';

/** Parsed label: BIO(ES) prefix and entity type; `O` has type null. */
export function parseLabel(label: string): { prefix: 'B' | 'I' | 'O'; type: string | null } {
  const m = /^([BIES])-(.+)$/.exec(label);
  if (!m) return { prefix: 'O', type: null };
  // S- (single) begins and E- (end) continues: the span rule below needs only B and I.
  return { prefix: m[1] === 'B' || m[1] === 'S' ? 'B' : 'I', type: m[2] };
}

/** Symbols and emoji at a span's edge (they are no punctuation, so they stay in a word): "asthma😀", "Humira®". */
const EDGE_SYMBOL = String.raw`[\p{So}\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u200D]+`;
const EDGE_SYMBOLS_END = new RegExp(`${EDGE_SYMBOL}$`, 'u');
const EDGE_SYMBOLS_START = new RegExp(`^${EDGE_SYMBOL}`, 'u');

/**
 * [start, end) without the symbols and emoji at its ends: no corpus annotates them in a mention (no gold span of
 * the shared corpora starts or ends with one), and the word split keeps them on the word they touch.
 */
export function withoutEdgeSymbols(text: string, start: number, end: number): [number, number] {
  const s = text.slice(start, end);
  const tail = EDGE_SYMBOLS_END.exec(s)?.[0].length ?? 0;
  const head = tail === s.length ? 0 : (EDGE_SYMBOLS_START.exec(s)?.[0].length ?? 0);
  return [start + head, end - tail];
}

/**
 * Word labels to spans. Every word carries the label predicted for its first word piece. An I- that does
 * not continue an entity of the same type starts a new one (the usual repair of invalid IOB2), so no
 * prediction is dropped. A span's score is the mean probability of its words' labels. Symbols and emoji at
 * a span's ends are left out of it (a span of nothing else is dropped).
 */
export function decodeSpans(text: string, words: Word[], labelIds: ArrayLike<number>, scores: ArrayLike<number>, labels: readonly string[]): EntitySpan[] {
  const spans: EntitySpan[] = [];
  let cur: { type: string; start: number; end: number; sum: number; n: number } | null = null;
  const flush = () => {
    if (cur) {
      const [start, end] = withoutEdgeSymbols(text, cur.start, cur.end);
      if (end > start) spans.push({ type: cur.type, start, end, text: text.slice(start, end), score: cur.sum / cur.n });
    }
    cur = null;
  };
  for (let i = 0; i < words.length; i++) {
    const id = labelIds[i];
    const { prefix, type } = id >= 0 ? parseLabel(labels[id]) : { prefix: 'O' as const, type: null };
    if (type === null) {
      flush();
      continue;
    }
    if (prefix === 'I' && cur && cur.type === type) {
      cur.end = words[i].end;
      cur.sum += scores[i];
      cur.n++;
    } else {
      flush();
      cur = { type, start: words[i].start, end: words[i].end, sum: scores[i], n: 1 };
    }
  }
  flush();
  return spans;
}

/**
 * The most probable word-label sequence that is valid IOB2 (an I-X only right after B-X or I-X), by Viterbi
 * over per-word label probabilities (`probs`: words × labels, row-major). Unlike repairing the argmax, a
 * doubtful word is decided together with its neighbours ("breast cancer" as B-Disease I-Disease rather than
 * O I-Disease). Words without a prediction (NaN row) get -1 and split the sequence.
 */
export function constrainedLabels(probs: Float32Array, labels: readonly string[]): Int32Array {
  const n = labels.length;
  const words = probs.length / n;
  const parsed = labels.map(parseLabel);
  // I- of a type may only follow B-/I- of that type; everything else may follow anything.
  const allowed = (from: number, to: number) => parsed[to].prefix !== 'I' || (from >= 0 && parsed[from].type === parsed[to].type);
  const out = new Int32Array(words).fill(-1);
  const logp = (w: number, j: number) => Math.log(Math.max(probs[w * n + j], 1e-12));
  let w = 0;
  while (w < words) {
    if (Number.isNaN(probs[w * n])) {
      w++;
      continue;
    }
    let end = w;
    while (end < words && !Number.isNaN(probs[end * n])) end++;
    // Viterbi over words [w, end)
    const back = new Int32Array((end - w) * n);
    let score = new Float64Array(n);
    for (let j = 0; j < n; j++) score[j] = allowed(-1, j) ? logp(w, j) : -Infinity;
    for (let t = w + 1; t < end; t++) {
      const next = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let best = -Infinity;
        let arg = 0;
        for (let i = 0; i < n; i++) {
          if (allowed(i, j) && score[i] > best) {
            best = score[i];
            arg = i;
          }
        }
        next[j] = best + logp(t, j);
        back[(t - w) * n + j] = arg;
      }
      score = next;
    }
    let j = 0;
    for (let k = 1; k < n; k++) if (score[k] > score[j]) j = k;
    for (let t = end - 1; t >= w; t--) {
      out[t] = j;
      j = back[(t - w) * n + j];
    }
    w = end;
  }
  return out;
}
