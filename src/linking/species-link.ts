/**
 * The NCBI Taxonomy id of a Species span (the tagger's, or one the species vocabulary found), the first step
 * that answers:
 * - the corpora's pairs (S800's train annotations: the taxon species taggers give a name, often the species where
 *   UniProt's list holds only strains: "Sinorhizobium meliloti" is 382, "Tomato bushy stunt virus" 12145);
 * - an abbreviated binomial spelt out in the text ("P. syringae" beside "Pseudomonas syringae" is no Phytophthora;
 *   "Ch. velia", "An. gambiae": a genus cut to two letters);
 * - a short form defined in the text, through its long form ("rat cytomegalovirus (RCMV)" is no Red clover
 *   mottle virus, which UniProt also calls RCMV);
 * - the vocabulary: as written, with a capital first letter ("hepatitis B virus"), as a singular ("monkeypox
 *   viruses", "Song Wrens");
 * - a strain, pathovar or isolate by its species: the longest run of two words or more at the mention's start or
 *   end that names one ("E. coli K-12", "X. campestris pv. campestris", "BL21 E. coli"; score 0.8), never a
 *   host's name before a virus's; a virus's variant by a first word that is an acronym with a number
 *   ("SARS-CoV-2 Omicron BA.5"); for a defined short form, its long form so ("carbapenem-resistant Klebsiella
 *   pneumoniae (CRKP)");
 * - an animal by its kind after a strain, breed or sex ("Sprague-Dawley rats", "nude mice", "Holstein cows"), or
 *   before its life stage ("zebrafish larvae"); score 0.8.
 * Pure TypeScript.
 */
import type { LinkVia } from '../ner/span.ts';
import type { CorpusPairs } from './lexicon.ts';
import type { SpeciesDictionary } from './species.ts';

export const SPECIES_PAIR_TYPE = 'Species';

export interface SpeciesTaxon {
  taxId: number;
  via: LinkVia;
  score: number;
}

export interface SpeciesLinkContext {
  text: string;
  species: SpeciesDictionary;
  pairs: CorpusPairs;
  /** Short form → long form, as the text defines them. */
  longForms: ReadonlyMap<string, string>;
}

/** "P. syringae", "Ch. velia", "An.gambiae": the genus's first letters and the epithet. */
const ABBREVIATED = /^([A-Z][a-z]?)\. ?([a-z][a-z-]+)$/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The name as the corpora or the vocabulary have it: as written, capitalised, singular. */
function named(form: string, ctx: SpeciesLinkContext): SpeciesTaxon | null {
  const pair = ctx.pairs.lookup(SPECIES_PAIR_TYPE, form);
  if (pair) return { taxId: Number(pair[0]), via: 'corpus', score: 1 };
  const exact = ctx.species.taxonOf(form);
  if (exact !== undefined) return { taxId: exact, via: 'exact', score: 1 };
  const variants = [form[0].toUpperCase() + form.slice(1)];
  const singular = /virus(es)$/i.test(form) ? form.slice(0, -2) : form.replace(/([a-z]{3})s$/, '$1');
  if (singular !== form) variants.push(singular, singular[0].toUpperCase() + singular.slice(1));
  for (const v of variants) {
    if (v === form) continue;
    const t = ctx.species.taxonOf(v);
    if (t !== undefined) return { taxId: t, via: 'stem', score: 0.9 };
  }
  return null;
}

/** The full binomial the text spells for an abbreviated one, or null. */
function spelledOut(form: string, text: string): string | null {
  const m = ABBREVIATED.exec(form);
  if (!m) return null;
  const full = new RegExp(`\\b(${escape(m[1])}[a-z]+) ${escape(m[2])}\\b`).exec(text);
  return full ? `${full[1]} ${m[2]}` : null;
}

export function speciesTaxon(mention: string, ctx: SpeciesLinkContext): SpeciesTaxon | null {
  const form = mention.replace(/\s+/g, ' ').trim();
  if (!form) return null;
  const full = spelledOut(form, ctx.text);
  if (full) {
    const t = named(full, ctx);
    if (t) return { ...t, via: 'abbreviation' };
  }
  // A short form the text defines means its long form: "rat cytomegalovirus (RCMV)" is no Red clover mottle virus;
  // "carbapenem-resistant Klebsiella pneumoniae (CRKP)" is the species its last words name.
  const long = ctx.longForms.get(form);
  if (long) {
    const t = named(long, ctx) ?? byPart(long.replace(/\s+/g, ' ').trim(), ctx);
    if (t) return { ...t, via: 'abbreviation' };
  }
  return named(form, ctx) ?? byPart(form, ctx);
}

/**
 * A strain, pathovar or variant by its species: the longest run of two words or more at the name's start or end
 * that names one; else, for a virus's variant or subtype after its name, a first word that is an acronym with a
 * number ("SARS-CoV-2 Omicron BA.5", "HIV-1 subtype C": a genus alone never is).
 */
function byPart(form: string, ctx: SpeciesLinkContext): SpeciesTaxon | null {
  const words = form.split(' ');
  for (let k = words.length - 1; k >= 2; k--) {
    // A host's name before a virus's ("Penaeus monodon nucleopolyhedrovirus", "Arabidopsis thaliana phage") is
    // not the virus's species.
    const starts = VIRUS_WORD.test(words.slice(k).join(' ')) ? [] : [words.slice(0, k)];
    for (const part of [...starts, words.slice(words.length - k)]) {
      const t = named(part.join(' '), ctx);
      if (t) return { taxId: t.taxId, via: 'head', score: 0.8 };
    }
  }
  // An animal by its kind after a strain, breed or sex ("Sprague-Dawley rats", "nude mice", "Holstein cows"),
  // or before its life stage ("zebrafish larvae"): the last word first, as English puts the head last; never a
  // virus's ("rat cytomegalovirus" is no human cytomegalovirus).
  if (words.length >= 2 && !VIRUS_WORD.test(form)) {
    const heads = LIFE_STAGE.test(words.slice(1).join(' ')) ? [words[words.length - 1], words[0]] : [words[words.length - 1]];
    for (const part of heads) {
      if (!/^\p{Ll}{3,}$/u.test(part)) continue;
      const t = named(part, ctx);
      if (t) return { taxId: t.taxId, via: 'head', score: 0.8 };
    }
  }
  if (words.length >= 2 && VIRUS_ACRONYM.test(words[0])) {
    const t = named(words[0], ctx);
    if (t) return { taxId: t.taxId, via: 'head', score: 0.8 };
  }
  return null;
}

/** Words for an organism's life stage or sex after its name ("zebrafish larvae"); "corn smut" is no maize. */
const LIFE_STAGE = /^(?:(?:male|female|adult|juvenile|larval|embryonic|neonatal|newborn|pregnant)\s)*(?:larva|larvae|embryos?|pups?|seedlings?|eggs?|juveniles?|adults?|neonates?|males?|females?|fry|nymphs?|tadpoles?|calves|lambs|piglets|chicks|kittens|puppies|offspring)$/i;

/** A word that names a virus or a phage ("densovirus", "nucleopolyhedrovirus", "bacteriophage"). */
const VIRUS_WORD = /vir(?:us|uses|al|oid)\b|phage/i;

/** An acronym with a number, as virus names are written: "SARS-CoV-2", "HIV-1", "HPV16", "H1N1". */
const VIRUS_ACRONYM = /^(?=.*[A-Z].*[A-Z])(?=.*\d)[A-Za-z0-9-]+$/;
