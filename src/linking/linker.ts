/**
 * Links tagged mentions to database entries (MeSH for diseases and chemicals, NCBI Gene for genes) with the
 * lexicon of lexicon.ts, in this order, the first that answers wins:
 * 1. a short form defined in the same text ("N-acetylcysteine (NAC)") is read as its long form: short forms
 *    are ambiguous on their own (the abbreviation finder is the one the tagger's document rules use); so is a
 *    short form inside a mention ("primary HPT" → "primary hyperparathyroidism");
 * 2. the annotated corpora's own mention→id pairs (train and devel splits; a single-id pair is also one of its concept's
 *    names in the dictionary), then the dictionary, by normalised word key
 *    and by compact key; a gene mention also without "gene"/"protein"/"mRNA" after it or "human"/"mouse"
 *    before it; an ion as its element ("Ca²⁺" as "Ca");
 * 3. a composite mention ("breast and ovarian cancer") as its parts ("breast cancer", "ovarian cancer"), when
 *    every part links by step 2; a disease's parts also by the steps below, the link then scored as its
 *    weakest part;
 * 4. for diseases and chemicals, the dictionary by stemmed words with the words for neoplasms as one and
 *    Greek adjectives onto their nouns, and without "disease", "disorder", "syndrome" where other words remain
 *    ("prostate carcinoma" → Prostatic Neoplasms, "primary headache disorders" → Headache Disorders, Primary),
 *    scored 0.9;
 * 5. for diseases and chemicals, the most similar dictionary name when its cosine reaches the threshold (a
 *    chemical of one word only where it is that name misspelt, one edit away): for
 *    diseases by the learned name encoder (encoder.ts) where the lexicon has one, else by character trigram
 *    TF-IDF; the link's score is that cosine, never 1;
 * 6. the mention without its first words ("bilateral sporadic aniridia" → Aniridia), scored 0.8: often the
 *    broader concept; not for chemicals, but two drugs joined by a hyphen or slash that step 5 did not find as a
 *    combination ("carboplatin-paclitaxel") as both drugs.
 * Where steps 5 and 6 land on a name the corpora annotated, its annotated ids win over the dictionary's, as
 * in step 2 ("C9-deficient" near "C9 deficiency", annotated with OMIM:613825 eight times). Last, a short form
 * the text uses without defining it that none of these links takes the link of a mention of the text that
 * spells it ("OAB" after "overactive bladder" in the title), scored 0.8.
 * A mention none of these answers stays unlinked.
 * Genes: each mention gets a species first (gene-species.ts: named in or just before the mention, else its
 * sentence's, passage's, the document's most frequent, else human) and is looked up in that species' table
 * (the human and mouse ones always loaded, those of 29 more taxa once a text names them: `loadGeneTablesFor`),
 * the corpora's gene pairs of that species first; where the table has no such name, the species' ortholog
 * (HomoloGene) of the human or mouse gene the name fits (`ortholog`); else the human or mouse gene itself, the
 * link then saying which species it is of and which was assigned. Where a name fits several genes of the species
 * equally, the link says so (`alternatives`). The species vocabulary's mentions are added as Species spans.
 */
import { bestLongFormStart, findAbbreviations } from '../ner/abbreviations.ts';
import { isDrugStemWord } from '../ner/drug-stems.ts';
import { elementName, ionElement } from '../ner/ions.ts';
import type { EntityLink, EntitySpan, LinkSpecies, LinkVia, SpeciesReason } from '../ner/span.ts';
import { DenseIndex } from './encoder.ts';
import { geneSpecies, geneTableTaxon, speciesContext, type SpeciesContext } from './gene-species.ts';
import { GENE_FAMILY_PAIR } from './lexicon-files.ts';
import { PAIR_NAME_RANK, type Candidate, type Lexicon, type LexiconDictionary, type Orthologs } from './lexicon.ts';
import { DISORDER_WORDS, nameKey } from './normalize.ts';
import { withinOneEdit } from './similarity.ts';
import { HUMAN_TAXON, MOUSE_TAXON, withSpecies } from './species.ts';
import { speciesTaxon, type SpeciesLinkContext } from './species-link.ts';
import { namesLaboratoryTool, speciesCues } from './species-cues.ts';

export const HUMAN = HUMAN_TAXON;
export const MOUSE = MOUSE_TAXON;
const MAIN_TAXA = new Set([HUMAN, MOUSE]);

/**
 * Cosine a trigram similarity match must reach (chemicals: the diseases' dictionary uses the encoder). Chosen on
 * the devel splits (`npm run eval-linking -- --split devel --threshold X`) by the sum of first-id accuracy and
 * end-to-end F1: 0.6 at first; 0.7 once one-word chemicals no longer link by similarity (docs/linking.md).
 */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.7;
/**
 * Cosine a match by the learned encoder must reach: its cosines run higher than trigrams', so a tagger's
 * false positive finds a name near it more easily. 0.75 had the best sum of the two measures on devel over the
 * disease sets (`--encoder-threshold X`).
 */
export const DEFAULT_ENCODER_THRESHOLD = 0.75;
/** The fewest letters a mention needs for a similarity link. */
export const MIN_SIMILARITY_LETTERS = 4;
/** The fewest letters a one-word chemical needs to link to a name one edit away (a misspelling of it). */
export const MIN_MISSPELT_LETTERS = 8;
/** The score of a match by stemmed words: surer than most similarity matches, not a dictionary name. */
export const STEM_SCORE = 0.9;
/** The score of a match by the mention's head without its first words: often the broader concept. */
export const HEAD_SCORE = 0.8;
/** The score of a short form read as a mention of the text that spells it, without a definition. */
export const UNDEFINED_SHORT_FORM_SCORE = 0.8;

export interface LinkOptions {
  similarityThreshold?: number;
  encoderThreshold?: number;
  /** Add the species vocabulary's mentions as Species spans (default true); genes use them either way. */
  addSpecies?: boolean;
}

const GENE_SUFFIX = /[\s-]+(?:genes?|mutations?|variants?|alleles?|polymorphisms?|isoforms?|proteins?|mrnas?|cdnas?|promoters?|locus|loci|transcripts?|receptors? gene|polypeptides?)$/i;

/** Words that name no concept alone (in `nameKey` form): a mention's head made of them is not linked. */
const GENERIC_HEADS = new Set([...DISORDER_WORDS, 'abnormality', 'anomaly', 'defect', 'problem', 'complication', 'lesion', 'injury', 'damage', 'deficiency', 'dysfunction', 'manifestation', 'symptom', 'sign', 'finding', 'trait']);

/** A short form: one word of 2–10 letters and digits, two capitals at least ("OAB", "VSD", "EDDs"). */
const SHORT_FORM = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9-]{2,10}$/;

/** "systemic lupus erythematosus" and "SLE" → "sle"; "EDDs" → "edd": a short form's plural "s" is no initial. */
function initials(name: string): string {
  if (!/\s/.test(name)) return name.replace(/(?<=[A-Z])s$/, '').toLowerCase();
  return name.split(/[\s-]+/).filter(Boolean).map((w) => w[0].toLowerCase()).join('');
}

/** What linking one text's mentions reads beside the mention: the similarity thresholds, the text's words. */
interface LinkSettings {
  trigram: number;
  encoder: number;
  /** The text's words (lower case, four letters or more), which tell a shared gene symbol's gene by its name. */
  textWords?: ReadonlySet<string>;
  /** The gene ids the text's other gene mentions (other names than the one given) can stand for. */
  otherMentionIds?: (name: string) => ReadonlySet<string>;
  /** Whether the text names a disease: a fungus's, plant's or invertebrate's gene name its own table lacks is
   * then taken as a human or mouse gene (a disease model expressing the human gene: "alpha-synuclein" in yeast). */
  namesDisease?: boolean;
}

/**
 * Fungi, plants and invertebrates with a gene table here. A name their table lacks, in a text that names no
 * disease, is left unlinked rather than taken as a human or mouse gene: "HML" and "HMR" of a yeast text are
 * mating-type loci, not CLEC10A and NR4A1 ("ELF3" of Arabidopsis, "CLIP170" of yeast the same). Listed by their
 * tables' taxa (`geneTableTaxon`: budding yeast's is S288c's, 559292; fission yeast's 4896).
 */
