/** Sorting a model's errors against gold spans into the kinds an error analysis reports. */

interface Span {
  type: string;
  start: number;
  end: number;
}

export interface ErrorCounts {
  /** Same type, overlapping, different boundaries (counted once per gold span). */
  boundary: number;
  /** Overlapping a gold span of another type only. */
  typeConfusion: number;
  /** Gold spans nothing predicted overlaps. */
  missed: number;
  /** Predicted spans that overlap no gold span. */
  spurious: number;
  missedText: Map<string, number>;
  spuriousText: Map<string, number>;
  boundaryPairs: Map<string, number>;
}

export const emptyErrors = (): ErrorCounts => ({ boundary: 0, typeConfusion: 0, missed: 0, spurious: 0, missedText: new Map(), spuriousText: new Map(), boundaryPairs: new Map() });

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const same = (a: Span, b: Span) => a.type === b.type && a.start === b.start && a.end === b.end;
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** Adds the errors of one text, for one type: gold and predicted spans of that type, others for confusions. */
export function addErrors(text: string, type: string, gold: Span[], pred: Span[], e: ErrorCounts): void {
  const g = gold.filter((s) => s.type === type);
  const p = pred.filter((s) => s.type === type);
  for (const s of g) {
    if (p.some((x) => same(x, s))) continue;
    const sameType = p.find((x) => overlaps(x, s));
    if (sameType) {
      e.boundary++;
      bump(e.boundaryPairs, `${text.slice(s.start, s.end)} → ${text.slice(sameType.start, sameType.end)}`);
    } else if (pred.some((x) => x.type !== type && overlaps(x, s))) {
      e.typeConfusion++;
    } else {
      e.missed++;
      bump(e.missedText, text.slice(s.start, s.end));
    }
  }
  for (const s of p) {
    if (g.some((x) => overlaps(x, s)) || gold.some((x) => x.type !== type && overlaps(x, s))) continue;
    e.spurious++;
    bump(e.spuriousText, text.slice(s.start, s.end));
  }
}

export function topEntries(m: Map<string, number>, n: number): string {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} (${v})`).join(', ');
}
