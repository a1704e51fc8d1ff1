/**
 * The compiled lexicon: each dictionary as one binary file (`<type>.lex.gz`, written by `npm run
 * build-lexicon`) that the worker uses as it arrives, through typed-array views, without parsing it into
 * per-entry objects. Defined once here, for the build (compile) and the app and tools (read).
 *
 * File: "BNLX", u32 version, u32 header bytes, the header (UTF-8 JSON: type, sections {name: [offset, length,
 * dtype]}), then each section 8-byte aligned. Sections of a dictionary:
 * - concepts, in byte order of their ids: `conceptIds`, `conceptNames` (string tables), `conceptTax` (Int32, 0
 *   where none);
 * - per key table (`word`, `compact`, `loose`): `<t>Keys` (string table in byte order of the keys' UTF-8, for
 *   binary search), `<t>Count` (Uint16, candidates per key), `<t>Concept` (Int32), `<t>Rank` (Uint8): each key's
 *   candidates in the builder's order;
 * - the similarity index over the word keys, whose order is the builder's insertion order: `wordInserted`
 *   (Uint32, the sorted position of the i-th inserted key), then `denseVectors` (Int8, keys × dims) and
 *   `denseScales` (Float32) for the encoder's, or the trigram index's `gramKeys`, `gramCount` (Uint32),
 *   `gramPostings` (Uint32, each trigram's key indices as gaps), `gramIdf`, `keyNorms` (Float64).
 * A string table is `<name>Bytes` (UTF-8) and `<name>Lengths` (Uint16, bytes per string). Sorted keys,
 * lengths, counts and gaps keep the gzip-compressed files small; offsets are summed up again at load.
 */
import { compactKey, looseKeyOfWords, nameKey, nameWords } from './normalize.ts';
import { DenseIndex, type NameEncoder } from './encoder.ts';
import { TrigramIndex } from './similarity.ts';
import type { Candidate } from './lexicon.ts';

export const COMPACT_VERSION = 1;
const MAGIC = 0x584c4e42; // "BNLX" little-endian

export type Section = Uint8Array | Int8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
const DTYPES = { u8: Uint8Array, i8: Int8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array, f32: Float32Array, f64: Float64Array } as const;
type DType = keyof typeof DTYPES;
const dtypeOf = (s: Section): DType =>
  s instanceof Uint8Array ? 'u8' : s instanceof Int8Array ? 'i8' : s instanceof Uint16Array ? 'u16' : s instanceof Uint32Array ? 'u32' : s instanceof Int32Array ? 'i32' : s instanceof Float32Array ? 'f32' : 'f64';

interface Header {
  type: string;
  sections: Record<string, [offset: number, length: number, dtype: DType]>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Strings as one UTF-8 blob with each one's length in bytes. */
export function stringTable(strings: readonly string[]): { bytes: Uint8Array; lengths: Uint16Array } {
  const parts = strings.map((s) => encoder.encode(s));
  if (parts.some((p) => p.length > 0xffff)) throw new Error('a lexicon string over 65,535 bytes');
  const lengths = Uint16Array.from(parts, (p) => p.length);
  const offsets = offsetsOf(lengths);
  const bytes = new Uint8Array(offsets[strings.length]);
  parts.forEach((p, i) => bytes.set(p, offsets[i]));
  return { bytes, lengths };
}

/** A query's UTF-8 in a reused buffer (a lookup runs for every word of a text: no allocation per lookup). */
let scratch = new Uint8Array(256);
function utf8(s: string): Uint8Array {
  if (scratch.length < s.length * 3) scratch = new Uint8Array(s.length * 3);
  let n = 0;
  for (; n < s.length; n++) {
    const c = s.charCodeAt(n);
    if (c >= 0x80) return scratch.subarray(0, encoder.encodeInto(s, scratch).written);
    scratch[n] = c;
  }
  return scratch.subarray(0, n);
}

function compareBytes(a: Uint8Array, b: Uint8Array, bStart: number, bEnd: number): number {
  const n = Math.min(a.length, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[bStart + i];
    if (d) return d;
  }
  return a.length - (bEnd - bStart);
}

/**
 * Offsets from per-item sizes (Uint16) without an offset per item: one per block of 32 items, the rest summed
 * at lookup (at most 31 additions), so the sizes in the file are all the memory a table needs beyond its data.
 */
class BlockOffsets {
  private readonly blocks: Uint32Array;

