/**
 * The linking lexicon in memory: per entity type a dictionary from name keys to concepts, the corpora's own
 * mention→id pairs, and (for diseases and chemicals) an index for the similarity fallback: the learned name
 * encoder's for diseases where the lexicon has one, else character trigrams. `buildLexicon` builds Map-based
 * dictionaries from the text files of src/linking/lexicon-files.ts (what `npm run build-lexicon` compiles);
 * `loadCompiledLexicon` reads the compiled ones (compact-lexicon.ts) that the app and the tools use. Pure
 * TypeScript, so the worker and the Node tools share it.
 */
import { compactKey, keyOfWords, looseKeyOfWords, nameKey, nameWords } from './normalize.ts';
import { TrigramIndex } from './similarity.ts';
import { DenseIndex, NameEncoder } from './encoder.ts';
import { ORTHOLOGS_FILE_TYPE, SPECIES_FILE_TYPE, type LexiconFile, type LexiconManifest } from './lexicon-files.ts';
import { SPECIES_TYPE, SpeciesDictionary } from './species.ts';
import { CompactDictionary, type CompilableDictionary } from './compact-lexicon.ts';

/** The rank of a name a concept has only from the annotated corpora (its vocabulary's names rank 0 and 1). */
export const PAIR_NAME_RANK = 2;

/** A dictionary candidate: a concept and how good a name of it the key was (0 best). */
export interface Candidate {
  id: string;
  rank: number;
  /** NCBI taxonomy id, for genes. */
  taxId?: number;
}

/**
 * Types whose similarity step uses the learned encoder. Diseases only: on devel (gold mentions) it lifted
 * accuracy over trigrams from 86.94 to 88.91 (BC5CDR) and from 84.50 to 85.64 (NCBI-disease); for chemicals
 * from 88.88 only to 89.01, while their end-to-end F1 fell from 89.36 to 87.80, and a search over the 60,000
 * chemical names costs 2.5 times a disease search.
 */
const ENCODED_TYPES = new Set(['Disease']);

/** What the linker asks of a dictionary, Map-based or compiled. */
export interface LexiconDictionary {
  readonly type: string;
  /** Candidates of a mention by its word key, else by its compact key (the linker picks among them by rank). */
  lookup(mention: string): readonly Candidate[];
  /** Candidates by the loose key (stemmed words, neoplasm words as one): a fallback after `lookup`. */
  lookupLoose(mention: string): readonly Candidate[];
  /** Candidates by the compact key alone (what `lookup` falls back to where the word key has none). */
  lookupCompact(mention: string): readonly Candidate[];
  candidatesOfKey(key: string): readonly Candidate[];
  /** The similarity step's index over the word keys. */
  nearestIndex(): DenseIndex | TrigramIndex;
  /** The preferred name of a concept of this dictionary. */
  nameOf(id: string): string | undefined;
}

/** The Map-based dictionary: what `npm run build-lexicon` fills and compiles (and the unit tests use). */
export class Dictionary implements LexiconDictionary {
  readonly names = new Map<string, string>();
  private readonly taxIds = new Map<string, number>();
  private readonly byKey = new Map<string, Candidate[]>();
  private readonly byCompact = new Map<string, Candidate[]>();
  private readonly byLoose = new Map<string, Candidate[]>();
  private index: DenseIndex | TrigramIndex | null = null;
  /** The learned name encoder, where the lexicon has one and this type uses it; set before the index is built. */
  encoder: NameEncoder | null = null;

  constructor(readonly type: string) {}

  add(id: string, preferred: string, names: readonly string[], rank: (i: number) => number, taxId?: number, compactOnly = false, wordOnly = false): void {
    if (!this.names.has(id)) this.names.set(id, preferred);
    if (taxId) this.taxIds.set(id, taxId);
    names.forEach((n, i) => {
      const words = n.split(' ');
      const c: Candidate = taxId ? { id, rank: rank(i), taxId } : { id, rank: rank(i) };
      if (!compactOnly) {
        push(this.byKey, keyOfWords(words), c);
        // Genes link by their names and symbols only: no loose key (it would hold 40 MB of them).
        if (this.type !== 'Gene') push(this.byLoose, looseKeyOfWords(words), c);
      }
      if (!wordOnly) push(this.byCompact, words.join(''), c);
    });
  }

  /** Candidates of a mention by its word key, else by its compact key (the linker picks among them by rank). */
  lookup(mention: string): readonly Candidate[] {
    const k = nameKey(mention);
    return (k && this.byKey.get(k)) || this.byCompact.get(compactKey(mention)) || [];
  }

