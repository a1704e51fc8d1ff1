/**
 * Drugs named by their International Nonproprietary Name stems (WHO, "The use of stems in the selection of INNs"):
 * "baricitinib", "gantenerumab", "entecavir", "sildenafil". The tagger learnt its chemicals from corpora of
 * 2015 and before and from MeSH names, so drugs named since are missed where nothing else in the sentence tells
 * them (on 10,928 of the project's unlabelled abstracts, tagged by the default model, 62 words with these stems
 * had no span, most of them drugs). A whole word that ends in a stem and that no span touches becomes a
 * Chemical span (`drug-stems`, a document rule). Left out: stems that also end peptide hormones the gene corpora
 * mark as genes (-pressin, -tocin, -relin), and words made from a drug's name by a prefix ("anticocaine",
 * "postheparin", "nonsterol").
 */
import type { EntitySpan } from './span.ts';

const STEMS = [
  // kinase and other enzyme inhibitors, antibodies, fusion proteins, antisense and siRNA drugs
  'nib', 'ciclib', 'parib', 'lisib', 'degib', 'sertib', 'zomib', 'mab', 'ercept', 'acept', 'rsen', 'siran',
  // anti-infectives
  'platin', 'rubicin', 'mycin', 'micin', 'oxacin', 'cycline', 'cillin', 'penem', 'bactam', 'fungin', 'azole',
  'vir', 'vudine', 'citabine', 'trexate',
  // cardiovascular, renal, metabolic
  'sartan', 'pril', 'prilat', 'olol', 'dipine', 'vastatin', 'xaban', 'gatran', 'parin', 'semide', 'thiazide',
  'azosin', 'ulosin', 'terol', 'afil', 'gliptin', 'gliflozin', 'glitazone', 'glinide', 'dronate', 'udil', 'xidil',
  // nervous system
  'azepam', 'azolam', 'barbital', 'caine', 'pramine', 'triptyline', 'oxetine', 'peridol', 'apine', 'idone',
  'triptan', 'setron', 'tadine', 'tidine', 'prazole', 'curium', 'curonium',
  // inflammation, hormones, cancer
  'profen', 'coxib', 'fenac', 'sonide', 'olone', 'asone', 'lukast', 'milast', 'gestrel', 'sterone', 'ifene', 'ifen',
  'taxel', 'tecan', 'mustine', 'domide', 'lamide',
];

/** A word of letters (a capital first at most) with at least three letters before its stem ("avibactam"). */
const STEM_WORD_SOURCE = `[A-Za-z][a-z]{2,}(?:${STEMS.join('|')})`;
const STEM_WORD = new RegExp(`(?<![\\p{L}\\p{N}])${STEM_WORD_SOURCE}(?![\\p{L}\\p{N}])`, 'gu');
const WHOLE_STEM_WORD = new RegExp(`^${STEM_WORD_SOURCE}$`, 'u');

/** Prefixes that make another word of a drug's name ("anticocaine antibodies", "postheparin plasma"). */
const DERIVED = /^(?:anti|non|post|pre|poly|pseudo|inter|intra|co)/i;

/** Whether a word ends in a drug stem as `drug-stems` reads them ("paclitaxel", "ritonavir"). */
export function isDrugStemWord(word: string): boolean {
  return WHOLE_STEM_WORD.test(word) && !DERIVED.test(word);
}

/** The score of such a span: found by its letters, not by the model. */
export const DRUG_STEM_SCORE = 0.5;

/** `spans` and a Chemical span for each untouched whole word ending in a drug stem. */
export function withDrugStems(text: string, spans: readonly EntitySpan[]): EntitySpan[] {
  const found: EntitySpan[] = [];
  // The characters spans cover, so that a long text's many spans are not searched for each word.
  let taken: Uint8Array | undefined;
  for (const m of text.matchAll(STEM_WORD)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (DERIVED.test(m[0])) continue;
    if (!taken) {
      taken = new Uint8Array(text.length);
      for (const s of spans) taken.fill(1, s.start, s.end);
    }
    if (taken.subarray(start, end).includes(1)) continue;
    found.push({ type: 'Chemical', start, end, text: m[0], score: DRUG_STEM_SCORE });
  }
  return found.length ? [...spans, ...found] : [...spans];
}
