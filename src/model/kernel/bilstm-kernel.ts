/**
 * The BiLSTM tagger's network on the WebAssembly SIMD kernel (assembly/bilstm.ts): the same emissions as the
 * tfjs runner (src/model/tagger-runner.ts, the reference), computed without padding work and with the whole
 * step loop inside wasm. At load the weights are packed once into the kernel's memory:
 * - the input projection's word and character rows as an 8-column-panel matrix, its columns direction by
 *   direction (forward gates, then backward);
 * - casing embedding × projection + bias as one row per casing class (a word's projection starts from it);
 * - the character CNN as a character × tap table (each character's embedding times each tap's filter);
 * - each direction's recurrent matrix, and the emission layer, packed the same way;
 * - the word embedding kept as its uint8 codes with their 256 values (float32 only for float models).
 * Per call, sentences are sorted longest first and cut into chunks of at most `chunkWords` real words.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TaggerMetadata } from '../format.ts';
import { crfParams } from '../tagger-runner.ts';
import { rawWeights } from '../weight-data.ts';
import type { EmissionRunner, TaggerBatch } from '../../ner/tagger-pipeline.ts';
import type { KernelVariant } from './variants.ts';

/** The kernel module's exports (assembly/bilstm.ts documents each). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  gemm(a: number, lda: number, m: number, k: number, bp: number, n: number, c: number, ldc: number, init: number): void;
  features(words: number, chars: number, charLen: number, n: number, wordTab: number, wordBytes: number, lut: number, wordDim: number,
    charTab: number, width: number, fp: number, charBias: number, filters: number, x: number, ldx: number): void;
  lstm(p: number, ldp: number, poff: number, hidden: number, lens: number, offs: number, m: number, steps: number, wp: number, reverse: number,
    h: number, cs: number, g: number, init: number, out: number, ldo: number, ooff: number,
    int16: number, scale: number, offset: number, wScale: number, wOffset: number): void;
  gemm16(a: number, lda: number, m: number, k2: number, bp: number, n: number, c: number, ldc: number, init: number, scale: number, offset: number): void;
  quantizeRows(x: number, ldx: number, n: number, k: number, x16: number, ld16: number, scale: number, offset: number, wScale: number, wOffset: number): void;
  fillInit(init: number, n: number, address: number): void;
}

/** Whether the kernel runs this tagger's network (BiLSTM encoders; an ID-CNN stays on tfjs ops). */
export function kernelRunsTagger(meta: Pick<TaggerMetadata, 'encoder'> | undefined): boolean {
  return meta?.encoder === 'bilstm';
}

/** Real words per kernel call at most: bounds the projection buffer (8·hidden floats a word) on long documents. */
const CHUNK_WORDS = 2048;
/** The kernel's own data (AssemblyScript's static segment) lies below this; ours starts here. */
export const HEAP_BASE = 65536;

export async function instantiateKernel(module: WebAssembly.Module): Promise<KernelExports> {
  return (await WebAssembly.instantiate(module, {})).exports as unknown as KernelExports;
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/** B [k, n] row-major → panels of 8 columns (zero-padded to a multiple of 8), panel j's k rows of 8 in a row. */
export function packGemmNr8(b: Float32Array, k: number, n: number): Float32Array {
  const panels = roundUp(n, 8) / 8;
  const out = new Float32Array(panels * k * 8);
  for (let j = 0; j < panels; j++) {
    for (let kk = 0; kk < k; kk++) {
      for (let c = 0; c < 8 && j * 8 + c < n; c++) out[(j * k + kk) * 8 + c] = b[kk * n + j * 8 + c];
    }
  }
  return out;
}

/**
 * Signed int16 codes B [k, n] (row-major) → the int16 path's panels (assembly/bilstm.ts `gemm16`): 8 columns a
 * panel, rows in pairs (k padded to even with zeros), each pair as columns 0–3 then 4–7 of the panel with the two
 * rows' values side by side.
 */
export function packGemm16Nr8(b: Int16Array, k: number, n: number): Int16Array {
  const panels = roundUp(n, 8) / 8;
  const pairs = roundUp(k, 2) / 2;
  const out = new Int16Array(panels * pairs * 16);
  for (let j = 0; j < panels; j++) {
    for (let p = 0; p < pairs; p++) {
      for (let c = 0; c < 8 && j * 8 + c < n; c++) {
        const o = (j * pairs + p) * 16 + (c < 4 ? 0 : 8) + 2 * (c % 4);
        out[o] = b[2 * p * n + j * 8 + c];
        if (2 * p + 1 < k) out[o + 1] = b[(2 * p + 1) * n + j * 8 + c];
      }
    }
  }
  return out;
}

/** A bump allocator over the kernel's memory: static weights first, then a per-call region reset every call. */
class Arena {
  private top = HEAP_BASE;
  constructor(private readonly memory: WebAssembly.Memory) {}

  alloc(bytes: number): number {
    const at = this.top;
    this.top = roundUp(at + bytes, 16);
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    return at;
  }

  mark(): number {
    return this.top;
  }

  reset(mark: number): void {
    this.top = mark;
  }

  f32(at: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, n);
  }

  i32(at: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, at, n);
  }
}