  lookupCompact(mention: string): readonly Candidate[] {
    return this.byCompact.get(compactKey(mention)) ?? [];
  }

  /** Candidates by the loose key (stemmed words, neoplasm words as one): a fallback after `lookup`. */
  lookupLoose(mention: string): readonly Candidate[] {
    return this.byLoose.get(looseKeyOfWords(nameWords(mention))) ?? [];
  }

  /**
   * The index the similarity step searches over this dictionary's word keys: the encoder's where this
   * dictionary has one, else trigrams; built on first use (buildLexicon builds it with the lexicon).
   */
  nearestIndex(): DenseIndex | TrigramIndex {
    return (this.index ??= this.encoder ? new DenseIndex(this.encoder, [...this.byKey.keys()]) : new TrigramIndex(this.byKey.keys()));
  }

  candidatesOfKey(key: string): readonly Candidate[] {
    return this.byKey.get(key) ?? [];
  }

  nameOf(id: string): string | undefined {
    return this.names.get(id);
  }

  /** Everything compact-lexicon.ts stores of this dictionary, its similarity index included. */
  compilable(): CompilableDictionary {
    const index = this.type === 'Gene' ? undefined : this.nearestIndex();
    return {
      type: this.type, names: this.names, taxIds: this.taxIds,
      tables: { word: this.byKey, compact: this.byCompact, loose: this.byLoose },
      index: index instanceof DenseIndex ? { dense: index.parts() } : index ? { trigram: index.parts() } : undefined,
    };
  }
}

function push(m: Map<string, Candidate[]>, key: string, c: Candidate): void {
  if (!key) return;
  const list = m.get(key);
  if (!list) m.set(key, [c]);
  else if (!list.some((x) => x.id === c.id)) list.push(c);
  else {
    const prev = list.find((x) => x.id === c.id)!;
    if (c.rank < prev.rank) prev.rank = c.rank;
  }
}

/**
 * Mention→ids pairs of annotated corpora, by type and word key, most frequent first. A gene pair names the
 * taxon of its gene: the same symbol is one gene in a human text and another in a rat one.
 */
export class CorpusPairs {
  private readonly byKey = new Map<string, { ids: string[]; count: number; taxId?: number }[]>();

  add(type: string, words: string, ids: string[], count: number, taxId?: number): void {
    const k = `${type}\u0000${keyOfWords(words.split(' '))}`;
    const pair = taxId ? { ids, count, taxId } : { ids, count };
    const list = this.byKey.get(k);
    if (!list) this.byKey.set(k, [pair]);
    else {
      list.push(pair);
      list.sort((a, b) => b.count - a.count);
    }
  }

  /** How often the corpora annotated a name (any ids, any taxon) with this type. */
  count(type: string, mention: string): number {
    return (this.byKey.get(`${type}\u0000${nameKey(mention)}`) ?? []).reduce((n, p) => n + p.count, 0);
  }

  /** `taxId`: only a pair of that taxon's genes answers. */
  lookup(type: string, mention: string, taxId?: number): string[] | null {
    return this.lookupKey(type, nameKey(mention), taxId);
  }

  /** The ids of a word key (`nameKey` form) as the corpora annotated it most often (for `taxId`'s genes), or null. */
  lookupKey(type: string, key: string, taxId?: number): string[] | null {
    return this.lookupCounted(type, key, taxId)?.ids ?? null;
  }

  /** `lookupKey`'s ids with how often the corpora gave them. */
  lookupCounted(type: string, key: string, taxId?: number): { ids: string[]; count: number } | null {
    const list = this.byKey.get(`${type}\u0000${key}`);
    if (!list) return null;
    return (taxId === undefined ? list[0] : list.find((p) => p.taxId === taxId)) ?? null;
  }
}

/**
 * HomoloGene's ortholog groups, from the human and mouse genes that start the ortholog step: the gene of
 * another taxon in the group of a human or mouse gene (`orthologs.tsv.gz`: one group per line, `taxId:GeneID`
 * pairs separated by spaces).
 */
export class Orthologs {
  private readonly groupOf = new Map<string, number>();
  private readonly groups: string[];

  constructor(text: string) {
    this.groups = text.split('\n').filter(Boolean);
    this.groups.forEach((g, i) => {
      for (const m of g.matchAll(/(?:^| )(?:9606|10090):(\d+)/g)) this.groupOf.set(m[1], i);
    });
  }

