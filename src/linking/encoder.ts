/**
 * A learned name encoder for the linker's similarity step: a name is the sum of the embeddings of its
 * features (its key's words and each word's character trigrams, hashed into a fixed number of buckets), made
 * unit length; two names of one concept come out close. Trained by training/train_name_encoder.py on MeSH's
 * entry terms and the corpora's annotated mentions, contrastively, the way SapBERT trains on synonyms, but a bag of
 * hashed features instead of a transformer, so it runs in plain TypeScript in the worker and its weights are
 * a few MB.
 *
 * The features are defined here only; the trainer reads them from `npm run export-encoder-data`.
 */
import { nearestSearch, type NearestSearch } from './nearest-kernel.ts';
import type { Keys, SimilarityHit } from './similarity.ts';

/** FNV-1a over UTF-16 code units: the feature hash, the same in the exporter and the app. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The feature buckets of a name already in key words (`keyOfWords` tokens). */
export function featuresOfKey(key: string, buckets: number): number[] {
  const out: number[] = [];
  for (const w of key.split(' ')) {
    if (!w) continue;
    out.push(fnv1a(`w:${w}`) % buckets);
    const padded = `<${w}>`;
    for (let i = 0; i + 3 <= padded.length; i++) out.push(fnv1a(`t:${padded.slice(i, i + 3)}`) % buckets);
  }
  return out;
}

/**
 * The encoder file: `buckets dims` on the first line, then per bucket a scale and its int8 row, base64. The
 * weights stay int8 in memory (a quarter of float32's 4 MB) and are scaled as a name is encoded.
 */
export class NameEncoder {
  constructor(
    readonly buckets: number,
    readonly dims: number,
    /** One scale per bucket. */
    private readonly scales: Float32Array,
    /** buckets × dims, int8. */
    private readonly weights: Int8Array,
  ) {}

  static parse(text: string): NameEncoder {
    const nl = text.indexOf('\n');
    const [buckets, dims] = text.slice(0, nl).split(' ').map(Number);
    const bytes = base64Bytes(text.slice(nl + 1).trim());
    // Layout: buckets float32 scales, then buckets × dims int8 values.
    const scales = new Float32Array(bytes.buffer, bytes.byteOffset, buckets);
    const q = new Int8Array(bytes.buffer, bytes.byteOffset + 4 * buckets, buckets * dims);
    return new NameEncoder(buckets, dims, scales, q);
  }

  /** The unit-length vector of a name given by its key words, into `out` (zeros for a name with no features). */
  encodeKey(key: string, out = new Float32Array(this.dims)): Float32Array {
    out.fill(0);
    for (const f of featuresOfKey(key, this.buckets)) {
      const row = f * this.dims;
      const s = this.scales[f];
      for (let j = 0; j < this.dims; j++) out[j] += this.weights[row + j] * s;
    }
    let n = 0;
    for (let j = 0; j < this.dims; j++) n += out[j] * out[j];
    if (n > 0) {
      n = 1 / Math.sqrt(n);
      for (let j = 0; j < this.dims; j++) out[j] *= n;
    }
    return out;
  }
}

function base64Bytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Nearest keys by the encoder: every key of a dictionary encoded once, searched by dot product. The key
 * vectors are kept int8 with a scale each (1.6 MB for 25,000 disease names, not 6.4).
 */
export class DenseIndex {
  private readonly vectors: Int8Array;
  private readonly scales: Float32Array;
  /** The WebAssembly SIMD search over the same vectors, made on first use; null without SIMD. */
  private search: NearestSearch | null | undefined;

  /** Encodes every key, or (with `parts`) takes the vectors a compiled lexicon holds for them. */
  constructor(
    private readonly encoder: NameEncoder,
    private readonly keys: Keys,
    parts?: { vectors: Int8Array; scales: Float32Array },
  ) {
    if (parts) {
      this.vectors = parts.vectors;
      this.scales = parts.scales;
      return;
    }
    const d = encoder.dims;
    this.vectors = new Int8Array(keys.length * d);
    this.scales = new Float32Array(keys.length);
    const v = new Float32Array(d);
    for (let i = 0; i < keys.length; i++) {
      encoder.encodeKey(keys.at(i)!, v);
      let m = 0;
      for (let j = 0; j < d; j++) m = Math.max(m, Math.abs(v[j]));
      const s = m / 127 || 1;
      this.scales[i] = s;
      for (let j = 0; j < d; j++) this.vectors[i * d + j] = Math.round(v[j] / s);
    }
  }

  /** The data a compiled lexicon stores. */
  parts(): { vectors: Int8Array; scales: Float32Array } {
    return { vectors: this.vectors, scales: this.scales };
  }

  /** Makes the WebAssembly search now (it copies the vectors in), so the first query does not pay for it. */
  prepare(): void {
    this.search ??= nearestSearch(this.vectors, this.scales, this.encoder.dims);
  }

  /** The nearest key with its cosine, or null where the name has no features. */
  best(key: string): SimilarityHit | null {
    const q = this.encoder.encodeKey(key);
    if (!q.some((x) => x !== 0)) return null;
    this.search ??= nearestSearch(this.vectors, this.scales, this.encoder.dims);
    if (!this.search) return this.bestOf(q);
    const hit = this.search.best(q);
    return hit ? { key: this.keys.at(hit.index)!, score: Math.min(1, hit.score) } : null;
  }

  /** `best` by the JavaScript loop, as where WebAssembly SIMD is missing (the tests compare the two). */
  bestInJs(key: string): SimilarityHit | null {
    const q = this.encoder.encodeKey(key);
    return q.some((x) => x !== 0) ? this.bestOf(q) : null;
  }

  private bestOf(q: Float32Array): SimilarityHit | null {
    const d = this.encoder.dims;
    let best = -1;
    let bestScore = -Infinity;
    const vs = this.vectors;
    for (let i = 0, o = 0; i < this.keys.length; i++, o += d) {
      let s = 0;
      for (let j = 0; j < d; j++) s += q[j] * vs[o + j];
      s *= this.scales[i];
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    // int8 rounding can carry a cosine a hair over 1.
    return best < 0 ? null : { key: this.keys.at(best)!, score: Math.min(1, bestScore) };
  }
}
