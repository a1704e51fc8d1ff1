/**
 * Species mentions by dictionary: the lexicon's species vocabulary (`species.tsv.gz`, built by
 * tools/lexicon/species-names.ts from UniProt's species list) matched against a text, longest name first, each
 * linked to its NCBI Taxonomy id. It stands in for the tagger's own Species type until the model has one, and
 * gives the gene linker the species a text names (gene-species.ts). Pure TypeScript.
 */
import type { EntitySpan } from '../ner/span.ts';
import { byteSorted, readSections, stringTable, Strings, writeSections, type Section } from './compact-lexicon.ts';

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

/** What the dictionary looks forms up in: Maps (parsed text, tests) or a compiled file's sorted tables. */
interface SpeciesStore {
  exact(form: string): number | undefined;
  folded(lower: string): number | undefined;
  /** The most tokens a name starting with this token spans (0: none starts with it). */
  span(token: string): number;
  name(taxId: number): string | undefined;
}

/**
 * The compiled vocabulary (`species.lex.gz`, the sections of compact-lexicon.ts): forms, first tokens and taxa
 * in byte order, searched by binary search, so the app holds the file's bytes and no Map of 85,000 forms
 * (10 MB of heap, 0.16 s to parse).
 */
class CompiledSpecies implements SpeciesStore {
  private readonly exactKeys: Strings;
  private readonly exactTax: Int32Array;
  private readonly foldedKeys: Strings;
  private readonly foldedTax: Int32Array;
  private readonly firstKeys: Strings;
  private readonly firstSpan: Uint8Array;
  private readonly taxa: Int32Array;
  private readonly names: Strings;

  constructor(buf: ArrayBuffer) {
    const s = readSections(buf);
    if (s.header.type !== SPECIES_TYPE) throw new Error(`not a compiled species vocabulary (${s.header.type})`);
    const need = <T extends Section>(name: string) => {
      const v = s.get<T>(name);
      if (!v) throw new Error(`compiled species vocabulary has no section ${name}`);
      return v;
    };
    const strings = (name: string) => new Strings(need<Uint8Array>(`${name}Bytes`), need<Uint16Array>(`${name}Lengths`));
    this.exactKeys = strings('exact');
    this.exactTax = need('exactTax');
    this.foldedKeys = strings('folded');
    this.foldedTax = need('foldedTax');
    this.firstKeys = strings('first');
    this.firstSpan = need('firstSpan');
    this.taxa = need('taxa');
    this.names = strings('names');
  }

  exact(form: string): number | undefined {
    const i = this.exactKeys.find(form);
    return i < 0 ? undefined : this.exactTax[i];
  }

  folded(lower: string): number | undefined {
    const i = this.foldedKeys.find(lower);
    return i < 0 ? undefined : this.foldedTax[i];
  }

  span(token: string): number {
    const i = this.firstKeys.find(token);
    return i < 0 ? 0 : this.firstSpan[i];
  }

