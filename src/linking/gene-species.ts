/**
 * A species for every gene mention, as GNormPlus does (SR4GN, Wei et al. 2012/2015), the first that answers:
 * 1. a species named in the mention ("human IL-6", "rat Cyp2e1", "Drosophila Notch");
 * 2. a species prefix letter on a symbol ("hIL-6", "mCd36", "rGH": h, m, r for human, mouse, rat; "rhBMP-2":
 *    recombinant human), when the rest is a symbol of that species' table and the whole mention is none (`mTOR`
 *    stays mTOR);
 * 3. a species named just before the mention (at most two words between: "zebrafish sox2", "mouse and rat Pax6");
 *    for a short form the text defines, one named in or just before its long form ("human liver-type fatty acid
 *    binding protein (L-FABP)": L-FABP is the human gene throughout);
 *    then, in a text that names human and mouse or rat and writes a symbol both in capitals and in rodent case
 *    ("CDSN … murine Cdsn"), the capitals are the human gene and the other the rodent's (`contrast`);
 *    then a species named right after it as where it is, after other symbols listed with it and a word for its
 *    product ("ALT and AST in C57BL/6 mice", "IRS4 in the rat brain": NLM-Gene's last train fifth, one mention
 *    right, none lost);
 * 4. the species of the sentence: the nearest one named in it, before the mention first;
 * 5. of the title (the first passage), for a mention after it: "A human BRCA2 complex …" is about human BRCA2
 *    where the abstract goes on to "mouse embryos" (devel, first-id accuracy on two parts of train: GNormPlus
 *    +1.4 and 0, NLM-Gene 0 and -0.2);
 * 6. of the passage (a paragraph: a line, or text between blank lines; the nearest one, before the mention first:
 *    on NLM-Gene's devel part this assigned the right species to 91 % of the mentions it decided, the most
 *    frequent of the passage to 87 %), unless the text names another species twice as often;
 * 7. the document's most frequent;
 * 8. in a text that names no species, mouse where its gene names are written as mouse and rat genes are (a
 *    capital, then lower case: "Pim3", "Bcl-x", "Cdc25a"; human symbols are all capitals): at least three
 *    distinct names of the mouse table, and twice as many as in capitals. One or two ("Mdm2", "Yaf2", "Gal-1")
 *    say nothing: human symbols are written so too (on a second part of the gene corpora's train, mouse that way
 *    was wrong for 53 of 65 mentions; each such name alone as mouse, for 12 of 12); in a text that names only
 *    human, each such name counts as naming mouse once in steps 6 and 7 ("… shed light on human ARMs" closing a
 *    mouse paper: the first part of NLM-Gene's train, +1.4 first-id accuracy);
 * 9. human.
 * Only species that have a gene table here are candidates (the caller filters): a gene "expressed in E. coli"
 * is no E. coli gene. Where a step that reads the context (4 to 8) chose a species whose table lacks the name,
 * the linker takes another species the text names whose table has it (SR4GN; linker.ts, `table`).
 * Each assignment says which step gave it (`why`), for the tooltip and the exports. Pure TypeScript.
 */
import type { Abbreviation } from '../ner/abbreviations.ts';
import { pretokenize } from '../ner/pretokenize.ts';
import { splitSentences } from '../ner/sentences.ts';
import type { SpeciesReason } from '../ner/span.ts';
import { HUMAN_TAXON, MOUSE_TAXON, type SpeciesDictionary, type SpeciesMention } from './species.ts';

export interface GeneSpecies {
  taxId: number;
  why: SpeciesReason;
  /** The mention without the species words or prefix letter, where step 1 or 2 cut it ("IL-6" of "hIL-6"). */
  bare?: string;
  /** The species name (or cell line, strain) of the text that steps 3 to 5 read. */
  named?: string;
}

export const RAT_TAXON = 10116;

/** Prefix letters of symbols and the taxon each names (julielab_speciesprefixes, GNormPlus). */
const PREFIX_TAXA: Record<string, number> = { h: HUMAN_TAXON, hum: HUMAN_TAXON, m: MOUSE_TAXON, r: RAT_TAXON };