const FAR_FROM_HUMAN = new Set([559292, 4896, 28985, 33169, 318829, 5141, 3702, 4530, 6239, 7227, 7165]);

/** The gene dictionary of a taxon: human and mouse share one, the others have their own table (or none yet). */
const geneTableOf = (lex: Lexicon, taxId: number): LexiconDictionary | undefined =>
  MAIN_TAXA.has(taxId) ? lex.dictionaries.get('Gene') : lex.geneTables.get(taxId);

/** Whether a gene name that `taxId`'s table lacks may be taken from the human and mouse dictionary. */
const fallsBackToMain = (taxId: number, namesDisease: boolean | undefined) => namesDisease !== false || !FAR_FROM_HUMAN.has(taxId);

/** How many words of the text another gene's name must share to take an official symbol from its gene. */
const OFFICIAL_OVERRIDE_WORDS = 3;

/** Words of gene names too common to tell one gene from another. */
const GENERIC_NAME_WORDS = new Set(['protein', 'proteins', 'factor', 'receptor', 'subunit', 'family', 'member', 'domain', 'containing', 'like', 'type', 'gene', 'homolog', 'complex', 'associated', 'related', 'kinase', 'binding', 'alpha', 'beta', 'gamma', 'delta']);

/**
 * Of several genes a name fits in one species: the one another gene mention of the text names (`others`), if one
 * does and the first choice is no official symbol (docs/linking.md, 2026-12-08); else the one whose full name
 * shares the most words with the text,
 * where it shares more than the first choice does ("SRC-1" in a text about steroid receptor coactivators: NCOA1,
 * not SRC); else the first choice. On NLM-Gene's devel part +0.2 (15 mentions right, 9 wrong: "CCR4" the
 * chemokine receptor for the CCR4-NOT subunit, which an official symbol now keeps), GNormPlus +0.4; asking for
 * two shared words gained nothing.
 */
function byTextWords(c: { id: string; alternatives: string[] }, cands: readonly Candidate[], nameOf: (id: string) => string | undefined, words: ReadonlySet<string> | undefined, others?: () => ReadonlySet<string>): { id: string; alternatives: string[] } {
  const ids = [...new Set(cands.map((x) => x.id))];
  if (ids.length < 2) return c;
  // A synonym several genes share is the one of them that another mention of the text names too ("IL-27 …
  // the p28 subunit" → Il27, not Gsto1's p28), unless the first choice is the species' official symbol ("Sag").
  const named = others && !cands.some((x) => x.id === c.id && x.rank === 0) ? ids.filter((id) => others().has(id)) : [];
  if (named.length === 1 && named[0] !== c.id) return { id: named[0], alternatives: ids.filter((x) => x !== named[0]) };
  if (!words) return c;
  const shared = (id: string) => {
    // The full name: what follows the symbol in "Rnf7 (ring finger protein 7)".
    const name = nameOf(id)?.replace(/^[^(]*\(/, '') ?? '';
    return new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !GENERIC_NAME_WORDS.has(w) && words.has(w))).size;
  };
  const first = shared(c.id);
  let best = c.id;
  let bestN = first;
  for (const id of ids) {
    const n = shared(id);
    if (n > bestN) [best, bestN] = [id, n];
  }
  // An official symbol ("CCR4", "Cdh1", "POLG") gives way to another gene's synonym only where that gene's name
  // shares three words with the text ("IMP3" in a text on IGF2 mRNA-binding proteins); a word or two are often
  // common ones ("transcription", "cell division").
  const official = cands.some((x) => x.id === c.id && x.rank === 0) && !cands.some((x) => x.id === best && x.rank === 0);
  if (official && bestN < OFFICIAL_OVERRIDE_WORDS) return c;
  return bestN > first ? { id: best, alternatives: ids.filter((x) => x !== best) } : c;
}

interface Match {
  ids: string[];
  via: LinkVia;
  score: number;
  alternatives?: string[];
  /** A gene's taxon. */
  taxId?: number;
  formerly?: string[];
}

/** The best candidates: the text's species first for genes, then the best rank; ties stay as alternatives. */
function choose(type: string, cands: readonly Candidate[], taxId: number): { id: string; alternatives: string[] } | null {
  if (!cands.length) return null;
  let pool = cands;
  if (type === 'Gene') {
    const same = cands.filter((c) => c.taxId === taxId);
    if (same.length) pool = same;
  }
  const best = Math.min(...pool.map((c) => c.rank));
  const top = pool.filter((c) => c.rank === best);
  // Among equals: a MeSH descriptor (D…) before a supplementary record (C…), a lower Gene id (an older, usually
  // better-studied gene) before a higher one.
  top.sort((a, b) => (a.id[0] !== b.id[0] ? (a.id[0] === 'D' ? -1 : 1) : a.id.length - b.id.length || (a.id < b.id ? -1 : 1)));
  return { id: top[0].id, alternatives: top.slice(1).map((c) => c.id) };
}

/**
 * The MeSH 2024 descriptor a name is an entry term of, where the corpora annotated it with another id that the
 * name is no entry term of (an older descriptor): that descriptor, else null.
 */
function todaysDescriptor(dict: LexiconDictionary, mention: string, annotated: string): string | null {
  const own = dict.lookup(mention).filter((c) => c.rank < PAIR_NAME_RANK);
  if (!own.length || own.some((c) => c.id === annotated)) return null;
  const descriptors = own.filter((c) => c.id.startsWith('D'));
  return descriptors.length === 1 ? descriptors[0].id : null;
}

function direct(lex: Lexicon, dict: LexiconDictionary, type: string, mention: string, taxId: number, namesDisease?: boolean): Match | null {
  if (type === 'Gene') return directGene(lex, [], geneNames(mention), taxId, { namesDisease });
  const pair = lex.pairs.lookup(type, mention);
  if (pair) {
    const today = pair.length === 1 && /^[CD]\d+$/.test(pair[0]) ? todaysDescriptor(dict, mention, pair[0]) : null;
    if (today) return { ids: [today], via: 'exact', score: 1, formerly: pair };
    return { ids: pair, via: 'corpus', score: 1 };
  }
  const c = choose(dict.type, dict.lookup(mention), taxId);
  return c ? { ids: [c.id], via: 'exact', score: 1, ...(c.alternatives.length ? { alternatives: c.alternatives } : {}) } : null;
}

/**
 * A gene name's candidates in one taxon's table (human and mouse share one dictionary, whose word key may hold
 * only the other species' genes where the compact key holds this one's; the others load on demand).
 */
function geneCandidates(lex: Lexicon, taxId: number, name: string, mainLookup?: (name: string) => readonly Candidate[]): readonly Candidate[] {
  if (!MAIN_TAXA.has(taxId)) return lex.geneTables.get(taxId)?.lookup(name) ?? [];
  const dict = lex.dictionaries.get('Gene');
  if (!dict) return [];
  const own = (mainLookup ?? ((n) => dict.lookup(n)))(name).filter((c) => c.taxId === taxId);
  const compactOf = () => dict.lookupCompact(name).filter((c) => c.taxId === taxId);
  if (!own.length) return compactOf();
  // The compact key may hold a better-ranked name of this species than the word key ("GLP-1": mouse Gcg's
  // synonym, where the word key has only Zglp1's designation): each gene at its best rank of the two.
  const best = Math.min(...own.map((c) => c.rank));
  if (best === 0) return own;
  const compact = compactOf();
  if (!compact.some((c) => c.rank < best)) return own;
  const byId = new Map<string, Candidate>();
  for (const c of [...own, ...compact]) if (!byId.has(c.id) || byId.get(c.id)!.rank > c.rank) byId.set(c.id, c);
  return [...byId.values()];
}

/** Marks on a gene symbol that name a form of it, not another gene: phospho- ("pAkt", "p-ERK"), a knockout,
 * knockdown or transgene ("STAT3KO", "COX-2KD", "BCL-2tg"), a yeast deletion ("sae2Delta") or protein ("Lem2p"),
 * mTOR's complexes ("mTORC1"). */
