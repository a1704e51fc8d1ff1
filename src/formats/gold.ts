/**
 * Comparing the model's spans with a document's gold annotations: each mention is an agreement (same type and
 * exact offsets), a miss (gold only) or an extra (model only); precision, recall and F1 per type, entity level.
 * Gold mentions whose type has no counterpart among ours are left out, and their type names reported. Where
 * an agreeing gold mention carries a concept id, the linker's first id is scored against it too.
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
  /** Agreements only: the gold ids (without database prefix; `-1` left out) and the linker's ids, if any. */
  goldIds?: string[];
  ids?: string[];
}

/** Of the agreeing mentions that have a gold id: how many the linker linked, and how many to a gold id. */
export interface IdScore {
  mentions: number;
  linked: number;
  correct: number;
  accuracy: number;
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
  /** Per type, plus 'all': concept ids of the agreeing mentions. */
  idScores: Record<string, IdScore>;
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

/** Ids of a file's concept column: `|`, `+` or `,` between several, database prefixes and `-1` (none) dropped. */
export function conceptIds(id: string | undefined): string[] {
  // GNormPlus marks a gene of another species than human with its taxon: "29517(Tax:10116)".
  return (id ?? '').split(/[|+,;]/).map((x) => x.trim().replace(/^(MESH|MeSH|NCBIGene|NCBI Gene|Gene):/, '').replace(/\(Tax:\d+\)$/, '')).filter((x) => x && x !== '-1');
}

/** `types`: the types the model tags; predictions of other types are not scored. */
export function compareWithGold(spans: readonly EntitySpan[], gold: readonly GoldMention[], types: readonly string[]): Comparison {
  const ignoredTypes: Record<string, number> = {};
  const goldKept = gold.filter((g) => {
    if (g.type && types.includes(g.type)) return true;
    ignoredTypes[g.sourceType || '(none)'] = (ignoredTypes[g.sourceType || '(none)'] ?? 0) + 1;
    return false;
  });
  const goldByKey = new Map(goldKept.map((g) => [key(g.type!, g.start, g.end), g]));
  const predKeys = new Set(spans.map((s) => key(s.type, s.start, s.end)));
  const mentions: ComparedMention[] = [];
  for (const s of spans) {
    const g = goldByKey.get(key(s.type, s.start, s.end));
    const m: ComparedMention = { verdict: g ? 'agree' : 'extra', type: s.type, start: s.start, end: s.end, text: s.text };
    const goldIds = conceptIds(g?.conceptId);
    if (goldIds.length) {
      m.goldIds = goldIds;
      if (s.link) m.ids = s.link.ids;
    }
    mentions.push(m);
  }
  for (const g of goldKept) if (!predKeys.has(key(g.type!, g.start, g.end))) mentions.push({ verdict: 'missed', type: g.type!, start: g.start, end: g.end, text: g.text });
  mentions.sort((a, b) => a.start - b.start || a.end - b.end);
  return { mentions, scores: scoresOf([mentions], types), idScores: idScoresOf([mentions], types), ignoredTypes };
}

/** Id accuracy over many documents' compared mentions: the first id is right when it is one of the gold ids. */
export function idScoresOf(docs: readonly (readonly ComparedMention[])[], types: readonly string[]): Record<string, IdScore> {
  const out: Record<string, IdScore> = {};
  for (const t of [...types, 'all']) out[t] = { mentions: 0, linked: 0, correct: 0, accuracy: 0 };
  for (const ms of docs) {
    for (const m of ms) {
      if (!m.goldIds) continue;
      for (const t of [m.type, 'all']) {
        const c = out[t];
        if (!c) continue;
        c.mentions++;
        if (m.ids) c.linked++;
        if (m.ids && m.goldIds.includes(m.ids[0])) c.correct++;
      }
    }
  }
  for (const c of Object.values(out)) c.accuracy = c.mentions ? (100 * c.correct) / c.mentions : 0;
  return out;
}

/**
 * The BioCreative concept measure: per document the set of (type, id) pairs the linked spans name against the
 * gold mentions' set, micro-averaged over the documents, per type.
 */
export function conceptSetScores(docs: readonly { gold: readonly GoldMention[]; spans: readonly EntitySpan[] }[], types: readonly string[]): Record<string, TypeScore> {
  const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const t of types) counts[t] = { tp: 0, fp: 0, fn: 0 };
  for (const d of docs) {
    for (const t of types) {
      const gold = new Set(d.gold.filter((g) => g.type === t).flatMap((g) => conceptIds(g.conceptId)));
      if (!gold.size) continue; // a document whose gold names no id of this type (or has no ids at all)
      const pred = new Set(d.spans.filter((s) => s.type === t && s.link).flatMap((s) => s.link!.ids));
      const c = counts[t];
      for (const id of pred) (gold.has(id) ? c.tp++ : c.fp++);
      for (const id of gold) if (!pred.has(id)) c.fn++;
    }
  }
  return Object.fromEntries(Object.entries(counts).filter(([, c]) => c.tp + c.fp + c.fn).map(([t, c]) => [t, score(c.tp, c.fp, c.fn)]));
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