/**
 * The taxon whose gene table serves a species: budding yeast's is its reference strain's (S288c), fission
 * yeast's reference strain is served by the species' table (the larger), the rat table serves the genus,
 * Xenopus tropicalis's serves X. laevis (no table of its own).
 */
const GENE_TABLE_TAXON: Record<number, number> = { 4932: 559292, 284812: 4896, 10114: RAT_TAXON, 8355: 8364 };

export function geneTableTaxon(taxId: number): number {
  return GENE_TABLE_TAXON[taxId] ?? taxId;
}

/** Mouse and rat nomenclature: a capital, then lower-case letters, with a number or a hyphenated part. */
const MOUSE_CASE = /^[A-Z][a-z]+(?:\d+[a-z]?|-[a-z0-9]+)$/;

/** Words between a species name and a gene mention that still make it the gene's ("mouse and rat Pax6"). */
const BETWEEN = /^[\s,-]*(?:(?:and|or|the|a|an|wild-type|recombinant|endogenous|[a-z]+-specific)?[\s,-]+){0,2}$/i;

/**
 * Words between a gene mention and a species after it that make it the species': other symbols listed with it,
 * a word for its product, then "in", "of" or "from" ("ALT and AST in C57BL/6 mice", "Nqo1 expression in
 * zebrafish larvae", "IRS4 in the rat brain"); "Pax6 levels rose in mice" says less.
 */
const AFTER = /^(?:\s*(?:,|and|or|, and)\s+[\w-]*[A-Z0-9][\w-]*){0,3}(?:\s+(?:expression|levels?|mRNA|proteins?|activity|genes?|transcripts?))?\s+(?:in|of|from)\s+(?:(?:the|adult|male|female|transgenic|larval|wild-type|[a-z]+-deficient)\s+){0,2}$/;

export interface SpeciesContext {
  mentions: readonly SpeciesMention[];
  /** Character ranges of the sentences and the passages. */
  sentences: readonly [number, number][];
  passages: readonly [number, number][];
  /** How often the text names each taxon (and mouse, by its gene names' nomenclature, in a text naming no other). */
  counts: ReadonlyMap<number, number>;
  /** The taxon named most often in the text, else mouse where its genes are written in mouse nomenclature, else human. */
  documentTaxon: number;
  documentWhy: 'document' | 'case' | 'default';
  /**
   * Gene symbols (upper-cased) the text writes both in capitals and as mouse genes are written ("CDSN … murine
   * Cdsn"), in a text that names human and mouse or rat: the author tells the two species' genes apart.
   */
  contrasted: ReadonlySet<string>;
  /** The text's defined short forms and where their long forms are, for step 3's short forms. */
  longForms: ReadonlyMap<string, readonly [number, number]>;
}

/** A human symbol's style: capitals and digits, two capitals at least ("EPOR", "TP53"). */
const HUMAN_CASE = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Z0-9-]+$/;

/**
 * How many of a text's distinct gene names are written in mouse nomenclature (and are mouse symbols), where they
 * are at least three and more than twice those in capitals, else 0: a text that names no species but writes
 * "Lyl1, Pim3, Socs3 … EPOR" is about mouse genes.
 */
function mouseNomenclature(geneTexts: readonly string[], hasSymbol: (taxId: number, symbol: string) => boolean): number {
  let mouse = 0;
  let human = 0;
  for (const t of new Set(geneTexts)) {
    if (MOUSE_CASE.test(t) && hasSymbol(MOUSE_TAXON, t)) mouse++;
    else if (HUMAN_CASE.test(t)) human++;
  }
  return mouse >= 3 && mouse > 2 * human ? mouse : 0;
}

/** A symbol as mouse and rat genes are written: a capital, then lower case (and digits, hyphens): "Cdsn", "Bmp5". */
const RODENT_CASE = /^[A-Z](?=[a-z0-9-]*[a-z])[a-z0-9-]+$/;

