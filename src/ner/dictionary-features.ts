/**
 * Dictionary features of the tagger (a model's `dictionary` in its metadata, src/model/format.ts): for every
 * word and every dictionary type, whether it begins (B) or continues (I) the longest dictionary name found
 * there, or neither (O). The trainer never computes them itself: it reads them from `npm run
 * dictionary-features` (tools/dictionary-features.ts), which runs this file, so app and trainer agree.
 *
 * A dictionary holds, per type, the 32-bit FNV-1a hashes of name keys: `nameKey` of the linker (folded words,
 * stop words dropped, sorted), so "IL-6", "IL 6" and "interleukin-6 receptor" meet the forms MeSH and NCBI
 * Gene list. A hash set, not the names, because only membership is asked, and 4 bytes a name keep it small.
 */
import { keyTokens, nameWords } from '../linking/normalize.ts';

/** IOB states per type, in this order: a word's pattern is Σ state(type t) · 3^t. */
export const DICTIONARY_STATES = ['O', 'B', 'I'] as const;
/** The longest name looked up, in words of the app's split (punctuation counts as a word). */
export const MAX_NAME_WORDS = 8;
/** File header: "BNDC" little-endian, then the version. */
const MAGIC = 0x43444e42;
const VERSION = 1;

const utf8 = new TextEncoder();

/** 32-bit FNV-1a of the text's UTF-8 bytes. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      ascii = false;
      break;
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  if (ascii) return h >>> 0;
  h = 0x811c9dc5;
  for (const b of utf8.encode(text)) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

const POSSESSIVE = /^['’`]$/;

/** A word's key tokens (folded, normalised, stop words out: keyTokens of nameWords), remembered: the same words come again and again. */
const tokenCache = new Map<string, string[]>();
function wordTokens(w: string): string[] {
  let t = tokenCache.get(w);
  if (!t) {
    if (tokenCache.size >= 50_000) tokenCache.clear();
    tokenCache.set(w, (t = keyTokens(nameWords(w))));
  }
  return t;
}