  constructor(private readonly sizes: Uint16Array | Uint32Array) {
    this.blocks = new Uint32Array((sizes.length >> 5) + 2);
    let total = 0;
    for (let i = 0; i < sizes.length; i++) {
      if ((i & 31) === 0) this.blocks[i >> 5] = total;
      total += sizes[i];
    }
    if ((sizes.length & 31) === 0) this.blocks[sizes.length >> 5] = total;
  }

  get length(): number {
    return this.sizes.length;
  }

  size(i: number): number {
    return this.sizes[i];
  }

  /** Where item i starts (i = length gives the end of the last). */
  at(i: number): number {
    let o = this.blocks[i >> 5];
    for (let j = i & ~31; j < i; j++) o += this.sizes[j];
    return o;
  }
}

/** A string table read back: the i-th string, and binary search where the table is in byte order. */
export class Strings {
  private readonly offsets: BlockOffsets;

  constructor(private readonly bytes: Uint8Array, lengths: Uint16Array) {
    this.offsets = new BlockOffsets(lengths);
  }

  get length(): number {
    return this.offsets.length;
  }

  at(i: number): string {
    const start = this.offsets.at(i);
    return decoder.decode(this.bytes.subarray(start, start + this.offsets.size(i)));
  }

  /** The index of `s`, or −1. */
  find(s: string): number {
    const q = utf8(s);
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = this.offsets.at(mid);
      const c = compareBytes(q, this.bytes, start, start + this.offsets.size(mid));
      if (c === 0) return mid;
      if (c < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }
}

/** Strings in the byte order of their UTF-8 (the order binary search assumes). */
export function byteSorted(strings: readonly string[]): string[] {
  const bytes = new Map(strings.map((s) => [s, encoder.encode(s)]));
  return [...strings].sort((a, b) => {
    const y = bytes.get(b)!;
    return compareBytes(bytes.get(a)!, y, 0, y.length);
  });
}

/** n + 1 offsets from n counts. */
function offsetsOf(counts: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i] + counts[i];
  return out;
}

const KEY_TABLES = ['word', 'compact', 'loose'] as const;
type KeyTable = (typeof KEY_TABLES)[number];

/** What a Map-based dictionary (lexicon.ts) exposes for compiling. */
export interface CompilableDictionary {
  type: string;
  names: ReadonlyMap<string, string>;
  taxIds: ReadonlyMap<string, number>;
  tables: Record<KeyTable, ReadonlyMap<string, readonly Candidate[]>>;
  /** The similarity index's data, when the type has one. */
  index?: { dense: ReturnType<DenseIndex['parts']> } | { trigram: ReturnType<TrigramIndex['parts']> };
}

/** The binary file of one dictionary. */
export function compileDictionary(d: CompilableDictionary): Uint8Array<ArrayBuffer> {
  const sections: Record<string, Section> = {};
  const strings = (name: string, list: readonly string[]) => {
    const t = stringTable(list);
    sections[`${name}Bytes`] = t.bytes;
    sections[`${name}Lengths`] = t.lengths;
  };
  const ids = byteSorted([...d.names.keys()]);
  const conceptOf = new Map(ids.map((id, i) => [id, i]));
  strings('conceptIds', ids);
  strings('conceptNames', ids.map((id) => d.names.get(id)!));
  sections.conceptTax = Int32Array.from(ids, (id) => d.taxIds.get(id) ?? 0);
  for (const t of KEY_TABLES) {
    const map = d.tables[t];
    const keys = byteSorted([...map.keys()]);
    strings(`${t}Keys`, keys);
    const lists = keys.map((k) => map.get(k)!);
    if (lists.some((l) => l.length > 0xffff)) throw new Error(`${d.type}: a key with over 65,535 candidates`);
    sections[`${t}Count`] = Uint16Array.from(lists, (l) => l.length);
    const flat = lists.flat();
    sections[`${t}Concept`] = Int32Array.from(flat, (c) => {
      const at = conceptOf.get(c.id);
      if (at === undefined) throw new Error(`${d.type} candidate ${c.id} has no concept entry`);
      return at;
    });
    sections[`${t}Rank`] = Uint8Array.from(flat, (c) => c.rank);
    if (t === 'word' && d.index) {
      const position = new Map(keys.map((k, i) => [k, i]));
      sections.wordInserted = Uint32Array.from(map.keys(), (k) => position.get(k)!);
    }
  }
  if (d.index && 'dense' in d.index) Object.assign(sections, { denseVectors: d.index.dense.vectors, denseScales: d.index.dense.scales });
  if (d.index && 'trigram' in d.index) {
    const g = d.index.trigram;
    strings('gramKeys', g.grams);
    const gaps = new Uint32Array(g.postings.length);
    for (let i = 0; i < g.grams.length; i++) {
      for (let j = g.start[i]; j < g.start[i + 1]; j++) gaps[j] = j === g.start[i] ? g.postings[j] : g.postings[j] - g.postings[j - 1];
    }
    Object.assign(sections, { gramCount: Uint32Array.from({ length: g.grams.length }, (_, i) => g.start[i + 1] - g.start[i]), gramPostings: gaps, gramIdf: g.idf, keyNorms: g.norms });
  }
  return writeSections(d.type, sections);
}

/** A compiled file of typed-array sections (the layout above), for dictionaries and the species vocabulary. */
export function writeSections(type: string, sections: Record<string, Section>): Uint8Array<ArrayBuffer> {
  // Layout: header, then every section 8-aligned.
  const header: Header = { type, sections: {} };
  let offset = 0;
  for (const [name, s] of Object.entries(sections)) {
    header.sections[name] = [offset, s.length, dtypeOf(s)];
    offset += Math.ceil(s.byteLength / 8) * 8;
  }
  const json = encoder.encode(JSON.stringify(header));
  const base = Math.ceil((12 + json.length) / 8) * 8;
  const out = new Uint8Array(base + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, COMPACT_VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  for (const [name, s] of Object.entries(sections)) out.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), base + header.sections[name][0]);
  return out;
}

