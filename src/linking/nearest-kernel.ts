/**
 * The similarity step's search in WebAssembly SIMD (kernel/assembly/nearest.ts): a dense index's int8 key
 * vectors copied once into the module's memory, each query quantised to int16 and scored against all of them
 * with integer dot products. Four times and more faster than the JavaScript loop it replaces (`npm run bench`,
 * link time); where the engine has no WebAssembly SIMD, `nearestSearch` gives null and the index keeps its loop.
 * The module is 240 bytes, compiled synchronously from the generated base64 (tools/build-kernel.ts).
 */
import { NEAREST_WASM_BASE64 } from './kernel/build/nearest-wasm.ts';

export interface NearestSearch {
  /** The index of the key vector with the largest dot product with `query` (unit length), and that product. */
  best(query: Float32Array): { index: number; score: number } | null;
}

interface Exports {
  memory: WebAssembly.Memory;
  nearest(vectors: number, scales: number, n: number, dims: number, query: number, out: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

function module(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bin = atob(NEAREST_WASM_BASE64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

const PAGE = 65536;

/** A search over these key vectors (`dims` a multiple of 8), or null where WebAssembly SIMD is missing. */
export function nearestSearch(vectors: Int8Array, scales: Float32Array, dims: number): NearestSearch | null {
  const m = dims % 8 === 0 ? module() : null;
  if (!m) return null;
  const x = new WebAssembly.Instance(m, {}).exports as unknown as Exports;
  const n = scales.length;
  // Layout from the first page on: vectors, scales (4-aligned), the query (int16), the result (float32).
  const at = PAGE;
  const scalesAt = at + ((vectors.length + 15) & ~15);
  const queryAt = scalesAt + n * 4;
  const outAt = queryAt + dims * 2;
  const bytes = outAt + 16;
  x.memory.grow(Math.ceil(bytes / PAGE) + 1 - x.memory.buffer.byteLength / PAGE);
  new Int8Array(x.memory.buffer, at, vectors.length).set(vectors);
  new Float32Array(x.memory.buffer, scalesAt, n).set(scales);
  const q = new Int16Array(x.memory.buffer, queryAt, dims);
  const out = new Float32Array(x.memory.buffer, outAt, 1);
  return {
    best(query) {
      let max = 0;
      for (let j = 0; j < dims; j++) max = Math.max(max, Math.abs(query[j]));
      if (!max || !n) return null;
      const k = 32767 / max;
      for (let j = 0; j < dims; j++) q[j] = Math.round(query[j] * k);
      const index = x.nearest(at, scalesAt, n, dims, queryAt, outAt);
      return index < 0 ? null : { index, score: out[0] / k };
    },
  };
}
