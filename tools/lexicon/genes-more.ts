/**
 * The gene tables of the 29 taxa beyond human and mouse (../shared/data/lexicons/genes-more/by_taxon), as
 * Map-based dictionaries for build-lexicon to compile into one `gene-<taxId>.lex.gz` each, and HomoloGene's
 * ortholog groups as `orthologs.tsv.gz` (src/linking/lexicon-files.ts). What is kept of a table, to stay
 * within the download the issue allows (8 MB for all of it):
 * - genes with a symbol text can name: no clone or locus placeholders (LOC…, si:…, zgc:…, wu:…, Ensembl ids;
 *   a gene with such a symbol goes by its first real synonym where it has one);
 * - symbols and synonyms without database ids and clone names (MGC…, RGD…, "Dmel\\CG1102", accessions);
 * - full names as names only for the taxa whose tables carry names of their own (NCBI, RGD, WormBase; below):
 *   the other tables copy the human gene's designation, which the ortholog step reaches through the human
 *   table.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Dictionary } from '../../src/linking/lexicon.ts';
import { nameWords } from '../../src/linking/normalize.ts';

const PLACEHOLDER_SYMBOL = /^(?:LOC\d+|si:|zgc:|im:|wu:|ENS[A-Z]*\d|[A-Z]+\d+\.\d+$)/;
const PLACEHOLDER_SYNONYM = /^(?:MGC\d|LOC\d|RGD\d|FLJ\d|DKFZp|ENS)|[\\:]|^[A-Z]{1,2}\d{5,6}$|^\S+\.\d+$|^Dmel_/;
/**
 * Rat, fly, worm, budding and fission yeast, Arabidopsis, Xenopus tropicalis: their full names are their
 * databases' own. Zebrafish's and chicken's mostly copy the human designation (with a paralog's "a"/"b"),
 * which the ortholog step reaches through the human table; keeping them would take the download past its 8 MB.
 */
const OWN_NAMES = new Set([10116, 7227, 6239, 559292, 4932, 284812, 4896, 3702, 8364]);

const words = (n: string) => nameWords(n).join(' ');

export interface GeneTable {
  taxId: number;
  dictionary: Dictionary;
  genes: number;
}

/**
 * Every table of `by_taxon`, smallest taxon id first, and every GeneID's taxon (genes kept or not, for typing
 * the corpora's gene ids): each file read once.
 */
export function moreGeneTables(lexiconsDir: string): { tables: GeneTable[]; taxonOf: Map<string, number> } {
  const dir = join(lexiconsDir, 'genes-more/by_taxon');
  const tables: GeneTable[] = [];
  const taxonOf = new Map<string, number>();
  for (const f of readdirSync(dir).filter((x) => /^\d+\.tsv\.gz$/.test(x))) {
    const taxId = Number(f.replace('.tsv.gz', ''));
    const d = new Dictionary('Gene');
    let genes = 0;
    for (const l of gunzipSync(readFileSync(join(dir, f))).toString('utf8').split('\n').slice(1)) {
      const [, id, official, synonyms, full] = l.split('\t');
      if (id) taxonOf.set(id, taxId);
      if (!id || !official) continue;
      // A gene whose official symbol is a placeholder goes by its first real synonym (rat Irs4's symbol is the
      // Ensembl clone "AABR07040887.1"), and is left out where it has none.
      const names = (synonyms ? synonyms.split('|') : []).filter((s) => !PLACEHOLDER_SYNONYM.test(s) && !PLACEHOLDER_SYMBOL.test(s));
      const symbol = PLACEHOLDER_SYMBOL.test(official) ? names.shift() : official;
      if (!symbol) continue;
      genes++;
      const own = OWN_NAMES.has(taxId) && full && !/^(?:uncharacterized|predicted)\b/i.test(full);
      const symbols = [...new Set([symbol, ...names].map(words).filter(Boolean))];
      const clean = (s: string) => s.replace(/[\t\r\n|]/g, ' ').trim();
      // As the human and mouse tables: symbols by their compact key, rank 0 the official one; full names by
      // their word key only (their compact form is a long string that no other spelling meets).
      d.add(id, clean(symbol) + (own ? ` (${clean(full)})` : ''), symbols, (i) => (i === 0 ? 0 : 1), taxId, true);
      if (own) d.add(id, symbol, [words(full)].filter(Boolean), () => 1, taxId, false, true);
    }
    tables.push({ taxId, dictionary: d, genes });
  }
  return { tables: tables.sort((a, b) => a.taxId - b.taxId), taxonOf };
}

/**
 * HomoloGene's groups as `taxId:GeneID` lists, one line per group that has a human or mouse gene (the genes
 * the ortholog step starts from) and a gene of another taxon (mouse and human are each other's: a name only the
 * mouse table has, in a human text, is the human ortholog's).
 */
export function orthologLines(lexiconsDir: string): string[] {
  const groups = new Map<string, string[]>();
  const rows = gunzipSync(readFileSync(join(lexiconsDir, 'genes-more/homologeneData2.tsv.gz'))).toString('utf8').split('\n').slice(1);
  for (const l of rows) {
    const [hid, , tax, id] = l.split('\t');
    if (!id) continue;
    const g = groups.get(hid);
    if (g) g.push(`${tax}:${id}`);
    else groups.set(hid, [`${tax}:${id}`]);
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    const start = g.some((x) => x.startsWith('9606:') || x.startsWith('10090:'));
    const other = g.some((x) => !x.startsWith('9606:') && !x.startsWith('10090:'));
    const both = g.some((x) => x.startsWith('9606:')) && g.some((x) => x.startsWith('10090:'));
    if (start && (other || both)) out.push(g.join(' '));
  }
  return out;
}