const FORM_MARKS: [RegExp, string][] = [
  [/^p-?(?=[A-Z][A-Za-z]{2})/, ''],
  [/(?<=[A-Za-z0-9])(?:KO|KD)$/, ''],
  [/(?<=\d|[A-Z]{3})(?:tg|Tg)$/, ''],
  // mTOR's complexes are named as mTOR by the gene corpora ("mTORC1" → mTOR).
  [/^(mTOR)C[12]?$/, '$1'],
  [/(?<=\d)(?:Delta|\u0394)$/, ''],
  [/(?<=[a-z]\d+)p$/i, ''],
  // p63's and p73's isoforms by their N-terminus and C-terminus ("ΔNp63α", "DNp63a", "TAp73β") are the gene's.
  [/^(?:\u0394N|DN|TA)(p[67]3)(?:[abg\u03b1-\u03b3]|alpha|beta|gamma)?$/, '$1'],
];

/** "miR-124", "hsa-miR-133a-3p", "let-7f" → the gene symbols their loci have ("MIR124-1", "MIR133A1", "MIRLET7F1"). */
function microRnaNames(mention: string): string[] {
  const m = /^(?:[a-z]{3}-)?(?:[mM]i[Rr](?:NA)?-?|(let)-)(\d+[a-z]?)(?:-([1-9]))?(?:-[35]p)?$/.exec(mention);
  if (!m) return [];
  const stem = `MIR${m[1] ? 'LET' : ''}${m[2].toUpperCase()}`;
  if (m[3]) return [`${stem}-${m[3]}`, `${stem}${m[3]}`];
  return /\d$/.test(stem) ? [stem, `${stem}-1`, `${stem}A`] : [stem, `${stem}1`, `${stem}-1`];
}

/**
 * The mention, without "gene", "protein", "mRNA" and the like after it, and a name with its short form in
 * parentheses as either ("transforming growth factor (TGF)-beta1" → "transforming growth factor-beta1",
 * "TGF-beta1"; "retinoblastoma (RB1)" → "retinoblastoma", "RB1"; "Toll-like receptor (TLR)4" → "TLR4"); then
 * the symbol without a mark of its form ("pAkt" → "Akt"), a microRNA as its loci's symbols.
 */
export function geneNames(mention: string): string[] {
  // A collagen chain's notation names its gene; as written it would meet unrelated symbols ("alpha1" is ADRA1D's).
  const collagen = collagenChainSymbol(mention);
  if (collagen) return [collagen, mention];
  // Amyloid beta peptides by their length ("Aβ42", "Abeta(1-40)", "amyloid b1-42") are APP's product.
  if (AMYLOID_PEPTIDE.test(mention.trim())) return [mention, 'amyloid beta'];
  // A phosphorylated protein ("pERK", "p-AKT", "pSTAT3") is the protein's: as written, case folded, "pERK" would
  // meet PERK (EIF2AK3), so the protein's name goes first (three letters at least: "pS2" is TFF1's name).
  const phospho = /^p-?(?=[A-Z][A-Z0-9]{2})/.exec(mention);
  const out = phospho ? [mention.slice(phospho[0].length), mention] : [mention];
  const add = (s: string) => {
    const t = s.replace(/\s+/g, ' ').trim();
    if (t && !out.includes(t)) out.push(t);
  };
  add(mention.replace(GENE_SUFFIX, ''));
  const p = /^(.*?)\s*\(([^()]+)\)(\s*)(.*)$/.exec(out[out.length - 1]);
  if (p) {
    const [, long, short, space, tail] = p;
    if (/^[-\s]/.test(tail) || !tail) {
      add(`${short}${tail}`);
      add(`${long}${tail}`);
    } else if (/^(?:\d+[a-z]?|[A-Z]|alpha|beta|gamma|delta|kappa|[abgdk])$/.test(tail)) {
      // A number or a letter after the short form is the gene's: "cyclin-dependent kinase (CDK) 4" → "CDK4"; a
      // lone a, b, g, d or k the Greek letter a text lost ("retinoic acid receptor (RAR)a").
      const t = LOST_GREEK[tail] ?? tail;
      add(`${short}${t}`);
      add(`${long} ${t}`);
      if (space) add(`${short} ${t}`);
    } else if (space) {
      // Words after the parenthesis belong to both forms: "luteinizing hormone (LH) beta-subunit".
      add(`${long} ${tail}`);
      add(`${short} ${tail}`);
    }
  }
  const base = out[out.length - 1];
  for (const [re, by] of FORM_MARKS) if (re.test(base)) add(base.replace(re, by));
  for (const n of microRnaNames(base)) add(n);
  // "autophagy-related gene 7" is the gene "autophagy related 7"
  if (/\S[\s-]+genes?[\s-]+\S/i.test(base)) add(base.replace(/[\s-]+genes?(?=[\s-]+\S)/gi, ' '));
  const isoform = ISOFORM_LETTER.exec(base);
  if (isoform) add(isoform[1]);
  // An immunoglobulin isotype is its heavy chain's constant gene ("IgE" → IGHE, "IgG1" → IGHG1, "IgG2b" → Ighg2b).
  const isotype = /^Ig([AGEMD])(\d[a-c]?)?$/.exec(base);
  if (isotype) add(`IGH${isotype[1]}${(isotype[2] ?? '').toUpperCase()}`);
  // A chemokine or its receptor by the systematic name its symbol abbreviates ("CXC chemokine receptor 3" →
  // CXCR3, "C-C motif chemokine ligand 2" → CCL2, "C chemokine ligand 1" → XCL1).
  const chemokine = /^(C|CC|C-C|CXC|C-X-C|CX3C|C-X3-C)(?:\s+motif)?\s+chemokine\s+(ligand|receptor)(?:\s+type)?\s*-?\s*(\d+)$/i.exec(base);
  if (chemokine) {
    const family = chemokine[1].replace(/-/g, '').toUpperCase();
    add(`${family === 'C' ? 'X' : ''}${family}${chemokine[2].toLowerCase() === 'ligand' ? 'L' : 'R'}${chemokine[3]}`);
  }
  // "protein" inside a name that holds it nowhere else ("Cyclin-dependent protein kinase 5" → "Cyclin-dependent
  // kinase 5").
  if (/\S\s+protein\s+\S/i.test(base)) add(base.replace(/\s+protein(?=\s+\S)/i, ''));
  // A receptor's or channel's type number before its name is the number after it ("type I TNF-R" → "TNF-R I",
  // "TNF-R1"); not a ligand's ("type II TGF-beta" is mostly its receptor's type).
  const typed = /^type\s+(I{1,3}|IV|[1-4])\s+(\S.*(?:-?R|receptors?|channels?))$/i.exec(base);
  if (typed) {
    add(`${typed[2]} ${typed[1]}`);
    add(`${typed[2]}${romanNumber(typed[1].toUpperCase()) ?? typed[1]}`);
  }
  // A Greek letter before the name is the subunit or isoform the names write after it ("delta-CaMKII" →
  // "CaMKII delta", "alpha1 AMPK" → "AMPK alpha1").
  const greekFirst = /^(alpha|beta|gamma|delta|epsilon|kappa)(\d?)[\s-]+(\S+)$/i.exec(base);
  if (greekFirst) add(`${greekFirst[3]} ${greekFirst[1].toLowerCase()}${greekFirst[2]}`);
  const asWritten = [...out];
  for (const n of asWritten) {
    const greek = withLostGreek(n);
    if (greek !== n) add(greek);
  }
  for (const n of asWritten) {
    const letter = withGreekAsLetter(n);
    if (letter !== n) add(letter);
  }
  return out;
}

/** An amyloid beta peptide named by its residues: "Aβ42", "Aβ1-42", "Abeta(1-40)", "amyloid-beta 1-42", "Ab1-42". */
const AMYLOID_PEPTIDE = /^(?:A|amyloid[\s-]*)(?:β|beta|b)[\s-]*(?:\(\s*)?(?:1\s*[-–]\s*)?(?:3[89]|4[0-3])(?:\s*\))?$/i;

