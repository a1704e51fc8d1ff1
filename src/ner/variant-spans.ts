/**
 * Variant spans in a tagged text: every sequence variant the patterns find (variants.ts) becomes a `Variant`
 * span, linked to its normal form (an rs id to its dbSNP record), and wins over the spans it overlaps. A gene
 * or chemical span that holds the variant at its end or start keeps the rest ("CBR3 V244M" tagged as one Gene
 * becomes Gene "CBR3" and Variant "V244M"); one that is only the variant, or has it in the middle, is dropped.
 */
import type { EntitySpan } from './span.ts';
import { findVariants } from './variants.ts';

export const VARIANT_TYPE = 'Variant';

const SPACE = /[\s(),;:]/u;

/** `s` cut to what lies outside [start, end), or null where nothing of its own is left. */
function outside(text: string, s: EntitySpan, start: number, end: number): EntitySpan | null {
  let a = s.start;
  let b = s.end;
  if (start <= s.start && end >= s.end) return null;
  if (end >= s.end) b = start; // the variant is at the span's end
  else if (start <= s.start) a = end; // at its start
  else return null; // in its middle
  while (a < b && SPACE.test(text[a])) a++;
  while (b > a && SPACE.test(text[b - 1])) b--;
  return b > a ? { ...s, start: a, end: b, text: text.slice(a, b) } : null;
}

export function withVariants(text: string, spans: readonly EntitySpan[]): EntitySpan[] {
  const variants: EntitySpan[] = findVariants(text).map((v) => ({
    type: VARIANT_TYPE, start: v.start, end: v.end, text: v.text, score: 1,
    link: { ids: [v.normalized], names: [v.kind], via: 'pattern', score: 1 },
  }));
  if (!variants.length) return spans.slice();
  const kept: EntitySpan[] = [];
  for (const s of spans) {
    let cur: EntitySpan | null = s;
    for (const v of variants) {
      if (!cur || v.end <= cur.start || v.start >= cur.end) continue;
      cur = outside(text, cur, v.start, v.end);
    }
    if (cur) kept.push(cur);
  }
  return [...kept, ...variants].sort((a, b) => a.start - b.start || a.end - b.end);
}