/** Section views over a compiled file's bytes (no copy: `buf` must stay as it is). */
export function readSections(buf: ArrayBuffer): { header: Header; get<T extends Section>(name: string): T | undefined } {
  const view = new DataView(buf);
  if (buf.byteLength < 12 || view.getUint32(0, true) !== MAGIC) throw new Error('not a compiled lexicon file');
  if (view.getUint32(4, true) !== COMPACT_VERSION) throw new Error(`compiled lexicon version ${view.getUint32(4, true)} is not one this app reads`);
  const len = view.getUint32(8, true);
  const header = JSON.parse(decoder.decode(new Uint8Array(buf, 12, len))) as Header;
  const base = Math.ceil((12 + len) / 8) * 8;
  return {
    header,
    get<T extends Section>(name: string): T | undefined {
      const s = header.sections[name];
      if (!s) return undefined;
      const [offset, length, dtype] = s;
      if (base + offset + length * DTYPES[dtype].BYTES_PER_ELEMENT > buf.byteLength) throw new Error(`compiled lexicon section ${name} runs past the end of the file`);
      return new DTYPES[dtype](buf, base + offset, length) as T;
    },
  };
}

/**
 * A dictionary over a compiled file: the same lookups, in the same order, as the Map-based one it was
 * compiled from (lexicon.ts `Dictionary`), answered by binary search over typed arrays.
 */
