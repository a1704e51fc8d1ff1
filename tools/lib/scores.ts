/** Entity-level exact-match counts and scores (percent). */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export function toScores({ tp, fp, fn }: Counts): Scores {
  const precision = tp + fp ? (100 * tp) / (tp + fp) : 0;
  const recall = tp + fn ? (100 * tp) / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (v: number) => Math.round(v * 100) / 100;
  return { precision: r(precision), recall: r(recall), f1: r(f1) };
}

/** Adds the exact matches between gold and predicted spans (same type, start and end) to `counts`. */
export function countMatches(gold: { type: string; start: number; end: number }[], pred: { type: string; start: number; end: number }[], counts: Counts): void {
  const key = (s: { type: string; start: number; end: number }) => `${s.type}:${s.start}:${s.end}`;
  const g = new Set(gold.map(key));
  const p = new Set(pred.map(key));
  for (const k of p) (g.has(k) ? counts.tp++ : counts.fp++);
  for (const k of g) if (!p.has(k)) counts.fn++;
}
