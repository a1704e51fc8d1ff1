import type { EntitySpan } from './span.ts';
import type { Word } from './pretokenize.ts';

/** Parsed label: BIO(ES) prefix and entity type; `O` has type null. */
export function parseLabel(label: string): { prefix: 'B' | 'I' | 'O'; type: string | null } {
  const m = /^([BIES])-(.+)$/.exec(label);
  if (!m) return { prefix: 'O', type: null };
  // S- (single) begins and E- (end) continues: the span rule below needs only B and I.
  return { prefix: m[1] === 'B' || m[1] === 'S' ? 'B' : 'I', type: m[2] };
}

/**
 * Word labels to spans. Every word carries the label predicted for its first word piece. An I- that does
 * not continue an entity of the same type starts a new one (the usual repair of invalid IOB2), so no
 * prediction is dropped. A span's score is the mean probability of its words' labels.
 */
export function decodeSpans(text: string, words: Word[], labelIds: ArrayLike<number>, scores: ArrayLike<number>, labels: readonly string[]): EntitySpan[] {
  const spans: EntitySpan[] = [];
  let cur: { type: string; start: number; end: number; sum: number; n: number } | null = null;
  const flush = () => {
    if (cur) spans.push({ type: cur.type, start: cur.start, end: cur.end, text: text.slice(cur.start, cur.end), score: cur.sum / cur.n });
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
