/**
 * How exports and tooltips say a linked gene's species and why it was chosen (src/linking/gene-species.ts),
 * defined once: "Rattus norvegicus (NCBITaxon:10116), named in the sentence".
 */
import type { LinkSpecies, SpeciesReason } from '../ner/span.ts';

export const SPECIES_REASON_TEXT: Record<SpeciesReason, string> = {
  mention: 'named in the mention',
  prefix: "the symbol's species prefix letter",
  before: 'named just before the mention',
  'long-form': 'named in or just before the long form this short form stands for',
  contrast: 'the text writes this symbol both as human genes are written (capitals) and as rodent genes are',
  sentence: 'named in the sentence',
  title: 'named in the title',
  passage: 'named in the paragraph',
  document: "the text's most frequent species",
  case: 'mouse nomenclature of its gene names, in a text that names no species',
  default: 'human: the text names no species',
  table: "another species the text names, the one whose gene table has this name",
};

export function speciesNote(s: LinkSpecies): string {
  const note = `${s.name} (NCBITaxon:${s.taxId}), ${SPECIES_REASON_TEXT[s.why]}${s.named ? ` ("${s.named}")` : ''}`;
  return s.assigned ? `${note}; no gene of this name in the table of NCBITaxon:${s.assigned}, the species assigned` : note;
}

/** BioC infons of a gene's species: `species` (NCBITaxon id) and `species_reason`. */
export function speciesInfons(s: LinkSpecies): Record<string, string> {
  return { species: `NCBITaxon:${s.taxId}`, species_reason: speciesNote(s) };
}
