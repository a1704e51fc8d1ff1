/**
 * Species mentions by dictionary: the lexicon's species vocabulary (`species.tsv.gz`, built by
 * tools/lexicon/species-names.ts from UniProt's species list) matched against a text, longest name first, each
 * linked to its NCBI Taxonomy id. It stands in for the tagger's own Species type until the model has one, and
 * gives the gene linker the species a text names (gene-species.ts). Pure TypeScript.
 */
import type { EntitySpan } from '../ner/span.ts';

export const SPECIES_TYPE = 'Species';
export const HUMAN_TAXON = 9606;
export const MOUSE_TAXON = 10090;

export interface SpeciesMention {
  start: number;
  end: number;
  text: string;
  taxId: number;
}

/** Words and single other characters: a name starts and ends on one of these. */
const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
/** The most tokens a name spans ("Saccharomyces cerevisiae" is 2, "Baker's yeast" 4). */
const MAX_TOKENS = 8;

/** "Escherichia coli" → "E. coli"; null for a name that is no capitalised binomial. */
export function abbreviated(name: string): string | null {
  const m = /^([A-Z])[a-z]+ ([a-z][a-z-]+)$/.exec(name);
  return m ? `${m[1]}. ${m[2]}` : null;
}

export class SpeciesDictionary {
  private readonly exact = new Map<string, number>();
  private readonly folded = new Map<string, number>();
  private readonly names = new Map<number, string>();
  /**
   * The tokens names start with (folded names' in lower case), each with the most tokens a name of it spans:
   * most words of a text start no name and are passed over after one lookup.
   */
  private readonly firstTokens = new Map<string, number>();

  /**
   * `taxId \t name \t exact forms \t folded forms` lines (forms `|`-separated). A binomial's "G. species" form
   * is derived here for the first taxon (in the file's order) with that binomial, unless a form claims it.
   */
  static parse(text: string): SpeciesDictionary {
    const d = new SpeciesDictionary();
    const binomials: [string, number][] = [];
    for (const l of text.split('\n')) {
      const [id, name, exact, folded] = l.split('\t');
      if (!name) continue;
      const forms = exact ? exact.split('|') : [];
      d.add(Number(id), name, forms, folded ? folded.split('|') : []);
      for (const f of forms) binomials.push([f, Number(id)]);
    }
    for (const [f, taxId] of binomials) {
      const short = abbreviated(f);
      if (short && !d.exact.has(short)) d.add(taxId, d.names.get(taxId)!, [short], []);
    }
    return d;
  }

  add(taxId: number, name: string, exact: readonly string[], folded: readonly string[]): void {
    this.names.set(taxId, name);
    for (const f of exact) {
      this.exact.set(f, taxId);
      this.noteFirstToken(f);
    }
    for (const f of folded) {
      this.folded.set(f, taxId);
      this.noteFirstToken(f);
    }
  }

  private noteFirstToken(form: string): void {
    const tokens = form.match(TOKEN);
    if (!tokens) return;
    this.firstTokens.set(tokens[0], Math.max(this.firstTokens.get(tokens[0]) ?? 0, tokens.length));
  }

  /** The scientific name of a taxon, or undefined. */
  nameOf(taxId: number): string | undefined {
    return this.names.get(taxId);
  }

  /** The taxon a form names: as written, or a common name in lower case or with a capital first letter only. */
  taxonOf(form: string): number | undefined {
    const e = this.exact.get(form) ?? this.exact.get(form.replace(/^([A-Z])\.(?=[a-z])/, '$1. '));
    if (e !== undefined) return e;
    const lower = form.toLowerCase();
    if (form !== lower && form !== lower[0].toUpperCase() + lower.slice(1)) return undefined;
    return this.folded.get(lower);
  }

  /** Every species name in `text`, longest first where names overlap, left to right. */
  find(text: string): SpeciesMention[] {
    const tokens = [...text.matchAll(TOKEN)].map((m) => [m.index!, m.index! + m[0].length] as const);
    const out: SpeciesMention[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const [start, firstEnd] = tokens[i];
      const first = text.slice(start, firstEnd);
      const span = Math.max(this.firstTokens.get(first) ?? 0, this.firstTokens.get(first.toLowerCase()) ?? 0);
      if (!span) continue;
      for (let j = Math.min(tokens.length, i + Math.min(span, MAX_TOKENS)) - 1; j >= i; j--) {
        const end = tokens[j][1];
        // Names start and end at word edges: tokens are whole runs of letters and digits ("rat" is not in "rate").
        const form = text.slice(start, end).replace(/\s+/g, ' ');
        const taxId = this.taxonOf(form);
        if (taxId === undefined) continue;
        out.push({ start, end, text: text.slice(start, end), taxId });
        while (i + 1 < tokens.length && tokens[i + 1][0] < end) i++;
        break;
      }
    }
    return out;
  }
}

/**
 * The spans with the species named in the text added as Species spans linked to their taxon, where no other
 * span covers any of their characters (a tagged "HIV infection" keeps its Disease span; "human" in a tagged
 * "human IL-6" stays part of the gene). Species spans already present (a tagger's) are kept as they are.
 */
export function withSpecies(text: string, spans: readonly EntitySpan[], dict: SpeciesDictionary, found = dict.find(text)): EntitySpan[] {
  const taken = spans.slice().sort((a, b) => a.start - b.start);
  const added: EntitySpan[] = [];
  let k = 0;
  for (const m of found) {
    while (k < taken.length && taken[k].end <= m.start) k++;
    let overlaps = false;
    for (let j = k; j < taken.length && taken[j].start < m.end; j++) if (taken[j].end > m.start) overlaps = true;
    if (overlaps) continue;
    added.push({ type: SPECIES_TYPE, start: m.start, end: m.end, text: m.text, score: 1, link: { ids: [String(m.taxId)], names: [dict.nameOf(m.taxId) ?? String(m.taxId)], via: 'exact', score: 1 } });
  }
  if (!added.length) return spans.slice();
  return [...spans, ...added].sort((a, b) => a.start - b.start || a.end - b.end);
}