  /** The GeneID of `taxId`'s ortholog of a human or mouse gene, or undefined. */
  of(geneId: string, taxId: number): string | undefined {
    const g = this.groupOf.get(geneId);
    if (g === undefined) return undefined;
    const m = new RegExp(`(?:^| )${taxId}:(\\d+)`).exec(this.groups[g]);
    return m?.[1];
  }
}

/**
 * The gene tables of the taxa beyond human and mouse (`compiled` entries with `onDemand`), and the ortholog
 * groups: each read the first time a text needs it (`load`), then held. Linking is synchronous: the caller
 * awaits `load` with the taxa a text's species call for (linker.ts, `loadGeneTablesFor`).
 */
export class GeneTables {
  private readonly tables = new Map<number, LexiconDictionary>();
  private readonly loading = new Map<number, Promise<void>>();
  private orthologs: Orthologs | null = null;
  private orthologLoad: Promise<void> | null = null;

  constructor(
    private readonly files: readonly LexiconFile[],
    private readonly orthologFile: LexiconFile | undefined,
    private readonly readBytes: (file: string) => Promise<ArrayBuffer>,
    private readonly readText: (file: string) => Promise<string>,
  ) {}

  /** Whether the lexicon has a table for this taxon (loaded or not). */
  has(taxId: number): boolean {
    return this.files.some((f) => f.taxId === taxId);
  }

  /** The taxon's table once loaded. */
  get(taxId: number): LexiconDictionary | undefined {
    return this.tables.get(taxId);
  }

  /** The ortholog groups once loaded (with the first text's tables). */
  orthologGroups(): Orthologs | null {
    return this.orthologs;
  }

  /**
   * Loads the tables of these taxa that the lexicon has and are not loaded yet, and the ortholog groups (every
   * text needs those: human and mouse genes are each other's orthologs).
   */
  async load(taxIds: Iterable<number>): Promise<void> {
    const wanted = [...new Set(taxIds)].filter((t) => this.has(t));
    if (this.orthologFile && !this.orthologLoad) {
      this.orthologLoad = this.readText(this.orthologFile.file).then((t) => void (this.orthologs = new Orthologs(t)));
      // As a table's: a failed download may be tried again by a later text.
      this.orthologLoad.catch(() => (this.orthologLoad = null));
    }
    await Promise.all([
      this.orthologLoad,
      ...wanted.map((t) => {
        let p = this.loading.get(t);
        if (!p) {
          const f = this.files.find((x) => x.taxId === t)!;
          p = this.readBytes(f.file).then((b) => void this.tables.set(t, new CompactDictionary(b, null)));
          // A failed download may be tried again by a later text.
          p.catch(() => this.loading.delete(t));
          this.loading.set(t, p);
        }
        return p;
      }),
    ]);
  }

  /** The taxa whose tables are loaded. */
  loaded(): number[] {
    return [...this.tables.keys()];
  }
}

export interface Lexicon {
  dictionaries: Map<string, LexiconDictionary>;
  pairs: CorpusPairs;
  /** The species vocabulary (species.ts), where the lexicon has one. */
  species: SpeciesDictionary | null;
  /** Gene tables of other taxa than human and mouse, read on demand. */
  geneTables: GeneTables;
  manifest: LexiconManifest;
}