export interface KernelRunner extends EmissionRunner {
  variant: KernelVariant;
  /** 'int16': a uint8 model's codes as int16 with int16 activations (i32 sums); 'f32': dequantized float32. */
  precision: 'int16' | 'f32';
  /** Bytes of the kernel's memory (weights and the largest call's buffers so far). */
  memoryBytes(): number;
}

/**
 * An EmissionRunner for a BiLSTM tagger on the compiled kernel `module` (a build of `variant`), from the
 * model's weight bytes and manifest. The cell update works on four units at a time, so each direction's
 * units are padded to a multiple of 4 with units whose weights are all zero: their gates read 0, so their
 * cell and hidden state stay exactly 0 and they add nothing to the emissions. A uint8 model runs on the int16
 * path (`precision` 'int16': its weight codes as int16, activations as int16, i32 sums) unless `int16` is
 * false, or hidden % 4 ≠ 0 (padded units need weights of exactly 0, which codes cannot hold); else float32.
 */
export async function kernelRunner(module: WebAssembly.Module, variant: KernelVariant, weightData: ArrayBuffer,
  specs: readonly tf.io.WeightsManifestEntry[], meta: TaggerMetadata, labels: readonly string[], chunkWords = CHUNK_WORDS, int16 = true): Promise<KernelRunner> {
  if (!kernelRunsTagger(meta)) throw new Error(`the WebAssembly kernel runs BiLSTM taggers, not ${meta.encoder}`);
  const H = meta.hidden;
  const Hp = roundUp(H, 4);
  const k = await instantiateKernel(module);
  const arena = new Arena(k.memory);
  const w = rawWeights(weightData, specs);
  const get = (name: string) => {
    const t = w.get(name);
    if (!t) throw new Error(`tagger weight ${name} is missing`);
    return t;
  };
  const N = labels.length;
  const Np = roundUp(N, 8);
  const { wordDim: W, charDim: D, charFilters: F, charWidth: CW, casingDim: K } = meta;
  const Fp = roundUp(F, 4);
  const inDim = W + F; // the projection's rows that come from the word and its characters (casing goes in a table)
  const G = 8 * Hp;
  const put = (data: ArrayBufferView) => {
    const at = arena.alloc(data.byteLength);
    new Uint8Array(k.memory.buffer, at, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return at;
  };

  // Word embedding: uint8 codes and their values, or float32 rows.
  const word = get('word');
  const wordBytes = word.codes ? 1 : 4;
  const wordTab = put(word.codes ?? word.values());
  const lut = put(word.table ?? new Float32Array(256));

  // Character × tap table [chars][width][Fp]; id 0 (padding) stays zero.
  const char = get('char').values();
  const filter = get('charFilter').values(); // [width, charDim, filters]
  const nChars = char.length / D;
  const charTab = new Float32Array(nChars * CW * Fp);
  for (let c = 1; c < nChars; c++) {
    for (let tap = 0; tap < CW; tap++) {
      const o = (c * CW + tap) * Fp;
      for (let d = 0; d < D; d++) {
        const x = char[c * D + d];
        const f0 = (tap * D + d) * F;
        for (let f = 0; f < F; f++) charTab[o + f] += x * filter[f0 + f];
      }
    }
  }
  const charBias = new Float32Array(Fp);
  charBias.set(get('charBias').values());

  // Input projection: the format's columns are gate-major with both directions in each gate block
  // (k·2H + d·H + u); the kernel's are direction-major (d·4Hp + k·Hp + u), so each direction's gates are contiguous.
  const rec = get('lstmRecurrent');
  const inW = get('lstmInput');
  const precision = int16 && inW.codes && rec.codes && H === Hp ? 'int16' : 'f32';
  const lstmInput = inW.values(); // [inDim + K, 8H]
  const col = (c: number) => {
    const gate = Math.floor(c / (2 * H));
    const d = Math.floor((c % (2 * H)) / H);
    return d * 4 * Hp + gate * Hp + (c % H);
  };
  // float32 path: the word and character rows of the projection in the kernel's column order.
  const projF32 = () => {
    const proj = new Float32Array(inDim * G);
    for (let r = 0; r < inDim; r++) for (let c = 0; c < 8 * H; c++) proj[r * G + col(c)] = lstmInput[r * 8 * H + c];
    return proj;
  };
  const bias = get('lstmBias').values();
  const casing = get('casing').values();
  const casings = casing.length / K;
  const casTab = new Float32Array(casings * G);
  for (let cs = 0; cs < casings; cs++) {
    for (let c = 0; c < 8 * H; c++) {
      let v = bias[c];
      // Casing id 0 is padding: a zero vector, as the tfjs runner reads it.
      if (cs) for (let j = 0; j < K; j++) v += casing[cs * K + j] * lstmInput[(inDim + j) * 8 * H + c];
      casTab[cs * G + col(c)] = v;
    }
  }
  const recurrentOf = (recurrent: Float32Array, d: number) => {
    const m = new Float32Array(Hp * 4 * Hp);
    for (let r = 0; r < H; r++) for (let k = 0; k < 4; k++) m.set(recurrent.subarray((d * H + r) * 4 * H + k * H, (d * H + r) * 4 * H + (k + 1) * H), r * 4 * Hp + k * Hp);
    return m;
  };
  const outW = get('out').values(); // [2H, N]: forward units' rows, then backward
  const out = new Float32Array(2 * Hp * N);
  for (let d = 0; d < 2; d++) out.set(outW.subarray(d * H * N, (d + 1) * H * N), d * Hp * N);
  const outBias = new Float32Array(Np);
  outBias.set(get('outBias').values());

  const charTabAt = put(charTab);
  const charBiasAt = put(charBias);
  // int16 path: the codes (minus 128) in the same column order, and each weight's scale and offset (min + 128·scale).
  const signed = (codes: Uint8Array, rows: number, cols: number, map: (r: number, c: number) => number) => {
    const out = new Int16Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[map(r, c)] = codes[r * cols + c] - 128;
    return out;
  };
  const affine = ({ quantization: q }: typeof inW) => ({ scale: q!.scale, offset: q!.min + 128 * q!.scale });
  const ld16 = roundUp(inDim, 2);
  const q16 = precision === 'int16' ? {
    proj: put(packGemm16Nr8(signed(inW.codes!.subarray(0, inDim * 8 * H), inDim, 8 * H, (r, c) => r * G + col(c)), inDim, G)),
    rec: [0, 1].map((d) => put(packGemm16Nr8(signed(rec.codes!.subarray(d * H * 4 * H, (d + 1) * H * 4 * H), H, 4 * H, (r, c) => r * 4 * H + c), H, 4 * H))),
    input: affine(inW), recurrent: affine(rec),
  } : null;
  const projAt = q16 ? 0 : put(packGemmNr8(projF32(), inDim, G));
  const casTabAt = put(casTab);
  const recAt: number[] = [];
  if (!q16) {
    const recurrent = rec.values(); // [2, H, 4H]
    for (const d of [0, 1]) recAt.push(put(packGemmNr8(recurrentOf(recurrent, d), Hp, 4 * Hp)));
  }
  const outAt = put(packGemmNr8(out, 2 * Hp, N));
  const outBiasAt = put(outBias);
  const callBase = arena.mark();

  /** Emissions of sentences `rows` (indices into the batch, longest first) into `result` [batch, steps, N]. */
  function chunk(b: TaggerBatch, rows: number[], result: Float32Array): void {
    arena.reset(callBase);
    const m = rows.length;
    const n = rows.reduce((s, r) => s + b.lengths[r], 0);
    const C = b.charLen;
    const ldx = roundUp(inDim, 4);
    const at = {
      words: arena.alloc(n * 4), chars: arena.alloc(n * C * 4), init: arena.alloc(Math.max(n, m) * 4),
      lens: arena.alloc(m * 4), offs: arena.alloc(m * 4), x: arena.alloc(n * ldx * 4), p: arena.alloc(n * G * 4),
      h: arena.alloc(n * 2 * Hp * 4), state: arena.alloc(m * Hp * 4), cell: arena.alloc(m * Hp * 4), g: arena.alloc(m * 4 * Hp * 4),
      e: arena.alloc(n * Np * 4),
      // int16 path: the features as int16, and each row's scale and offset (the state is int16 there, in `state`).
      x16: q16 ? arena.alloc(n * ld16 * 2) : 0, scale: q16 ? arena.alloc(Math.max(n, m) * 4) : 0, offset: q16 ? arena.alloc(Math.max(n, m) * 4) : 0,
    };
    // Views after every allocation: growing the memory detaches earlier ones.
    const words = arena.i32(at.words, n);
    const chars = arena.i32(at.chars, n * C);
    const init = arena.i32(at.init, n);
    const lens = arena.i32(at.lens, m);
    const offs = arena.i32(at.offs, m);
    let word = 0;
    rows.forEach((r, i) => {
      const len = b.lengths[r];
      lens[i] = len;
      offs[i] = word;
      words.set(b.words.subarray(r * b.steps, r * b.steps + len), word);
      chars.set(b.chars.subarray(r * b.steps * C, (r * b.steps + len) * C), word * C);
      for (let t = 0; t < len; t++) init[word + t] = casTabAt + b.casings[r * b.steps + t] * G * 4;
      word += len;
    });
    k.features(at.words, at.chars, C, n, wordTab, wordBytes, lut, W, charTabAt, CW, Fp, charBiasAt, F, at.x, ldx);
    if (q16) {
      k.quantizeRows(at.x, ldx, n, inDim, at.x16, ld16, at.scale, at.offset, q16.input.scale, q16.input.offset);
      k.gemm16(at.x16, ld16, n, ld16 / 2, q16.proj, G, at.p, G, at.init, at.scale, at.offset);
    } else {
      k.gemm(at.x, ldx, n, inDim, projAt, G, at.p, G, at.init);
    }
    for (const d of [0, 1]) {
      k.lstm(at.p, G, d * 4 * Hp, Hp, at.lens, at.offs, m, lens[0], q16 ? q16.rec[d] : recAt[d], d, at.state, at.cell, at.g, at.init, at.h, 2 * Hp, d * Hp,
        q16 ? 1 : 0, at.scale, at.offset, q16?.recurrent.scale ?? 0, q16?.recurrent.offset ?? 0);
    }
    k.fillInit(at.init, n, outBiasAt);
    k.gemm(at.h, 2 * Hp, n, 2 * Hp, outAt, Np, at.e, Np, at.init);
    const e = arena.f32(at.e, n * Np);
    word = 0;
    for (const r of rows) {
      for (let t = 0; t < b.lengths[r]; t++, word++) result.set(e.subarray(word * Np, word * Np + N), (r * b.steps + t) * N);
    }
  }

  return {
    variant,
    precision,
    labels,
    crf: crfParams(meta),
    async emissions(b: TaggerBatch) {
      const result = new Float32Array(b.batch * b.steps * N);
      const order = Array.from({ length: b.batch }, (_, r) => r).filter((r) => b.lengths[r] > 0).sort((x, y) => b.lengths[y] - b.lengths[x]);
      for (let i = 0; i < order.length; ) {
        let words = 0;
        let j = i;
        while (j < order.length && (j === i || words + b.lengths[order[j]] <= chunkWords)) words += b.lengths[order[j++]];
        chunk(b, order.slice(i, j), result);
        i = j;
      }
      return result;
    },
    memoryBytes: () => k.memory.buffer.byteLength,
  };
}

/**
 * Brings the kernel's functions to V8's optimizing tier: wasm starts on the baseline compiler and moves a
 * function to optimized code only between calls, once it has run enough (a single long call stays slow), so
 * the warm-up is many short calls, yielding now and then for the background compiler.
 */
export async function warmUpKernel(runner: EmissionRunner, calls = WARM_UP_CALLS): Promise<void> {
  // Small: each call costs well under a millisecond once optimized, a few before (a 3 × 24-word batch made the
  // warm-up take a quarter of a second); every tile of the GEMMs still runs (4-row tiles and the remainders).
  const T = 6;
  const batch: TaggerBatch = {
    batch: 5, steps: T, charLen: 8,
    words: new Int32Array(5 * T).fill(1), casings: new Int32Array(5 * T).fill(1),
    chars: new Int32Array(5 * T * 8).map((_, i) => (i % 8 < 6 ? 1 + (i % 5) : 0)), lengths: new Int32Array([T, T, T, 4, 2]),
  };
  for (let i = 0; i < calls; i++) {
    await runner.emissions(batch);
    if (i % 8 === 7) await new Promise((r) => setTimeout(r, 0));
  }
}

/** Short calls in the warm-up (each under 2 ms here even before the optimizing tier; bench/README.md). */
export const WARM_UP_CALLS = 40;