/**
 * The symbol of a collagen chain written as chain and type: "alpha1(I)", "pro-α2(I)", "α1(IV) collagen",
 * "collagen alpha 3(V)" → COL1A1, COL1A2, COL4A1, COL5A3; undefined for any other name.
 */
export function collagenChainSymbol(mention: string): string | undefined {
  const m = /^(?:(?:pro)?collagen\s+)?(?:pro-?)?(?:α|alpha|a)\s*-?\s*([1-6])\s*\(\s*([IVX]{1,5})\s*\)(?:[\s-]+(?:pro)?collagen)?(?:[\s-]+chains?)?$/i.exec(mention.trim());
  if (!m) return undefined;
  const type = romanNumber(m[2].toUpperCase());
  return type && type <= 28 ? `COL${type}A${m[1]}` : undefined;
}

function romanNumber(s: string): number | undefined {
  const v: Record<string, number> = { I: 1, V: 5, X: 10 };
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const a = v[s[i]];
    const b = v[s[i + 1]] ?? 0;
    n += a < b ? -a : a;
  }
  return n > 0 ? n : undefined;
}

/** Latin letters that stand for Greek ones a text lost ("integrin b2", "PPARg", "TRa1", "NF-kB"). */
const LOST_GREEK: Record<string, string> = { a: 'alpha', b: 'beta', g: 'gamma', d: 'delta', k: 'kappa' };
/** The same letters the other way, as official symbols write them: alpha → A. */
const GREEK_LETTER: Record<string, string> = Object.fromEntries(Object.entries(LOST_GREEK).map(([l, g]) => [g, l.toUpperCase()]));

/**
 * A Greek letter spelled out after a symbol's capitals as the capital that official symbols use for it
 * ("LHbeta" → "LHB", "PDGFalpha" → "PDGFA", "IL-2Ralpha" → "IL-2RA", "CD8alpha" → "CD8A"); tried last.
 */
function withGreekAsLetter(name: string): string {
  return name.replace(/(?<=[A-Z0-9]{2}|[A-Z]-)(alpha|beta|gamma|delta|kappa)(?=$|\d)/, (g: string) => GREEK_LETTER[g]);
}


/**
 * The name with a lone lower-case a, b, g, d or k spelled as the Greek letter it stands for: a word of its own
 * before a number or at the end ("integrin b2", "receptor a1", "b-2-adrenergic"), or after two capitals or
 * digits of a symbol, or a parenthesis, before a digit, a capital or the end ("PPARg", "IGF-1Rb", "TRa1", "NF-kB";
 * "Hb" stays), or before a hyphen and a word ("b-catenin", "a-tubulin"). Tried only after the name as written.
 */