/** Inserts each of `tokens` into the sorted `into`, in the order Array.prototype.sort() would give. */
function insertSorted(into: string[], tokens: readonly string[]): void {
  for (const t of tokens) {
    let lo = 0;
    let hi = into.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (into[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    into.splice(lo, 0, t);
  }
}

/** Bits of the hash that index the prefilter: 2^22 bits (512 KB) for about half a million keys, a tenth of them set. */
const FILTER_BITS = 22;

export class Dictionary {
  /**
   * One bit per value of a hash's top FILTER_BITS bits, set where a key of any type has it: most runs of words are
   * no name of any type, and one bit tells so without a binary search per type.
   */
  private readonly filter = new Uint32Array(2 ** FILTER_BITS / 32);

  /** One sorted hash array per type, in `types` order. */
  constructor(readonly types: readonly string[], private readonly hashes: readonly Uint32Array[]) {
    if (types.length !== hashes.length) throw new Error('a dictionary needs one hash table per type');
    for (const a of hashes) for (const h of a) this.filter[h >>> (32 - FILTER_BITS + 5)] |= 1 << ((h >>> (32 - FILTER_BITS)) & 31);
  }

  /** False where no type can hold the hash. */
  private mayHold(h: number): boolean {
    return (this.filter[h >>> (32 - FILTER_BITS + 5)] & (1 << ((h >>> (32 - FILTER_BITS)) & 31))) !== 0;
  }

  /** Number of distinct patterns (3^types): the tagger's casing table has that many rows per casing class. */
  get patterns(): number {
    return DICTIONARY_STATES.length ** this.types.length;
  }

  private hasHash(type: number, h: number): boolean {
    const a = this.hashes[type];
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] === h) return true;
      if (a[mid] < h) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * Each word's pattern. Per type, left to right, the longest run of words from here whose key is a name
   * becomes B I…; a run never starts or ends on punctuation or a stop word.
   */
  patternsOf(words: readonly string[]): Int32Array {
    const out = new Int32Array(words.length);
    // Each word's key tokens once; a run's key is its words' tokens sorted and joined, keyOfWords of their
    // nameWords, which is nameKey of the run's text, except that an apostrophe and "s" after it are dropped, as
    // nameKey drops a possessive. The run grows a word at a time, its tokens kept sorted.
    const tokens = words.map((w, i) =>
      (POSSESSIVE.test(w) && words[i + 1] === 's') || (w === 's' && i > 0 && POSSESSIVE.test(words[i - 1])) ? [] : wordTokens(w));
    // a run starts and ends on a word with a key of its own: no punctuation, no stop word ("in the BRCA1")
    const edge = tokens.map((t) => t.length > 0);
    // keys[i][n-1]: hash of the key of words i..i+n-1 (shared by the types); -1 where the run is no candidate
    const keys = words.map((_, i) => {
      const ks: number[] = [];
      if (!edge[i]) return ks;
      const run: string[] = [];
      for (let n = 1; n <= MAX_NAME_WORDS && i + n <= words.length; n++) {
        insertSorted(run, tokens[i + n - 1]);
        const h = edge[i + n - 1] ? fnv1a(run.join(' ')) : -1;
        ks.push(h >= 0 && this.mayHold(h) ? h : -1);
      }
      return ks;
    });
    let scale = 1;
    for (let t = 0; t < this.types.length; t++, scale *= DICTIONARY_STATES.length) {
      for (let i = 0; i < words.length; ) {
        let len = 0;
        const ks = keys[i];
        for (let n = ks.length; n >= 1; n--) {
          if (ks[n - 1] >= 0 && this.hasHash(t, ks[n - 1])) {
            len = n;
            break;
          }
        }
        if (!len) {
          i++;
          continue;
        }
        out[i] += 1 * scale;
        for (let j = i + 1; j < i + len; j++) out[j] += 2 * scale;
        i += len;
      }
    }
    return out;
  }

  /** The file: magic, version, type count, each type's hash count, then the sorted hashes (little-endian). */
  toBytes(): Uint8Array {
    const n = this.hashes.reduce((s, a) => s + a.length, 0);
    const out = new Uint8Array(4 * (3 + this.types.length + n));
    // A DataView, not a Uint32Array: the file is little-endian whatever the machine's byte order.
    const view = new DataView(out.buffer);
    let at = 0;
    const put = (v: number) => view.setUint32(4 * at++, v, true);
    [MAGIC, VERSION, this.types.length].forEach(put);
    for (const a of this.hashes) put(a.length);
    for (const a of this.hashes) a.forEach(put);
    return out;
  }

  static fromBytes(bytes: Uint8Array, types: readonly string[]): Dictionary {
    if (bytes.byteLength % 4 || bytes.byteLength < 12) throw new Error('the dictionary file is truncated');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const u32 = (i: number) => view.getUint32(i * 4, true);
    if (u32(0) !== MAGIC || u32(1) !== VERSION) throw new Error('this is not a dictionary file of this app');
    if (u32(2) !== types.length) throw new Error(`the dictionary file has ${u32(2)} types, the model names ${types.length}`);
    let at = 3 + types.length;
    const hashes: Uint32Array[] = [];
    for (let t = 0; t < types.length; t++) {
      const n = u32(3 + t);
      if ((at + n) * 4 > bytes.byteLength) throw new Error('the dictionary file is truncated');
      const a = new Uint32Array(n);
      for (let k = 0; k < n; k++) a[k] = u32(at + k);
      hashes.push(a);
      at += n;
    }
    return new Dictionary(types, hashes);
  }

  /** From each type's name keys (any order, repeats allowed). */
  static fromKeys(types: readonly string[], keys: readonly Iterable<string>[]): Dictionary {
    return new Dictionary(types, keys.map((ks) => {
      const set = new Set<number>();
      for (const k of ks) if (k) set.add(fnv1a(k));
      return Uint32Array.from(set).sort();
    }));
  }
}
