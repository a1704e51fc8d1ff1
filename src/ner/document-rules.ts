import { ALNUM, findAbbreviations } from './abbreviations.ts';
import { balanceBrackets } from './bracket-spans.ts';
import { withDrugStems } from './drug-stems.ts';
import type { EntitySpan } from './span.ts';

/**
 * Rules that look at a whole text after tagging. Each is kept only where it raised F1 on whole test
 * documents (training/README.md, "Document rules"); the names are the `npm run tag -- --rules` values.
 * - `abbreviation-type`: a short form defined in the text ("N-acetylcysteine (NAC)") takes its long form's
 *   type, and every whole-word occurrence of it in the text is tagged so, with the long form's score;
 * - `abbreviation-type-chemical`, `-species`, `-gene`: the same, only where the long form is of that type;
 * - `abbreviation-untagged`: a defined short form whose long form is not an entity is not one either:
 *   spans that are exactly such a short form are dropped;
 * - `repeat-chemical`, `-disease`, `-gene`, `-species`: a name the tagger marked as that type somewhere in the
 *   text is marked so at its other whole-word occurrences that no span touches (the same letters, the same case),
 *   with the best score it had; a tagger that sees one sentence at a time misses a name it found elsewhere;
 * - `balance-brackets`: a span whose brackets do not pair is cut, split or widened until they do
 *   (src/ner/bracket-spans.ts), before the other rules;
 * - `drug-stems`: a word no span touches that ends in an INN drug stem ("baricitinib") is a chemical
 *   (src/ner/drug-stems.ts), after the other rules;
 * - `abbreviation-measure`: a short form whose long form names a measure ("estimated glomerular filtration rate
 *   (eGFR)", "hazard ratio (HR)") is no entity: spans that are exactly such a short form are dropped.
 */
export const DOCUMENT_RULES = [
  'abbreviation-type', 'abbreviation-type-chemical', 'abbreviation-type-species', 'abbreviation-type-gene', 'abbreviation-untagged',
  'repeat-chemical', 'repeat-disease', 'repeat-gene', 'repeat-species', 'balance-brackets', 'drug-stems',
  'abbreviation-measure',
] as const;
export type DocumentRule = (typeof DOCUMENT_RULES)[number];
/**
 * The rules the app applies unless told otherwise (training/README.md, "Document rules"): the chemical one raised
 * F1 on BC5CDR and NCBI-disease; the species one on S800 devel (bioner-multi 72.3 -> 75.9) and changed no gene
 * figure; repeating species names on S800 devel (77.0 -> 78.4; repeating genes cost NLM-Gene and GNormPlus);
 * pairing brackets on the devel of DrugProt's chemicals (81.9 -> 82.4), S800 and NLM-Gene; drug stems on the
 * chemicals of BC5CDR's devel and DrugProt's last train fifth (13 more found, 1 more false) and MetaboliteNER's devel
 * (1 more found; CHEMDNER's devel, which leaves antibodies out, 1 more false); measures' short forms on every
 * devel set (7 false spans fewer, none right lost; the gene corpora's train annotates none of 14 such short forms).
 */
export const DEFAULT_DOCUMENT_RULES: readonly DocumentRule[] = ['balance-brackets', 'abbreviation-type-chemical', 'abbreviation-type-species', 'repeat-species', 'drug-stems', 'abbreviation-measure'];

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const before = i > 0 ? text[i - 1] : '';
    const after = text[i + needle.length] ?? '';
    if (!ALNUM.test(before) && !ALNUM.test(after)) out.push(i);
  }
  return out;
}

/** The type-restricted forms of `abbreviation-type`. */
const TYPE_RULES: Partial<Record<DocumentRule, string>> = {
  'abbreviation-type-chemical': 'Chemical', 'abbreviation-type-species': 'Species', 'abbreviation-type-gene': 'Gene',
};

/** The types of the `repeat-` rules. */
const REPEAT_RULES: Partial<Record<DocumentRule, string>> = {
  'repeat-chemical': 'Chemical', 'repeat-disease': 'Disease', 'repeat-gene': 'Gene', 'repeat-species': 'Species',
};

const overlaps = (s: { start: number; end: number }, a: number, b: number) => s.start < b && a < s.end;

/** A long form that names a measure ("estimated glomerular filtration rate", "hazard ratio", "labeling index"). */
const MEASURE = /\b(?:rate|ratio|score|index|scale|volume|pressure|fraction|questionnaire|time|count|area|distance|velocity|thickness|clearance)s?$/i;

export function applyDocumentRules(text: string, spans: readonly EntitySpan[], rules: readonly DocumentRule[]): EntitySpan[] {
  if (!rules.length) return [...spans];
  const typed = new Set(rules.flatMap((r) => TYPE_RULES[r] ?? []));
  // First, so that a long form cut from its short form's bracket ends where the abbreviation finder's does.
  let out = rules.includes('balance-brackets') ? balanceBrackets(text, spans) : [...spans];
  for (const ab of findAbbreviations(text)) {
    // The long form's entity: a span ending where the long form ends (it may start before the letters the
    // finder matched: "X-linked adrenoleukodystrophy (ALD)").
    const lf = out.find((s) => s.end === ab.longEnd && s.start < ab.longEnd);
    if (lf && (rules.includes('abbreviation-type') || typed.has(lf.type))) {
      for (const at of occurrences(text, ab.short)) {
        const end = at + ab.short.length;
        if (overlaps(lf, at, end)) continue;
        out = out.filter((s) => !overlaps(s, at, end));
        out.push({ type: lf.type, start: at, end, text: text.slice(at, end), score: lf.score });
      }
    } else if ((rules.includes('abbreviation-measure') && MEASURE.test(ab.long)) || (!lf && rules.includes('abbreviation-untagged'))) {
      const at = new Set(occurrences(text, ab.short));
      out = out.filter((s) => !(at.has(s.start) && s.end === s.start + ab.short.length));
    }
  }
  const repeated = new Set(rules.flatMap((r) => REPEAT_RULES[r] ?? []));
  if (repeated.size) out = repeatNames(text, out, repeated);
  if (rules.includes('drug-stems')) out = withDrugStems(text, out);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The `repeat-` rules: names of the given types marked again wherever they stand untouched by any span. */
function repeatNames(text: string, spans: EntitySpan[], types: ReadonlySet<string>): EntitySpan[] {
  const best = new Map<string, EntitySpan>();
  const typesOf = new Map<string, Set<string>>();
  for (const s of spans) {
    typesOf.set(s.text, (typesOf.get(s.text) ?? new Set()).add(s.type));
    // A name of two letters or more with a letter in it: a lone digit or symbol is no name to repeat.
    if (!types.has(s.type) || s.text.length < 2 || !/\p{L}/u.test(s.text)) continue;
    const had = best.get(s.text);
    if (!had || s.score > had.score) best.set(s.text, s);
  }
  const out = [...spans];
  // The characters spans cover, so that a long text's many spans are not searched for each occurrence.
  const taken = new Uint8Array(text.length);
  const take = (a: number, b: number) => taken.fill(1, a, b);
  for (const o of spans) take(o.start, o.end);
  for (const [name, s] of best) {
    // A name marked as two types is left alone: the text does not say which it is.
    if (typesOf.get(name)!.size > 1) continue;
    for (const at of occurrences(text, name)) {
      const end = at + name.length;
      if (taken.subarray(at, end).includes(1)) continue;
      take(at, end);
      out.push({ type: s.type, start: at, end, text: name, score: s.score });
    }
  }
  return out;
}