function withLostGreek(name: string): string {
  return name.replace(/(?<=^|[\s(])([abgdk])-(?=[a-z]{4})/g, (_, l: string) => `${LOST_GREEK[l]}-`).replace(/(?<=^|[\s(-])([abgdk])(?=-?\d|$)|(?<=[A-Z0-9]{2}|[A-Z0-9]-|\))([abgdk])(?=\d|[A-Z]|$)/g, (_, a: string | undefined, b: string | undefined) => LOST_GREEK[(a ?? b)!]);
}

/** A symbol with a letter naming its isoform ("SH2B1a", "OCT4A" after a digit): the gene is the symbol's. */
const ISOFORM_LETTER = /^([A-Z][A-Z0-9-]*\d)(?:[a-d]|A|B)$/;

/**
 * `taxId`'s ortholog of the best-ranked of these human and mouse candidates (other species' genes) that has one,
 * human before mouse: a symbol two human genes share ("CSN3": casein kappa, and COPS3's synonym) is the one
 * with an ortholog.
 */
function firstOrtholog(orthologs: Orthologs, cands: readonly Candidate[], taxId: number): string | undefined {
  const ranked = cands.filter((c) => c.taxId !== taxId).sort((a, b) => a.rank - b.rank || (a.taxId === b.taxId ? 0 : a.taxId === HUMAN ? -1 : 1));
  for (const c of ranked) {
    const o = orthologs.of(c.id, taxId);
    if (o) return o;
  }
  return undefined;
}

/**
 * A gene mention in the table of `taxId` (a gene table's taxon). The names of a short form's long form are tried
 * first, then the mention's (each as geneNames gives them); for each, in turn: the corpora's pairs of that taxon,
 * the table; then the taxon's ortholog of another species' gene a name fits (human and mouse first, the
 * best-ranked that has one). Only when neither answers, the human or mouse gene a name fits itself. So a long
 * form outranks a symbol several genes share ("SRC-2" defined as "steroid receptor coactivator-2": mouse Ncoa2's
 * synonym, human NCOA2 by ortholog, not FGR, whose synonym is SRC-2), and "Jag1" defined as "Jagged1" in a
 * human text is human JAG1, though only the mouse table spells it "Jagged1". `fromLong`: the match came from a
 * long form.
 */
function directGene(
  lex: Lexicon, longNames: readonly string[], names: readonly string[], taxId: number,
  { textWords, others, namesDisease }: { textWords?: ReadonlySet<string>; others?: () => ReadonlySet<string>; namesDisease?: boolean } = {},
): (Match & { fromLong: boolean }) | null {
  const dict = lex.dictionaries.get('Gene');
  // The human and mouse dictionary's candidates of each name, looked up once for the passes below.
  const inMain = new Map<string, readonly Candidate[]>();
  const mainOf = (v: string) => {
    let c = inMain.get(v);
    if (!c) inMain.set(v, (c = dict?.lookup(v) ?? []));
    return c;
  };
  const orthologs = lex.geneTables.orthologGroups();
  const groups = [
    { names: longNames, fromLong: true },
    { names: names.filter((v) => !longNames.includes(v)), fromLong: false },
  ];
  for (const { names: group, fromLong } of groups) {
    for (const v of group) {
      const pair = lex.pairs.lookupCounted('Gene', nameKey(v), taxId);
      // Looked up only where needed: a pair seen twice answers alone.
      const own = pair && pair.count >= 2 ? [] : geneCandidates(lex, taxId, v, mainOf);
      // A pair the corpora gave once against the species' official symbol is an annotator's slip more often
      // than not ("FGFR1" once annotated as FGF1, "KDR" as KEL).
      const official = own.filter((c) => c.rank === 0);
      if (pair && (!official.length || official.some((c) => pair.ids.includes(c.id)))) return { ids: pair.ids, via: 'corpus', score: 1, taxId, fromLong };
      const first = choose('Gene', own, taxId);
      const table = geneTableOf(lex, taxId);
      const c = first && table ? byTextWords(first, own, (id) => table.nameOf(id), textWords, others) : first;
      if (c) return { ids: [c.id], via: 'exact', score: 1, taxId, fromLong, ...(c.alternatives.length ? { alternatives: c.alternatives } : {}) };
    }
    if (!orthologs) continue;
    for (const v of group) {
      const ortholog = firstOrtholog(orthologs, mainOf(v), taxId);
      if (ortholog) return { ids: [ortholog], via: 'ortholog', score: 1, taxId, fromLong };
    }
  }
  if (!dict || !fallsBackToMain(taxId, namesDisease)) return null;
  for (const { names: group, fromLong } of groups) {
    for (const v of group) {
      const cands = mainOf(v);
      const c = choose(dict.type, cands, HUMAN);
      if (!c) continue;
      const tax = cands.find((x) => x.id === c.id)?.taxId ?? HUMAN;
      return { ids: [c.id], via: 'exact', score: 1, taxId: tax, fromLong, ...(c.alternatives.length ? { alternatives: c.alternatives } : {}) };
    }
  }
  return null;
}

/**
 * The mention with each short form defined in the text that it holds as a word read as its long form
 * ("primary HPT" → "primary hyperparathyroidism"); undefined where it holds none.
 */
function expandInside(mention: string, longForms: Map<string, string>): string | undefined {
  let changed = false;
  const out = mention.replace(/[\p{L}\p{N}]+/gu, (w) => {
    const l = longForms.get(w);
    if (!l || w.length < 2) return w;
    changed = true;
    return l;
  });
  return changed ? out : undefined;
}

/** Runs of letters, of digits, of anything else: "S100A7" → S, 100, A, 7. */
const runs = (s: string) => s.match(/\p{L}+|\p{N}+|[^\p{L}\p{N}]+/gu) ?? [];

/**
 * The genes a coordinated gene mention names, as GNormPlus reads them: later parts share the first one's stem
 * ("STAT1/3" → STAT1, STAT3; "IL-1alpha/beta" → IL-1alpha, IL-1beta; "S100A7/A8/A9"; "IL-17A and F"), a range of
 * numbers is its members ("Notch1-4" → Notch1 … Notch4); null when the mention is no list.
 */
export function geneParts(mention: string): string[] | null {
  const range = /^(.*?\D)(\d+)\s*-\s*(\d+)$/.exec(mention);
  if (range) {
    const [, stem, a, b] = range;
    const from = Number(a);
    const to = Number(b);
    if (to > from && to - from <= 9 && !/[-\s]$/.test(stem)) return Array.from({ length: to - from + 1 }, (_, i) => `${stem}${from + i}`);
  }
  const parts = mention.split(/\s*\/\s*|\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|and\/or)\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return null;
  const first = runs(parts[0]);
  const out = [parts[0]];
  for (const p of parts.slice(1)) {
    const r = runs(p);
    // A part as long as a name of its own is one ("BRCA1/BRCA2"); a short one takes the first part's stem, also
    // where it repeats the last letters of the stem's letter run ("DFNB7/B11" → DFNB11).
    if (p.length >= parts[0].length) out.push(p);
    else if (r.length < first.length) out.push(first.slice(0, first.length - r.length).join('') + p);
    else out.push(sharedTail(parts[0], p) ?? p);
  }
  return out;
}

/**
 * `part` as the end of `first` where `part`'s leading letters end a letter run of `first` followed by the same
 * kind of runs ("DFNB7", "B11" → "DFNB11"); null otherwise.
 */
function sharedTail(first: string, part: string): string | null {
  const lead = /^\p{L}+/u.exec(part)?.[0];
  if (!lead) return null;
  const kinds = (s: string) => runs(s).map((x) => (/\p{L}/u.test(x) ? 'a' : /\p{N}/u.test(x) ? '0' : '-')).join('');
  for (let at = first.lastIndexOf(lead); at > 0; at = first.lastIndexOf(lead, at - 1)) {
    if (/\p{L}/u.test(first[at - 1]) && kinds(first.slice(at)) === kinds(part)) return first.slice(0, at) + part;
  }
  return null;
}

/** "breast and ovarian cancer" → ["breast cancer", "ovarian cancer"]; null when the mention is no list. */
export function compositeParts(mention: string): string[] | null {
  const parts = mention.split(/\s*,\s+(?:and\s+|or\s+)?|\s+(?:and|or|and\/or)\s+|\s*\/\s*/i).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return null;
  const last = parts[parts.length - 1].split(/\s+/);
  if (last.length < 2) return null;
  const head = last[last.length - 1];
  return parts.map((p, i) => (i < parts.length - 1 && !/\s/.test(p) ? `${p} ${head}` : p));
}

/**
 * Two drugs joined by a hyphen or a slash, as a regimen is written ("carboplatin-paclitaxel", "sacubitril/valsartan"):
 * two words of five letters or more, letters only, one of them ending in a drug stem (drug-stems.ts); null for
 * anything else ("N-acetylcysteine", "serine-threonine" of "serine-threonine kinase"). BC5CDR writes such pairs as
 * two spans, each with its drug's id, 28 times in 34 on its train.
 */
function drugPairParts(mention: string): string[] | null {
  const m = /^(\p{L}{5,})\s*[-/]\s*(\p{L}{5,})$/u.exec(mention.trim());
  return m && (isDrugStemWord(m[1]) || isDrugStemWord(m[2])) ? [m[1], m[2]] : null;
}

function linkMention(lex: Lexicon, type: string, mention: string, longForms: Map<string, string>, taxId: number, settings: LinkSettings): Match | null {
  const dict = lex.dictionaries.get(type);
  if (!dict) return null;
  const long = longForms.get(mention.trim()) ?? expandInside(mention, longForms);
  if (type === 'Gene') {
    // A long form may use another short form of the text ("The Gc receptor (GR)", "Gc" defined as glucocorticoid).
    const longer = long ? expandInside(long, longForms) : undefined;
    const m = directGene(lex, long ? [...geneNames(long), ...(longer ? geneNames(longer) : [])] : [], geneNames(mention), taxId, {
      textWords: settings.textWords, others: settings.otherMentionIds && (() => settings.otherMentionIds!(mention)), namesDisease: settings.namesDisease,
    });
    if (m) {
      const { fromLong, ...match } = m;
      return fromLong ? { ...match, via: 'abbreviation' } : match;
    }
  } else {
    if (long) {
      const m = direct(lex, dict, type, long, taxId);
      if (m) return { ...m, via: 'abbreviation' };
    }
    // A lone letter means what the text defines it as (above), or an element ("K" → potassium), nothing else: the
    // corpora's one-letter pairs are their own texts' definitions ("phlorizin (P)", "M" for methylprednisolone).
    if (/^\p{L}$/u.test(mention.trim())) {
      const element = type === 'Chemical' ? elementName(mention.trim()) : undefined;
      return element ? direct(lex, dict, type, element, taxId) : null;
    }
    const m = direct(lex, dict, type, mention, taxId);
    if (m) return m;
    // An ion as its element ("Ca²⁺" → "Ca", then "calcium"), as BC5CDR links them (src/ner/ions.ts).
    const element = type === 'Chemical' ? ionElement(mention.trim()) : null;
    if (element) {
      const e = direct(lex, dict, type, element.symbol, taxId) ?? direct(lex, dict, type, element.name, taxId);
      if (e) return e;
    }
  }
  if (type === 'Gene') {
    const m = receptorBySymbol(lex, mention, taxId, settings) ?? receptorAsSymbol(lex, mention, taxId, settings);
    if (m) return m;
    // A molecular weight before a symbol ("p21SNFT" → "SNFT"), tried last: "p38MAPK" is no "MAPK".
    const weighed = /^p\d{2,3}(?=[A-Z]{3})/.exec(mention);
    if (weighed) {
      const w = directGene(lex, [], geneNames(mention.slice(weighed[0].length)), taxId, settings);
      if (w) {
        const { fromLong: _, ...match } = w;
        return match;
      }
    }
  }
  const parts = type === 'Gene' ? geneParts(mention) : compositeParts(mention);
  if (parts) {
    const links = parts.map((p) => direct(lex, dict, type, p, taxId, settings.namesDisease));
    if (links.every(Boolean)) return { ids: [...new Set(links.flatMap((l) => l!.ids))], via: 'composite', score: 1, ...(links[0]!.taxId ? { taxId: links[0]!.taxId } : {}) };
    // Diseases' and genes' parts may link by any step ("hemorrhagic and thromboembolic complications", "TGF-beta
    // receptor I/II"); chemicals' names hold slashes and commas of their own ("A2A/A1 receptor antagonist"), so
    // theirs only exactly.
    if (type === 'Disease' || type === 'Gene') {
      const loose = parts.map((p) => linkMention(lex, type, p, longForms, taxId, settings));
      if (loose.every(Boolean)) return { ids: [...new Set(loose.flatMap((l) => l!.ids))], via: 'composite', score: Math.min(...loose.map((l) => l!.score)), ...(loose[0]!.taxId ? { taxId: loose[0]!.taxId } : {}) };
    }
  }
  if (type === 'Gene') return null;
  for (const name of long ? [long, mention] : [mention]) {
    const c = choose(dict.type, dict.lookupLoose(name), taxId);
    if (c) return { ids: [c.id], via: 'stem', score: STEM_SCORE };
  }
  const key = nameKey(long ?? mention);
  if (!key) return null;
  // No similarity link without evidence: a mention of fewer than four letters ("Ca2+", "CC") is too short to be
  // near a name by chance alone.
  const letters = key.replace(/[^\p{L}]/gu, '').length;
  if (letters < MIN_SIMILARITY_LETTERS) return null;
  // A chemical named in one word near another name is mostly another compound ("pembrolizumab" is no
  // natalizumab, "mangiferin" no isomangiferin: on BC5CDR devel such links were right 30 times in 136), unless
  // it is that name misspelt: one edit from it in a word of eight letters or more ("procyclindine",
  // "fluorthyl"; of BC5CDR's train and devel mentions left unlinked, 4 such, all right; two edits: 3 right in 27).
  // Two drugs joined by a hyphen or slash are two words here: a combination MeSH names otherwise
  // ("amoxicillin-clavulanate", Amoxicillin-Potassium Clavulanate Combination) is found by similarity, else both.
  const drugPair = type === 'Chemical' ? drugPairParts(long ?? mention) : null;
  const oneWordChemical = type === 'Chemical' && !drugPair && !/\s/.test((long ?? mention).trim());
  if (oneWordChemical && letters < MIN_MISSPELT_LETTERS) return null;
  // The learned encoder where the dictionary has one (it meets synonyms trigrams miss: "renal" / "kidney").
  const index = dict.nearestIndex();
  const hit = index.best(key);
  const misspelt = oneWordChemical && hit !== null && withinOneEdit(key, hit.key);
  if (oneWordChemical && !misspelt) return null;
  // A drug pair's near name must name both drugs (a combination), not one of them.
  const namesPair = !drugPair || (hit !== null && drugPair.every((p) => hit.key.includes(nameKey(p).slice(0, 5))));
  if (hit && namesPair && (misspelt || hit.score >= (index instanceof DenseIndex ? settings.encoder : settings.trigram))) {
    const pair = lex.pairs.lookupKey(type, hit.key);
    if (pair) return { ids: pair, via: 'similar', score: hit.score };
    const c = choose(dict.type, dict.candidatesOfKey(hit.key), taxId);
    if (c) return { ids: [c.id], via: 'similar', score: hit.score };
  }
  if (drugPair) {
    const links = drugPair.map((p) => direct(lex, dict, type, p, taxId));
    if (links.every(Boolean)) return { ids: [...new Set(links.flatMap((l) => l!.ids))], via: 'composite', score: 1 };
  }
  // The head: leading modifiers off, one word at a time ("bilateral sporadic aniridia" → "aniridia").
  // Not for chemicals: the head of a chemical name is another chemical ("retinyl acetate" is no acetate; 3 of
  // 40 right on BC5CDR devel).
  if (type === 'Chemical') return null;
  const words = (long ?? mention).split(/\s+/);
  for (let i = 1; i < words.length; i++) {
    const rest = words.slice(i).join(' ');
    if (rest.replace(/[^\p{L}]/gu, '').length < 4) break;
    // A head that is only a generic word ("disease", "syndrome") says nothing of which concept is meant.
    if (nameKey(rest).split(' ').every((w) => GENERIC_HEADS.has(w))) break;
    const d = direct(lex, dict, type, rest, taxId);
    if (d) return { ids: d.ids, via: 'head', score: HEAD_SCORE };
    const c = choose(dict.type, dict.lookupLoose(rest), taxId);
    if (c) return { ids: [c.id], via: 'head', score: HEAD_SCORE };
  }
  return null;
}

/**
 * "CB1 receptor", "TRPV1 channel", "EP4 receptor": a symbol with the kind of its product after it is the gene of
 * that symbol whose name says it is that kind (CNR1, cannabinoid receptor 1), tried where the mention as written
 * fits no gene; "TNF receptor" stays unlinked (TNF is no receptor).
 */
function receptorBySymbol(lex: Lexicon, mention: string, taxId: number, settings: LinkSettings): Match | null {
  const m = /^([A-Za-z0-9][A-Za-z0-9.()/-]{0,11})[\s-]+(receptor|channel)s?$/i.exec(mention.trim());
  if (!m || !/\d/.test(m[1])) return null;
  const hit = directGene(lex, [], geneNames(m[1]), taxId, settings);
  if (!hit) return null;
  const table = geneTableOf(lex, hit.taxId ?? taxId);
  const kind = m[2].toLowerCase();
  if (!hit.ids.every((id) => table?.nameOf(id)?.toLowerCase().includes(kind))) return null;
  const { fromLong, ...match } = hit;
  return match;
}

/**
 * One-letter short forms, which Schwartz and Hearst's finder leaves out (two characters at least): a capital in
 * parentheses right after a word of four letters or more that it starts ("phlorizin (P)", "testosterone (T)"),
 * the first definition of each letter. For linking only: a mention "P" of the type its long form was tagged.
 */
function letterShortForms(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/(?<![\p{L}\p{N}-])(\p{L}[\p{L}\p{N}-]{3,})\s\((\p{Lu})\)/gu)) {
    if (m[1][0].toUpperCase() === m[2] && !out.has(m[2])) out.set(m[2], m[1]);
  }
  return out;
}

