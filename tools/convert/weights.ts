import { MAX_SHARD_BYTES, type Quantization } from '../../src/model/format.ts';
import type { GraphWeight } from './graph.ts';

/** A weights-manifest entry as tfjs-core's io.decodeWeights reads it. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: { dtype: 'uint8'; scale: number; min: number } | { dtype: 'float16' };
}

/** float32 -> IEEE half, rounding to nearest even. */
export function toFloat16(v: number): number {
  const f32 = new Float32Array([v]);
  const x = new Uint32Array(f32.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** Affine uint8 per tensor: value = q * scale + min. */
export function quantizeUint8(data: Float32Array): { bytes: Uint8Array; scale: number; min: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) min = max = 0;
  const scale = max > min ? (max - min) / 255 : 1;
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = Math.round((data[i] - min) / scale);
  return { bytes, scale, min };
}

/**
 * Encodes every weight under the chosen quantization (float weights only; int32 constants stay exact, and so
 * do the float weights `exact` names: small vectors such as biases, where a byte per value saves nothing).
 */
export function encodeWeights(weights: GraphWeight[], quantization: Quantization, exact: (name: string) => boolean = () => false): { specs: WeightSpec[]; data: Uint8Array } {
  const specs: WeightSpec[] = [];
  const parts: Uint8Array[] = [];
  for (const w of weights) {
    const spec: WeightSpec = { name: w.name, shape: w.shape, dtype: w.dtype };
    if (exact(w.name)) {
      parts.push(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength));
    } else if (w.dtype === 'float32' && quantization === 'uint8') {
      const q = quantizeUint8(w.data as Float32Array);
      spec.quantization = { dtype: 'uint8', scale: q.scale, min: q.min };
      parts.push(q.bytes);
    } else if (w.dtype === 'float32' && quantization === 'float16') {
      const out = new Uint16Array(w.data.length);
      for (let i = 0; i < out.length; i++) out[i] = toFloat16(w.data[i]);
      spec.quantization = { dtype: 'float16' };
      parts.push(new Uint8Array(out.buffer));
    } else {
      parts.push(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength));
    }
    specs.push(spec);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const data = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    data.set(p, pos);
    pos += p.length;
  }
  return { specs, data };
}

/** Splits the weight bytes into shards of at most MAX_SHARD_BYTES, named as tfjs's converter names them. */
export function shard(data: Uint8Array, maxBytes = MAX_SHARD_BYTES): { name: string; bytes: Uint8Array }[] {
  const n = Math.max(1, Math.ceil(data.length / maxBytes));
  return Array.from({ length: n }, (_, i) => ({
    name: `group1-shard${i + 1}of${n}.bin`,
    bytes: data.subarray(i * maxBytes, Math.min(data.length, (i + 1) * maxBytes)),
  }));
}
