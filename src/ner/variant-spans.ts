/**
 * Variant spans in a tagged text: every sequence variant the patterns find (variants.ts) becomes a `Variant`
 * span, linked to its normal form (an rs id to its dbSNP record), and wins over the spans it overlaps. A gene
 * or chemical span that holds the variant at its end or start keeps the rest ("CBR3 V244M" tagged as one Gene
 * becomes Gene "CBR3" and Variant "V244M"); one that is only the variant, or has it in the middle, is dropped,
 * and so is a disease span that holds a variant.
 * A gene span also loses an allele or position written onto the symbol, which NCBI's gene corpora leave out of
 * the gene: a star allele ("CYP2E1*1B", "ALDH2*2") and a promoter position of three or more digits after a
 * symbol with a digit, or with a genotype ("IL1B-511", "TNF-308GA"); "MMP-2", "FAM-161" and "miR-124" keep theirs.
 * So do a phosphorylation mark before a symbol ("p-Akt", "phospho-ERK" → "Akt", "ERK") and a microRNA's arm
 * ("miR424-5p" → "miR424"), as NLM-Gene marks them (devel, bioner-multi: 86.2 → 86.7). A gene span
 * that is only a genotype at a position or a sequence length ("511CC", "6Mb") is dropped, and so is any span that
 * is a genotype in nucleotide letters the text calls one ("the CC genotype").
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

const ALLELE = /(?:\*\d+[A-Z]?|-\d{3,}[ACGT]{0,2})$/;

/** A Gene span without its allele, position, phosphorylation mark or microRNA arm; any other span as it is. */
export function withoutAllele(s: EntitySpan): EntitySpan {
  if (s.type !== 'Gene') return s;
  const arm = /^(mi[Rr]-?\d+[a-z]?)-[35]p$/.exec(s.text);
  if (arm) return { ...s, end: s.start + arm[1].length, text: arm[1] };
  const phospho = /^(?:p-|phospho-)(?=[A-Z])/.exec(s.text);
  if (phospho && s.text.length > phospho[0].length + 1) return { ...s, start: s.start + phospho[0].length, text: s.text.slice(phospho[0].length) };
  const m = ALLELE.exec(s.text);
  if (!m || m.index === 0) return s;
  const symbol = s.text.slice(0, m.index);
  // a position is cut only where it cannot be the gene's own number: after a symbol with a digit of its own
  // ("IL1B-511"), or with a genotype ("TNF-308GA"); "FAM-161", "CCDC-104" and "miR-124" are names
  if (m[0][0] === '-' && !(/^(?=.*[A-Z])[A-Za-z0-9]+$/.test(symbol) && (/\d/.test(symbol) || /[ACGT]$/.test(m[0])))) return s;
  if (!/[A-Za-z]/.test(symbol)) return s;
  return { ...s, end: s.start + m.index, text: s.text.slice(0, m.index) };
}

/**
 * A genotype at a position ("511CC", "-31TT"), a sequence length ("6Mb", "250 bp") or a chromosome band
 * ("p16.2" in "t(4;11)(p16.2;p15.4)", "11q23") tagged as a gene: no gene (GNormPlus devel: 9 false genes, and 8 bands in an abstract the scores leave out for its lack of gene annotations;
 * of the gene corpora's train files' gold genes, one, "66 Mb", and no band). A band needs its sub-band or its
 * chromosome: "p16" and "p53" are genes.
 */
const SEQUENCE_NOTATION = /^(?:-?\d+[ACGT]{2}|\d+(?:\.\d+)?\s?(?:bp|kb|Mb)|[pq]\d{1,2}\.\d{1,3}|(?:\d{1,2}|X|Y)[pq]\d{1,2}(?:\.\d{1,3})?)$/;

/**
 * A genotype written in nucleotide letters ("CC", "C/T", "TT") where the text says it is one: followed, alone
 * or in a list ("CC, CT and TT genotypes"), by a word such as "genotype", "allele", "carriers" or "homozygotes",
 * or right after "genotype(s)" ("genotypes CC and CT", "genotype (TT)"). Tagged as a chemical ("CC" linked to
 * Clomiphene) or a gene, it is neither. A disease span is left alone: "AT heterozygotes" are carriers of
 * ataxia-telangiectasia (NCBI-disease devel; no other gold span of the corpora's train and devel files fits).
 */
const GENOTYPE_LETTERS = /^[ACGT]{1,2}(?:\/[ACGT]{1,2})?$/;
const GENOTYPE_AFTER = /^(?:\s*(?:,|\/|\+|and|or|vs\.?|versus)\s*(?:[ACGT]{1,2}(?:\/[ACGT]{1,2})?)\b)*\s*(?:-\s*)?(?:genotypes?|alleles?|allelic|carriers?|homozygo\w*|heterozygo\w*)\b/i;
const GENOTYPE_BEFORE = /\b(?:genotypes?|alleles?)\s*(?:\(\s*|of\s+|,\s*|[ACGT]{1,2}(?:\/[ACGT]{1,2})?\s*(?:,|and|or|vs\.?|versus)\s*)*$/i;

export function isGenotypeSpan(text: string, s: EntitySpan): boolean {
  if ((s.type !== 'Chemical' && s.type !== 'Gene') || !GENOTYPE_LETTERS.test(s.text)) return false;
  return GENOTYPE_AFTER.test(text.slice(s.end, s.end + 80)) || GENOTYPE_BEFORE.test(text.slice(Math.max(0, s.start - 80), s.start));
}

export function withVariants(text: string, spans: readonly EntitySpan[]): EntitySpan[] {
  spans = spans.filter((s) => !(s.type === 'Gene' && SEQUENCE_NOTATION.test(s.text)) && !isGenotypeSpan(text, s)).map(withoutAllele);
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
      // A disease span is dropped whole: no gold disease of the corpora's train and devel files holds a variant,
      // and what a cut leaves names none ("879delG defect" → "defect").
      cur = cur.type === 'Disease' ? null : outside(text, cur, v.start, v.end);
    }
    if (cur) kept.push(cur);
  }
  return [...kept, ...variants].sort((a, b) => a.start - b.start || a.end - b.end);
}