const GREEK_SIGN: Record<string, string> = { 'α': 'alpha', 'β': 'beta', 'γ': 'gamma', 'δ': 'delta' };
const ROMAN: Record<string, string> = { I: '1', II: '2', III: '3', IV: '4' };

/**
 * "IL-6 receptor", "IL-4 receptor alpha", "PDGF receptor beta", "FGF receptor 1", "IL-13 receptor alpha 2",
 * "IL-1 receptor type I": a ligand's symbol, "receptor", a subunit and a number, written as the receptor's symbol is
 * made (IL6R, IL4RA, PDGFRB, FGFR1, IL13RA2, IL1R1) and looked up as a symbol; tried where the mention fits no gene.
 */
function receptorAsSymbol(lex: Lexicon, mention: string, taxId: number, settings: LinkSettings): Match | null {
  const m = /^([A-Za-z][A-Za-z0-9-]{0,9}?)[\s-]+receptor(?:[\s-]+(?:subunit[\s-]+)?(alpha|beta|gamma|delta|[αβγδ]))?(?:[\s-]*(?:type[\s-]+)?(\d|I{1,3}|IV))?$/i.exec(mention.trim());
  if (!m) return null;
  const ligand = m[1].replace(/-(alpha|beta|gamma|delta)$/i, (_, g: string) => GREEK_LETTER[g.toLowerCase()]).replace(/-/g, '');
  if (!/^[A-Za-z]{2,}\d*[A-Za-z]?$/.test(ligand) || ligand !== ligand.toUpperCase()) return null;
  const subunit = m[2] ? GREEK_LETTER[GREEK_SIGN[m[2]] ?? m[2].toLowerCase()] : '';
  const symbol = `${ligand}R${subunit}${m[3] ? (ROMAN[m[3].toUpperCase()] ?? m[3]) : ''}`;
  const hit = directGene(lex, [], [symbol], taxId, settings);
  if (!hit) return null;
  // The symbol made so must name a receptor ("LHR" is also a synonym of CD44); without a subunit or number, a
  // receptor whose official symbol it is ("IL6R"), not a family's ("PDGFR", "TNFR", "VEGFR").
  const table = geneTableOf(lex, hit.taxId ?? taxId);
  const receptor = [...hit.ids, ...(hit.alternatives ?? [])].find((id) => {
    const name = table?.nameOf(id) ?? '';
    return name.toLowerCase().includes('receptor') && (m[2] || m[3] || name.split(' ')[0].toUpperCase() === symbol.toUpperCase());
  });
  if (!receptor) return null;
  const { fromLong: _, alternatives: __, ...match } = hit;
  return { ...match, ids: [receptor] };
}

/**
 * A short form the text uses without defining it, left unlinked, spelled by a linked mention of the same type
 * in the text ("OAB" beside "overactive bladder" in the title): read as that mention, one whose word initials
 * are the short form first. Not for genes, whose symbols are names of their own. `links` is one type's
 * mentions with their links, in the text's order; each is tried once, against the linked mentions of its
 * first letter only, so a long file stays fast.
 */