/** The upper-cased symbols of `geneTexts` written both in capitals and in rodent case. */
function contrastedSymbols(geneTexts: readonly string[]): Set<string> {
  const capitals = new Set<string>();
  const rodent = new Set<string>();
  for (const t of geneTexts) {
    if (HUMAN_CASE.test(t)) capitals.add(t);
    else if (RODENT_CASE.test(t)) rodent.add(t.toUpperCase());
  }
  return new Set([...rodent].filter((t) => capitals.has(t)));
}

/**
 * What the species steps need of a text: its species mentions, sentences and passages, and (for a text that names
 * no species) whether its gene mentions' texts `geneTexts` are written in mouse nomenclature.
 */
export function speciesContext(text: string, mentions: readonly SpeciesMention[], geneTexts: readonly string[] = [], hasSymbol: (taxId: number, symbol: string) => boolean = () => false, abbreviations: readonly Abbreviation[] = []): SpeciesContext {
  // A text that names no species needs no sentences (the steps that read them have nothing to find).
  const words = mentions.length ? pretokenize(text) : [];
  const sentences = splitSentences(text, words, 1_000_000).map((r) => [words[r.start].start, words[r.end - 1].end] as [number, number]);
  const passages: [number, number][] = [];
  const re = /\n\s*\n|\n(?=\S)/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    passages.push([at, m.index!]);
    at = m.index! + m[0].length;
  }
  passages.push([at, text.length]);
  const counts = new Map<number, number>();
  for (const m of mentions) counts.set(m.taxId, (counts.get(m.taxId) ?? 0) + 1);
  // A text that names no species but human (none at all, or human once: "… shed light on human ARMs") and
  // writes its genes in mouse nomenclature is about mouse genes: each such name counts as naming mouse once.
  const mouseByCase = [...counts.keys()].every((t) => t === HUMAN_TAXON) ? mouseNomenclature(geneTexts, hasSymbol) : 0;
  if (mouseByCase) counts.set(MOUSE_TAXON, mouseByCase);
  let documentTaxon = HUMAN_TAXON;
  let best = 0;
  for (const [t, n] of counts) if (n > best) [documentTaxon, best] = [t, n];
  const contrasted = counts.has(HUMAN_TAXON) && (counts.has(MOUSE_TAXON) || counts.has(RAT_TAXON)) ? contrastedSymbols(geneTexts) : new Set<string>();
  const why = mouseByCase && documentTaxon === MOUSE_TAXON ? 'case' : best ? 'document' : 'default';
  const longForms = new Map<string, readonly [number, number]>();
  for (const a of abbreviations) if (!longForms.has(a.short)) longForms.set(a.short, [a.longStart, a.longEnd]);
  return { mentions, sentences, passages, counts, documentTaxon, documentWhy: why, contrasted, longForms };
}

/** The nearest mention in [from, to) to `at`: one before it first (the usual order, "in mice, Pax6 …"). */
function nearest(mentions: readonly SpeciesMention[], from: number, to: number, at: number): SpeciesMention | undefined {
  let before: SpeciesMention | undefined;
  let after: SpeciesMention | undefined;
  for (const m of mentions) {
    if (m.start < from || m.end > to) continue;
    if (m.end <= at) before = m;
    else if (!after && m.start >= at) after = m;
  }
  return before ?? after;
}

const within = (ranges: readonly [number, number][], at: number) => ranges.find(([a, b]) => a <= at && at < b);

/**
 * The species of a gene mention at [start, end) of `text`. `hasSymbol(taxId, symbol)` says whether a
 * species' gene table has a symbol (for the prefix letters of step 2).
 */
