/**
 * Comparing the model's spans with a document's gold annotations: each mention is an agreement (same type and
 * exact offsets), a miss (gold only) or an extra (model only); precision, recall and F1 per type, entity level.
 * Gold mentions whose type has no counterpart among ours are left out, and their type names reported.
 */
import type { EntitySpan } from '../ner/span.ts';
import type { GoldMention } from './document.ts';

export type Verdict = 'agree' | 'missed' | 'extra';

export interface ComparedMention {
  verdict: Verdict;
  type: string;
  start: number;
  end: number;
  text: string;
}

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Comparison {
  mentions: ComparedMention[];
  /** Per type, plus 'all'. */
  scores: Record<string, TypeScore>;
  /** File type names that map onto none of ours, with counts. */
  ignoredTypes: Record<string, number>;
}

export function score(tp: number, fp: number, fn: number): TypeScore {
  const precision = tp + fp ? (100 * tp) / (tp + fp) : 0;
  const recall = tp + fn ? (100 * tp) / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

const key = (type: string, start: number, end: number) => `${type}\u0000${start}\u0000${end}`;

/** `types`: the types the model tags; predictions of other types are not scored. */
export function compareWithGold(spans: readonly EntitySpan[], gold: readonly GoldMention[], types: readonly string[]): Comparison {
  const ignoredTypes: Record<string, number> = {};
  const goldKept = gold.filter((g) => {
    if (g.type && types.includes(g.type)) return true;
    ignoredTypes[g.sourceType || '(none)'] = (ignoredTypes[g.sourceType || '(none)'] ?? 0) + 1;
    return false;
  });
  const goldKeys = new Set(goldKept.map((g) => key(g.type!, g.start, g.end)));
  const predKeys = new Set(spans.map((s) => key(s.type, s.start, s.end)));
  const mentions: ComparedMention[] = [];
  for (const s of spans) mentions.push({ verdict: goldKeys.has(key(s.type, s.start, s.end)) ? 'agree' : 'extra', type: s.type, start: s.start, end: s.end, text: s.text });
  for (const g of goldKept) if (!predKeys.has(key(g.type!, g.start, g.end))) mentions.push({ verdict: 'missed', type: g.type!, start: g.start, end: g.end, text: g.text });
  mentions.sort((a, b) => a.start - b.start || a.end - b.end);
  return { mentions, scores: scoresOf([mentions], types), ignoredTypes };
}

/** Scores over many documents' compared mentions (micro-averaged). */
export function scoresOf(docs: readonly (readonly ComparedMention[])[], types: readonly string[]): Record<string, TypeScore> {
  const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const t of [...types, 'all']) counts[t] = { tp: 0, fp: 0, fn: 0 };
  for (const ms of docs) {
    for (const m of ms) {
      for (const t of [m.type, 'all']) {
        const c = counts[t];
        if (!c) continue;
        if (m.verdict === 'agree') c.tp++;
        else if (m.verdict === 'extra') c.fp++;
        else c.fn++;
      }
    }
  }
  return Object.fromEntries(Object.entries(counts).map(([t, c]) => [t, score(c.tp, c.fp, c.fn)]));
}
