/**
 * An entity found in a text. Offsets are UTF-16 code-unit indices into the original string (JavaScript
 * string indices, the convention PubTator uses for its offsets), `end` exclusive, so
 * `text === original.slice(start, end)` always holds, also around characters outside the BMP.
 */
export interface EntitySpan {
  type: string;
  start: number;
  end: number;
  text: string;
  /** Mean probability of the span's word labels, 0..1. */
  score: number;
  /** The database entries the mention names, once the linker has run and found one (src/linking). */
  link?: EntityLink;
}

/** The spans kept at a confidence threshold (the page's Min. confidence): those scoring at least `minScore`. */
export function spansAtLeast<S extends { score: number }>(spans: readonly S[], minScore: number): S[] {
  return minScore > 0 ? spans.filter((s) => s.score >= minScore) : spans.slice();
}

/** How a link was found, from the most to the least certain. */
export type LinkVia = 'corpus' | 'exact' | 'abbreviation' | 'composite' | 'stem' | 'head' | 'similar' | 'pattern' | 'ortholog';

/**
 * How a gene mention's species was chosen (src/linking/gene-species.ts): named in the mention, a prefix letter
 * ("hIL-6"), named just before it, the case of a symbol the text writes both in capitals and in rodent case, in its
 * sentence, in the title, in its passage, the document's most frequent, mouse for the genes of a text that names
 * no species and writes its gene names in mouse nomenclature ("Lyl1", "Pim3", "Socs3"), or human by default.
 */
export type SpeciesReason = 'mention' | 'prefix' | 'before' | 'long-form' | 'contrast' | 'sentence' | 'title' | 'passage' | 'document' | 'case' | 'default' | 'table';

/** The species of a linked gene. */
export interface LinkSpecies {
  /** NCBI Taxonomy id of the gene the link names. */
  taxId: number;
  /** Its scientific name. */
  name: string;
  why: SpeciesReason;
  /** The species assigned to the mention, where its gene table had no such gene and the link is another species' gene. */
  assigned?: number;
  /** The text's words that named it, for the steps that read a name nearby ("rats"; "HEK293T", a cell line). */
  named?: string;
}

export interface EntityLink {
  /** Ids without a database prefix (MeSH D…/C…, NCBI Gene numbers, OMIM:…); several for a composite mention. */
  ids: string[];
  /** The preferred name of each id. */
  names: string[];
  via: LinkVia;
  /**
   * 1 for a dictionary match and for a sequence variant's normal form (`pattern`: ids hold it, names its class), 0.9 for `stem`, 0.8 for `head` and for a short form read through a mention that
   * spells it, the similarity (0..1) for `similar`; a composite's, its weakest part's.
   */
  score: number;
  /** Other ids the same name fits equally well (an ambiguous gene symbol, say); absent when there are none. */
  alternatives?: string[];
  /** A gene's species (`ortholog`: the assigned species' ortholog of a gene the name fits in another species). */
  species?: LinkSpecies;
  /**
   * The ids the annotated corpora gave this name, where MeSH 2024 files it under another descriptor (the link's
   * id): "autism spectrum disorder", annotated D002659 in 2015, is an entry term of D000067877 today.
   */
  formerly?: string[];
}