  name(taxId: number): string | undefined {
    let lo = 0;
    let hi = this.taxa.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.taxa[mid] === taxId) return this.names.at(mid);
      if (this.taxa[mid] < taxId) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

export class SpeciesDictionary {
  private readonly exactForms = new Map<string, number>();
  private readonly foldedForms = new Map<string, number>();
  private readonly names = new Map<number, string>();
  /**
   * The tokens names start with (folded names' in lower case), each with the most tokens a name of it spans:
   * most words of a text start no name and are passed over after one lookup.
   */
  private readonly firstTokens = new Map<string, number>();
  private store: SpeciesStore = {
    exact: (f) => this.exactForms.get(f),
    folded: (f) => this.foldedForms.get(f),
    span: (t) => this.firstTokens.get(t) ?? 0,
    name: (t) => this.names.get(t),
  };

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
      if (short && !d.exactForms.has(short)) d.add(taxId, d.names.get(taxId)!, [short], []);
    }
    return d;
  }

  /** The vocabulary of a compiled file (`compile`'s bytes). */
  static fromCompiled(buf: ArrayBuffer): SpeciesDictionary {
    const d = new SpeciesDictionary();
    d.store = new CompiledSpecies(buf);
    return d;
  }

  add(taxId: number, name: string, exact: readonly string[], folded: readonly string[]): void {
    this.names.set(taxId, name);
    for (const f of exact) {
      this.exactForms.set(f, taxId);
      this.noteFirstToken(f);
    }
    for (const f of folded) {
      this.foldedForms.set(f, taxId);
      this.noteFirstToken(f);
    }
  }

  private noteFirstToken(form: string): void {
    const tokens = form.match(TOKEN);
    if (!tokens) return;
    this.firstTokens.set(tokens[0], Math.max(this.firstTokens.get(tokens[0]) ?? 0, tokens.length));
  }

  /** This (parsed) vocabulary as the compiled file the app reads. */
  compile(): Uint8Array<ArrayBuffer> {
    const sections: Record<string, Section> = {};
    const table = (name: string, m: ReadonlyMap<string, number>) => {
      const keys = byteSorted([...m.keys()]);
      const t = stringTable(keys);
      sections[`${name}Bytes`] = t.bytes;
      sections[`${name}Lengths`] = t.lengths;
      return keys;
    };
    const exact = table('exact', this.exactForms);
    sections.exactTax = Int32Array.from(exact, (k) => this.exactForms.get(k)!);
    const folded = table('folded', this.foldedForms);
    sections.foldedTax = Int32Array.from(folded, (k) => this.foldedForms.get(k)!);
    const first = table('first', this.firstTokens);
    sections.firstSpan = Uint8Array.from(first, (k) => Math.min(255, this.firstTokens.get(k)!));
    const taxa = [...this.names.keys()].sort((a, b) => a - b);
    sections.taxa = Int32Array.from(taxa);
    const names = stringTable(taxa.map((t) => this.names.get(t)!));
    sections.namesBytes = names.bytes;
    sections.namesLengths = names.lengths;
    return writeSections(SPECIES_TYPE, sections);
  }

  /** The scientific name of a taxon, or undefined. */
  nameOf(taxId: number): string | undefined {
    return this.store.name(taxId);
  }

  /** The taxon a form names: as written, or a common name in lower case or with a capital first letter only. */
  taxonOf(form: string): number | undefined {
    const e = this.store.exact(form) ?? this.store.exact(form.replace(/^([A-Z])\.(?=[a-z])/, '$1. '));
    if (e !== undefined) return e;
    const lower = form.toLowerCase();
    if (form !== lower && form !== lower[0].toUpperCase() + lower.slice(1)) return undefined;
    return this.store.folded(lower);
  }

  /**
   * The most tokens a name starting with this token spans (as written, or folded), remembered: a text's words
   * are mostly the same few thousand, and the compiled tables answer by binary search. Bounded; cleared when full.
   */
  private readonly spans = new Map<string, number>();

  private spanOf(token: string): number {
    let n = this.spans.get(token);
    if (n !== undefined) return n;
    // Names start with a letter or a digit ("E. coli", "2019-nCoV"); a punctuation token starts none.
    if (token.length === 1 && !/[\p{L}\p{N}]/u.test(token)) n = 0;
    else {
      const lower = token.toLowerCase();
      n = Math.max(this.store.span(token), lower === token ? 0 : this.store.span(lower));
    }
    if (this.spans.size >= 50_000) this.spans.clear();
    this.spans.set(token, n);
    return n;
  }

  /** The last text searched and what was found: the worker asks twice per text (gene tables, then links). */
  private last: { text: string; found: SpeciesMention[] } | null = null;

  /** Every species name in `text`, longest first where names overlap, left to right. */
  find(text: string): SpeciesMention[] {
    if (this.last?.text === text) return this.last.found.slice();
    const found = this.search(text);
    this.last = { text, found };
    return found.slice();
  }

  private search(text: string): SpeciesMention[] {
    const tokens = [...text.matchAll(TOKEN)].map((m) => [m.index!, m.index! + m[0].length] as const);
    const out: SpeciesMention[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const [start, firstEnd] = tokens[i];
      const first = text.slice(start, firstEnd);
      const span = this.spanOf(first);
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
