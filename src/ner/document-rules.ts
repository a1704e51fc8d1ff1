import { ALNUM, findAbbreviations } from './abbreviations.ts';
import type { EntitySpan } from './span.ts';

/**
 * Rules that look at a whole text after tagging. Each is kept only where it raised F1 on whole test
 * documents (training/README.md, "Document rules"); the names are the `npm run tag -- --rules` values.
 * - `abbreviation-type`: a short form defined in the text ("N-acetylcysteine (NAC)") takes its long form's
 *   type, and every whole-word occurrence of it in the text is tagged so, with the long form's score;
 * - `abbreviation-type-chemical`: the same, only where the long form is a Chemical;
 * - `abbreviation-untagged`: a defined short form whose long form is not an entity is not one either:
 *   spans that are exactly such a short form are dropped.
 */
export const DOCUMENT_RULES = ['abbreviation-type', 'abbreviation-type-chemical', 'abbreviation-untagged'] as const;
export type DocumentRule = (typeof DOCUMENT_RULES)[number];
/** The rules the app applies unless told otherwise: those that raised F1 on both test corpora (training/README.md). */
export const DEFAULT_DOCUMENT_RULES: readonly DocumentRule[] = ['abbreviation-type-chemical'];

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const before = i > 0 ? text[i - 1] : '';
    const after = text[i + needle.length] ?? '';
    if (!ALNUM.test(before) && !ALNUM.test(after)) out.push(i);
  }
  return out;
}

const overlaps = (s: { start: number; end: number }, a: number, b: number) => s.start < b && a < s.end;

export function applyDocumentRules(text: string, spans: readonly EntitySpan[], rules: readonly DocumentRule[]): EntitySpan[] {
  if (!rules.length) return [...spans];
  let out = [...spans];
  for (const ab of findAbbreviations(text)) {
    // The long form's entity: a span ending where the long form ends (it may start before the letters the
    // finder matched: "X-linked adrenoleukodystrophy (ALD)").
    const lf = out.find((s) => s.end === ab.longEnd && s.start < ab.longEnd);
    if (lf && (rules.includes('abbreviation-type') || (lf.type === 'Chemical' && rules.includes('abbreviation-type-chemical')))) {
      for (const at of occurrences(text, ab.short)) {
        const end = at + ab.short.length;
        if (overlaps(lf, at, end)) continue;
        out = out.filter((s) => !overlaps(s, at, end));
        out.push({ type: lf.type, start: at, end, text: text.slice(at, end), score: lf.score });
      }
    } else if (!lf && rules.includes('abbreviation-untagged')) {
      const untagged = new Set(occurrences(text, ab.short));
      out = out.filter((s) => !(untagged.has(s.start) && s.end === s.start + ab.short.length));
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