function linkUndefinedShortForms(type: string, links: Map<string, Match | null>): void {
  if (type === 'Gene') return;
  const byInitial = new Map<string, string[]>();
  for (const [text, m] of links) {
    if (!m || !text) continue;
    const list = byInitial.get(text[0].toLowerCase());
    if (list) list.push(text);
    else byInitial.set(text[0].toLowerCase(), [text]);
  }
  for (const [text, m] of links) {
    if (m || !SHORT_FORM.test(text)) continue;
    const fulls = (byInitial.get(text[0].toLowerCase()) ?? []).filter((o) => o.length > text.length && bestLongFormStart(text, o) === 0);
    const full = fulls.find((o) => initials(o) === initials(text)) ?? fulls[0];
    if (full) links.set(text, { ...links.get(full)!, via: 'abbreviation', score: UNDEFINED_SHORT_FORM_SCORE });
  }
}

/** Species steps that read the text around the mention, not the mention itself. */
const CONTEXT_REASONS = new Set<SpeciesReason>(['contrast', 'sentence', 'title', 'passage', 'document', 'default', 'case']);

/** Whether a species' table (or its corpus pairs) has a name of this mention. */
function nameInTable(lex: Lexicon, taxId: number, mention: string): boolean {
  return geneNames(mention).some((v) => lex.pairs.lookup('Gene', v, taxId) !== null || geneCandidates(lex, taxId, v).length > 0);
}

/** Whether a name of this mention fits a human or mouse gene that has an ortholog in this taxon. */
function orthologInto(lex: Lexicon, taxId: number, mention: string): boolean {
  const orthologs = lex.geneTables.orthologGroups();
  const dict = lex.dictionaries.get('Gene');
  if (!orthologs || !dict) return false;
  return geneNames(mention).some((v) => firstOrtholog(orthologs, dict.lookup(v), taxId) !== undefined);
}

/** The gene-table taxa a text names, the most often named first, human last where it is not named. */
function textTaxa(ctx: SpeciesContext): number[] {
  const n = new Map<number, number>();
  for (const m of ctx.mentions) n.set(geneTableTaxon(m.taxId), (n.get(geneTableTaxon(m.taxId)) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1]).map(([t]) => t);
}

/**
 * For a gene mention's name, the gene ids the text's other gene mentions (other names, and each part of a name
 * with a slash: "Sag/Rbx2") can stand for in the tables of `taxa()`, by the tables and the corpora's pairs.
 * Each text's list is built once, on first call, and each name's answer kept.
 */
function otherMentionIds(lex: Lexicon, spans: readonly EntitySpan[], taxa: () => number[]): (name: string) => ReadonlySet<string> {
  let idsByName: Map<string, Set<string>> | undefined;
  const answers = new Map<string, Set<string>>();
  return (name) => {
    const key = nameKey(name);
    let out = answers.get(key);
    if (out) return out;
    if (!idsByName) {
      idsByName = new Map();
      const taxIds = new Set(taxa());
      for (const g of new Set(spans.filter((x) => x.type === 'Gene').flatMap((x) => [x.text, ...(x.text.includes('/') ? x.text.split('/') : [])]))) {
        const k = nameKey(g);
        if (!k || idsByName.has(k)) continue;
        const ids = new Set<string>();
        for (const t of taxIds) {
          for (const c of geneCandidates(lex, t, g)) ids.add(c.id);
          for (const id of lex.pairs.lookupCounted('Gene', k, t)?.ids ?? []) ids.add(id);
        }
        idsByName.set(k, ids);
      }
    }
    out = new Set<string>();
    for (const [k, ids] of idsByName) if (k !== key) for (const id of ids) out.add(id);
    answers.set(key, out);
    return out;
  };
}

/** The gene-table taxa the species named in each text call for (human and mouse are always loaded). */
export function geneTaxaFor(texts: readonly string[], lex: Lexicon): number[] {
  const out = new Set<number>();
  for (const t of texts) for (const m of lex.species?.find(t) ?? []) if (!MAIN_TAXA.has(m.taxId)) out.add(geneTableTaxon(m.taxId));
  return [...out].filter((t) => lex.geneTables.has(t));
}

/** Loads the gene tables that linking these texts needs: call (and await) before `linkSpans`. */
export async function loadGeneTablesFor(texts: readonly string[], lex: Lexicon): Promise<void> {
  await lex.geneTables.load(geneTaxaFor(texts, lex));
}

/** The letters a Species span needs to be read as a disease's name. */
const MIN_DISEASE_NAME_LETTERS = 4;

/** A Species span linked to its taxon (species-link.ts); a span no step links keeps the link it had, if any. */
function linkedSpecies(s: EntitySpan, ctx: SpeciesLinkContext, lex: Lexicon): EntitySpan {
  const t = speciesTaxon(s.text, ctx);
  if (t) return { ...s, link: { ids: [String(t.taxId)], names: [ctx.species.nameOf(t.taxId) ?? String(t.taxId)], via: t.via, score: t.score } };
  // A Species span that names no taxon but is a disease's name as written ("COVID-19", which the tagger reads as
  // the virus) is that disease; a short form ("SD", Sprague-Dawley) is not enough.
  const dict = s.text.replace(/[^\p{L}]/gu, '').length >= MIN_DISEASE_NAME_LETTERS ? lex.dictionaries.get('Disease') : undefined;
  const d = dict && direct(lex, dict, 'Disease', s.text, HUMAN);
  if (!d || d.via !== 'exact') return s;
  return { ...s, type: 'Disease', link: { ids: d.ids, names: d.ids.map((id) => dict!.nameOf(id) ?? id), via: d.via, score: d.score, ...(d.formerly ? { formerly: d.formerly } : {}) } };
}

/** The name of a gene's taxon as the link shows it. */
function taxonName(lex: Lexicon, taxId: number): string {
  return lex.species?.nameOf(taxId) ?? (taxId === HUMAN ? 'Homo sapiens' : taxId === MOUSE ? 'Mus musculus' : `taxon ${taxId}`);
}

/** A sentence with a mention of each step's kind ("nephrotoxicty" misspelt for the similarity step), linked once by prepareLinking. */
const WARM_UP = 'Mice given cisplatin (CDDP) developed acute kidney injury; human TP53 and interleukin (IL)-6 rose, as did a nephrotoxicty.';

/**
 * Builds what the first link would otherwise build on demand (each dictionary's similarity index and its search)
 * and links one sentence (so the linker's code is compiled), as the model is run once when it loads: the worker
 * calls it in idle time once the lexicon is in, so the first text's link pays for neither. Returns its time in ms.
 */
export function prepareLinking(lex: Lexicon): number {
  const t0 = performance.now();
  for (const [type, d] of lex.dictionaries) if (type !== 'Gene') d.nearestIndex().prepare();
  const at = (m: string) => WARM_UP.indexOf(m);
  const span = (type: string, m: string): EntitySpan => ({ type, start: at(m), end: at(m) + m.length, text: m, score: 1 });
  linkSpans(WARM_UP, [span('Chemical', 'cisplatin'), span('Chemical', 'CDDP'), span('Disease', 'acute kidney injury'), span('Gene', 'TP53'), span('Gene', 'interleukin (IL)-6'), span('Disease', 'nephrotoxicty')], lex);
  return performance.now() - t0;
}

const AMINO_ACID_CODES = new Set('ala arg asn asp cys gln glu gly his ile leu lys met phe pro ser thr trp tyr val'.split(' '));

/** How often the gene corpora must have marked a name a gene or family, and no corpus a chemical, for a span
 * the tagger called a chemical to be read as a gene. */
export const GENE_BY_PAIRS_MIN = 5;

/** Whether a mention is one gene's official symbol in the species, or in several words its full name
 * ("glyceraldehyde-3-phosphate dehydrogenase", which a corpus once marked a family). */
function isGeneName(lex: Lexicon, taxId: number, mention: string): boolean {
  const words = /\s/.test(mention.trim());
  return geneCandidates(lex, taxId, mention).some((c) => c.rank === 0 || (words && c.rank === 1));
}