/** Builds the Map-based lexicon from the manifest and the text of each of its files (`read(file)`). */
export async function buildLexicon(manifest: LexiconManifest, read: (file: string) => Promise<string>): Promise<Omit<Lexicon, 'dictionaries'> & { dictionaries: Map<string, Dictionary> }> {
  const dictionaries = new Map<string, Dictionary>();
  const pairs = new CorpusPairs();
  let encoder: NameEncoder | null = null;
  let species: SpeciesDictionary | null = null;
  for (const f of manifest.files) {
    const text = await read(f.file);
    const lines = text.split('\n');
    if (f.type === 'encoder') {
      encoder = NameEncoder.parse(text);
      continue;
    }
    if (f.type === SPECIES_FILE_TYPE) {
      species = SpeciesDictionary.parse(text);
      continue;
    }
    if (f.type === ORTHOLOGS_FILE_TYPE) continue;
    if (f.type === 'pairs') {
      // A single-id pair is also a name of its concept: the stem, similarity and head steps then meet
      // the corpora's own wording too ("hypohaptoglobinemic" near an annotated "hypohaptoglobinemia").
      // Rank 2, below the vocabulary's own names (0, 1): the linker tells a MeSH 2024 entry term from a name
      // only the corpora gave a concept (linker.ts, `todaysDescriptor`).
      readPairs(text, pairs, (type, id, words) => dictionaries.get(type)?.add(id, words, [words], () => PAIR_NAME_RANK));
      continue;
    }
    const dict = dictionaries.get(f.type) ?? new Dictionary(f.type);
    dictionaries.set(f.type, dict);
    for (const l of lines) {
      const cols = l.split('\t');
      if (cols.length < 3) continue;
      if (f.type === 'Gene') {
        const [id, symbol, full, symbols, names] = cols;
        // Symbols and synonyms by their compact key only ("IL-6" = "IL6"), names by their word key as well.
        dict.add(id, symbol + (full ? ` (${full})` : ''), symbols ? symbols.split('|') : [], (i) => (i === 0 ? 0 : 1), f.taxId, true);
        dict.add(id, symbol, names ? names.split('|') : [], (i) => (i === 0 ? 1 : 2), f.taxId);
      } else {
        const [id, name, names, mapped] = cols;
        dict.add(id, name, names.split('|'), (i) => (i === 0 ? 0 : 1));
        // Names other vocabularies map to the concept rank with the corpora's: below MeSH 2024's own terms.
        if (mapped) dict.add(id, name, mapped.split('|'), () => PAIR_NAME_RANK);
      }
    }
  }
  for (const d of dictionaries.values()) {
    if (d.type === 'Gene') continue; // genes link by their names and symbols only
    if (ENCODED_TYPES.has(d.type)) d.encoder = encoder;
    // Built now, with the lexicon, rather than in the first linking that needs one.
    d.nearestIndex();
  }
  const geneTables = new GeneTables([], manifest.files.find((f) => f.type === ORTHOLOGS_FILE_TYPE), () => Promise.reject(new Error('no gene tables')), read);
  return { dictionaries, pairs, species, geneTables, manifest };
}

/** The corpus pairs file's text into CorpusPairs (`onSingle` sees each single-id pair: a name of its concept). */
function readPairs(text: string, pairs: CorpusPairs, onSingle?: (type: string, id: string, words: string) => void): void {
  for (const l of text.split('\n')) {
    const [type, words, ids, count, taxId] = l.split('\t');
    if (!ids) continue;
    pairs.add(type, words, ids.split('|'), Number(count), taxId ? Number(taxId) : undefined);
    // Gene pairs stay pairs: their genes may be of a taxon the dictionary has no table for.
    if (!ids.includes('|') && type !== 'Gene') onSingle?.(type, ids, words);
  }
}

/**
 * The lexicon the app and the tools use: the compiled dictionaries (`manifest.compiled`, their bytes by
 * `readBytes`), the corpus pairs and the name encoder (text files, by `readText`). The compiled files already
 * hold the pairs' names and the similarity indexes, so nothing is built here.
 */
export async function loadCompiledLexicon(manifest: LexiconManifest, readBytes: (file: string) => Promise<ArrayBuffer>, readText: (file: string) => Promise<string>): Promise<Lexicon> {
  if (!manifest.compiled?.length) throw new Error('this lexicon has no compiled dictionaries: run npm run build-lexicon');
  const pairs = new CorpusPairs();
  let encoder: NameEncoder | null = null;
  let species: SpeciesDictionary | null = null;
  // Every file is requested at once (their downloads, checksums and inflation overlap), then read in order.
  const texts = manifest.files.filter((f) => f.type === 'encoder' || f.type === 'pairs');
  const compiled = manifest.compiled.filter((x) => !x.onDemand);
  const [textOf, bytesOf] = await Promise.all([Promise.all(texts.map((f) => readText(f.file))), Promise.all(compiled.map((f) => readBytes(f.file)))]);
  texts.forEach((f, i) => {
    if (f.type === 'encoder') encoder = NameEncoder.parse(textOf[i]);
    else readPairs(textOf[i], pairs);
  });
  const dictionaries = new Map<string, LexiconDictionary>();
  compiled.forEach((f, i) => {
    if (f.type === SPECIES_TYPE) species = SpeciesDictionary.fromCompiled(bytesOf[i]);
    else {
      const d = new CompactDictionary(bytesOf[i], ENCODED_TYPES.has(f.type) ? encoder : null);
      dictionaries.set(d.type, d);
    }
  });
  const geneTables = new GeneTables(manifest.compiled.filter((x) => x.onDemand && x.type === 'Gene'), manifest.files.find((f) => f.type === ORTHOLOGS_FILE_TYPE), readBytes, readText);
  return { dictionaries, pairs, species, geneTables, manifest };
}