export function geneSpecies(text: string, start: number, end: number, ctx: SpeciesContext, dict: SpeciesDictionary | null, hasSymbol: (taxId: number, symbol: string) => boolean): GeneSpecies {
  const mention = text.slice(start, end);
  // 1. In the mention, at its start: "human IL-6", "Drosophila Notch".
  if (dict) {
    for (const m of dict.find(mention)) {
      const rest = mention.slice(m.end).replace(/^[\s-]+/, '');
      if (m.start === 0 && rest) return { taxId: m.taxId, why: 'mention', bare: rest };
    }
  }
  // 2. A prefix letter: "hIL-6" where "IL-6" is a human symbol and "hIL-6" is no symbol of any table asked.
  // Also "hum" ("HumHtrA2"), a Greek letter's name after the symbol ("hRPTP mu"), and "h" before a name in lower
  // case ("htau").
  const p = /^(?:[rR](?=[hm]))?([hmr]|[Hh]um)([A-Z][A-Za-z0-9-]+(?: [a-z]{2,5}\d?)?)$/.exec(mention) ?? /^(h)([a-z]{3,})$/.exec(mention);
  if (p) {
    const taxId = PREFIX_TAXA[p[1].toLowerCase()];
    if (hasSymbol(taxId, p[2]) && !hasSymbol(HUMAN_TAXON, mention) && !hasSymbol(MOUSE_TAXON, mention)) return { taxId, why: 'prefix', bare: p[2] };
  }
  // 3. Named just before it.
  const prev = ctx.mentions.filter((m) => m.end <= start).at(-1);
  if (prev && BETWEEN.test(text.slice(prev.end, start))) return { taxId: prev.taxId, why: 'before', named: prev.text };
  // 3a. A defined short form: a species named at the start of its long form or just before it (NLM-Gene's
  // first train fifth: 7 mentions right, none lost).
  const long = ctx.longForms.get(mention);
  if (long && long[1] <= start) {
    const [a] = long;
    const m = ctx.mentions.find((x) => x.start === a) ?? ctx.mentions.filter((x) => x.end <= a).at(-1);
    if (m && (m.start === a || BETWEEN.test(text.slice(m.end, a)))) return { taxId: m.taxId, why: 'long-form', named: m.text };
  }
  // 3b. A symbol the text writes both ways: the capitals are the human gene, the other the mouse's (or rat's,
  // in a text that names rats more often than mice).
  if (ctx.contrasted.has(mention.toUpperCase())) {
    if (HUMAN_CASE.test(mention)) return { taxId: HUMAN_TAXON, why: 'contrast' };
    if (RODENT_CASE.test(mention)) return { taxId: (ctx.counts.get(RAT_TAXON) ?? 0) > (ctx.counts.get(MOUSE_TAXON) ?? 0) ? RAT_TAXON : MOUSE_TAXON, why: 'contrast' };
  }
  // 3c. Named just after it as where it is (AFTER).
  const sentence = within(ctx.sentences, start);
  const next = ctx.mentions.find((m) => m.start >= end);
  if (next && sentence && next.end <= sentence[1] && AFTER.test(text.slice(end, next.start))) return { taxId: next.taxId, why: 'sentence', named: next.text };
  // 4. The sentence's.
  const s = sentence && nearest(ctx.mentions, sentence[0], sentence[1], start);
  if (s) return { taxId: s.taxId, why: 'sentence', named: s.text };
  // 5. The title's.
  const title = ctx.passages.length > 1 ? ctx.passages[0] : undefined;
  const t = title && start >= title[1] ? nearest(ctx.mentions, title[0], title[1], title[1]) : undefined;
  // A title that names two species ("human xenograft and murine knockout models") says nothing of which one.
  if (t && !ctx.mentions.some((m) => m.start >= title![0] && m.end <= title![1] && m.taxId !== t.taxId)) return { taxId: t.taxId, why: 'title', named: t.text };
  // 6. The passage's.
  const passage = within(ctx.passages, start);
  const q = passage && nearest(ctx.mentions, passage[0], passage[1], start);
  if (q && !(passage[0] === 0 && passage[1] === text.length)) {
    // A species the text names at least twice as often as the nearest one wins ("… their mouse orthologs" once
    // in a worm paper): on NLM-Gene's devel part +0.6 (1.5×: the same, 3×: +0.2).
    const top = ctx.documentTaxon;
    if (top !== q.taxId && (ctx.counts.get(top) ?? 0) >= 2 * (ctx.counts.get(q.taxId) ?? 0)) return { taxId: top, why: ctx.documentWhy === 'case' ? 'case' : 'document' };
    return { taxId: q.taxId, why: 'passage', named: q.text };
  }
  // 7. The document's most frequent; 8. mouse for a text in mouse nomenclature; 9. human.
  return { taxId: ctx.documentTaxon, why: ctx.documentWhy };
}