export class CompactDictionary {
  readonly type: string;
  private readonly ids: Strings;
  private readonly names: Strings;
  private readonly tax: Int32Array;
  private readonly tables: Record<KeyTable, { keys: Strings; start: BlockOffsets; concept: Int32Array; rank: Uint8Array }>;
  private index: DenseIndex | TrigramIndex | null = null;
  private readonly makeIndex: () => DenseIndex | TrigramIndex;

  constructor(buf: ArrayBuffer, encoder: NameEncoder | null) {
    const s = readSections(buf);
    const need = <T extends Section>(name: string) => {
      const v = s.get<T>(name);
      if (!v) throw new Error(`compiled lexicon (${s.header.type}) has no section ${name}`);
      return v;
    };
    const strings = (name: string) => new Strings(need<Uint8Array>(`${name}Bytes`), need<Uint16Array>(`${name}Lengths`));
    this.type = s.header.type;
    this.ids = strings('conceptIds');
    this.names = strings('conceptNames');
    this.tax = need('conceptTax');
    this.tables = Object.fromEntries(KEY_TABLES.map((t) => [t, {
      keys: strings(`${t}Keys`), start: new BlockOffsets(need<Uint16Array>(`${t}Count`)), concept: need<Int32Array>(`${t}Concept`), rank: need<Uint8Array>(`${t}Rank`),
    }])) as CompactDictionary['tables'];
    const words = this.tables.word.keys;
    const inserted = s.get<Uint32Array>('wordInserted');
    // The index's keys in the order it was built over (the builder's insertion order).
    const keys = { length: inserted?.length ?? 0, at: (i: number) => words.at(inserted![i]) };
    const vectors = s.get<Int8Array>('denseVectors');
    const grams = s.get<Uint8Array>('gramKeysBytes');
    this.makeIndex = () => {
      if (vectors && encoder) return new DenseIndex(encoder, keys, { vectors, scales: need('denseScales') });
      if (grams) {
        return new TrigramIndex(keys, {
          grams: new Strings(grams, need<Uint16Array>('gramKeysLengths')), start: offsetsOf(need<Uint32Array>('gramCount')),
          gaps: need('gramPostings'), idf: need('gramIdf'), norms: need('keyNorms'),
        });
      }
      // Genes are compiled without one: the linker never searches them by similarity.
      throw new Error(`the compiled ${this.type} dictionary has no similarity index`);
    };
  }

  private candidates(t: KeyTable, key: string): readonly Candidate[] | undefined {
    if (!key) return undefined;
    const table = this.tables[t];
    const i = table.keys.find(key);
    if (i < 0) return undefined;
    const out: Candidate[] = [];
    const first = table.start.at(i);
    for (let j = first; j < first + table.start.size(i); j++) {
      const c = table.concept[j];
      const taxId = this.tax[c];
      out.push(taxId ? { id: this.ids.at(c), rank: table.rank[j], taxId } : { id: this.ids.at(c), rank: table.rank[j] });
    }
    return out;
  }

  lookup(mention: string): readonly Candidate[] {
    return this.candidates('word', nameKey(mention)) || this.candidates('compact', compactKey(mention)) || [];
  }

  lookupCompact(mention: string): readonly Candidate[] {
    return this.candidates('compact', compactKey(mention)) ?? [];
  }

  lookupLoose(mention: string): readonly Candidate[] {
    return this.candidates('loose', looseKeyOfWords(nameWords(mention))) ?? [];
  }

  candidatesOfKey(key: string): readonly Candidate[] {
    return this.candidates('word', key) ?? [];
  }

  nameOf(id: string): string | undefined {
    const i = this.ids.find(id);
    return i < 0 ? undefined : this.names.at(i);
  }

  nearestIndex(): DenseIndex | TrigramIndex {
    return (this.index ??= this.makeIndex());
  }
}