/**
 * Whether a name the tagger called a chemical is a gene by the corpora's pairs: the gene corpora marked it a
 * gene or a gene family at least GENE_BY_PAIRS_MIN times, and the chemical corpora never a chemical
 * ("NF-kappaB", which the tagger calls a chemical; "angiotensin II", which BC5CDR marks a chemical, stays one).
 */
function isGeneByPairs(lex: Lexicon, name: string): boolean {
  // A residue's code ("Asp", "Met") names an amino acid where a chemical tagger finds it, whatever gene shares it.
  if (!/\p{L}.*\p{L}/u.test(name) || AMINO_ACID_CODES.has(name.toLowerCase()) || lex.pairs.count('Chemical', name) > 0) return false;
  return lex.pairs.count('Gene', name) + lex.pairs.count(GENE_FAMILY_PAIR, name) >= GENE_BY_PAIRS_MIN;
}

/**
 * The spans with their links (spans no entry fits come back unchanged; a chemical span whose name the gene
 * corpora mark a gene, and no corpus a chemical, comes back an unlinked Gene span; a Species span that names no
 * taxon but is a disease's dictionary name, of four letters or more, a Disease span), and the species the lexicon's species
 * vocabulary finds as Species spans where no other span covers them; `text` is the text they were tagged in.
 * The gene tables of the species named in the text must be loaded first (`loadGeneTablesFor`); without them a
 * gene of such a species links through its ortholog or to the human or mouse gene.
 */
export function linkSpans(text: string, tagged: readonly EntitySpan[], lex: Lexicon, opts: LinkOptions = {}): EntitySpan[] {
  // Read as genes but left unlinked: most are families ("NF-kappaB", "MEK1/2") GNormPlus gives no id, and linking
  // them cost per-abstract F1 on devel.
  const retyped = new Set<EntitySpan>();
  const spans = tagged.map((s) => {
    if (s.type !== 'Chemical' || !isGeneByPairs(lex, s.text)) return s;
    const g = { ...s, type: 'Gene' };
    retyped.add(g);
    return g;
  });
  const settings: LinkSettings = { trigram: opts.similarityThreshold ?? DEFAULT_SIMILARITY_THRESHOLD, encoder: opts.encoderThreshold ?? DEFAULT_ENCODER_THRESHOLD };
  if (spans.some((s) => s.type === 'Gene')) settings.textWords = new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4));
  settings.namesDisease = spans.some((s) => s.type === 'Disease');
  // Built on first need: the species context (ctx, below) is known by then.
  settings.otherMentionIds = otherMentionIds(lex, spans, () => [HUMAN, MOUSE, ...(ctx ? textTaxa(ctx) : [])]);
  const abbreviations = findAbbreviations(text);
  const longForms = new Map<string, string>();
  for (const a of abbreviations) if (!longForms.has(a.short)) longForms.set(a.short, a.long);
  for (const [letter, long] of letterShortForms(text)) if (!longForms.has(letter)) longForms.set(letter, long);
  const speciesFound = lex.species?.find(text) ?? [];
  const all = lex.species && opts.addSpecies !== false ? withSpecies(text, spans, lex.species, speciesFound) : spans;
  let ctx: SpeciesContext | null = null;
  const geneDict = lex.dictionaries.get('Gene');
  const hasSymbol = (taxId: number, symbol: string) => geneCandidates(lex, geneTableTaxon(taxId), symbol).length > 0;
  // Per type, each distinct mention's link; genes per mention text and species.
  const links = new Map<string, Map<string, Match | null>>();
  const speciesOf = new Map<EntitySpan, { taxId: number; why: SpeciesReason; key: string; named?: string }>();
  // Per mention text and taxon: whether that taxon's table has the name, and whether an ortholog reaches it (a
  // text repeats its genes).
  const hasName = new Map<string, boolean>();
  const hasOrtholog = new Map<string, boolean>();
  for (const s of all) {
    if (s.type === 'Species' || retyped.has(s)) continue;
    let byText = links.get(s.type);
    if (!byText) links.set(s.type, (byText = new Map()));
    let key = s.text;
    let mention = s.text;
    let taxId = HUMAN;
    if (s.type === 'Gene' && geneDict) {
      // Only species with a gene table here are candidates: a gene "expressed in E. coli" is not E. coli's.
      ctx ??= speciesContext(
        text,
        // The species named, and those cell lines and strains tell ("HEK293 cells", "C57BL/6 mice").
        // A species as a laboratory tool ("yeast two-hybrid", "Xenopus oocytes") does not tell.
        [...speciesFound, ...speciesCues(text)]
          .filter((m) => (MAIN_TAXA.has(m.taxId) || lex.geneTables.has(geneTableTaxon(m.taxId))) && !namesLaboratoryTool(text, m))
          .sort((a, b) => a.start - b.start),
        all.filter((g) => g.type === 'Gene').map((g) => g.text),
        hasSymbol,
        abbreviations,
      );
      const sp = geneSpecies(text, s.start, s.end, ctx, lex.species, hasSymbol);
      taxId = geneTableTaxon(sp.taxId);
      mention = sp.bare ?? s.text;
      const once = (cache: Map<string, boolean>, t: number, ask: () => boolean) => {
        const k = `${mention}\u0000${t}`;
        let has = cache.get(k);
        if (has === undefined) cache.set(k, (has = ask()));
        return has;
      };
      const inTable = (t: number) => once(hasName, t, () => nameInTable(lex, t, mention));
      const reachable = (t: number) => once(hasOrtholog, t, () => orthologInto(lex, t, mention));
      if (CONTEXT_REASONS.has(sp.why) && !inTable(taxId) && !reachable(taxId)) {
        // SR4GN: a species chosen by context whose table lacks the name, and no ortholog of a gene the name fits
        // elsewhere, gives way to another species the text names whose table has it (most frequent first).
        const other = textTaxa(ctx).find((t) => t !== taxId && inTable(t));
        if (other !== undefined) {
          taxId = other;
          sp.why = 'table';
        }
      }
      key = `${mention}\u0000${taxId}`;
      speciesOf.set(s, { taxId, why: sp.why, key, ...(sp.named && sp.why !== 'table' ? { named: sp.named } : {}) });
    }
    if (byText.has(key)) continue;
    // A name the gene corpora mark a family ("NF-kappaB", "PI3K") more often than a gene names no one gene,
    // unless it is a gene's official symbol in the species ("APP").
    // A lone letter after the name names one member ("thyroid hormone receptor a"), though the name's key drops it.
    if (s.type === 'Gene' && lex.pairs.count(GENE_FAMILY_PAIR, s.text) > lex.pairs.count('Gene', s.text) && withLostGreek(s.text) === s.text && !isGeneName(lex, taxId, mention)) byText.set(key, null);
    else byText.set(key, linkMention(lex, s.type, mention, longForms, taxId, settings));
  }
  for (const [type, byText] of links) linkUndefinedShortForms(type, byText);
  const speciesLinks: SpeciesLinkContext | null = lex.species ? { text, species: lex.species, pairs: lex.pairs, longForms } : null;
  return all.map((s) => {
    if (s.type === 'Species') return speciesLinks ? linkedSpecies(s, speciesLinks, lex) : s;
    if (retyped.has(s)) return s;
    const sp = speciesOf.get(s);
    const m = links.get(s.type)!.get(sp ? sp.key : s.text);
    if (!m) return s;
    const dict = s.type === 'Gene' && m.taxId !== undefined ? geneTableOf(lex, m.taxId) : lex.dictionaries.get(s.type)!;
    const link: EntityLink = { ids: m.ids, names: m.ids.map((id) => dict?.nameOf(id) ?? id), via: m.via, score: m.score };
    if (m.alternatives) link.alternatives = m.alternatives;
    if (m.formerly) link.formerly = m.formerly;
    if (sp && m.taxId !== undefined) {
      const species: LinkSpecies = { taxId: m.taxId, name: taxonName(lex, m.taxId), why: sp.why, ...(sp.named ? { named: sp.named } : {}) };
      if (m.taxId !== sp.taxId) species.assigned = sp.taxId;
      link.species = species;
    }
    return { ...s, link };
  });
}
