/**
 * A model's weights read straight from its manifest and shard bytes, without tfjs: what the WebAssembly
 * kernel loads. Values decode exactly as tfjs-core's io.decodeWeights decodes them (uint8: q·scale + min in
 * double precision, stored as float32; float16 widened), so both runners see the same numbers.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface RawWeight {
  shape: number[];
  /** The stored values: float32, or uint8 codes with `table` (code → value), or float16 bits widened. */
  values(): Float32Array;
  /** uint8 only: the codes, the 256 values they stand for, and the affine map (value = code·scale + min). */
  codes?: Uint8Array;
  table?: Float32Array;
  quantization?: { scale: number; min: number };
}

const BYTES: Record<string, number> = { uint8: 1, float16: 2 };

/** Bytes one stored value of the weight takes in the shard data (float32 unless quantized). */
export function bytesPerValue(spec: tf.io.WeightsManifestEntry): number {
  const q = spec.quantization;
  const bytes = q ? BYTES[q.dtype] : 4;
  if (bytes === undefined) throw new Error(`weight ${spec.name}: quantization ${q?.dtype} is not supported`);
  return bytes;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Every weight of the manifest by name (float32 and quantized float weights; int32 constants are not read). */
export function rawWeights(data: ArrayBuffer, specs: readonly tf.io.WeightsManifestEntry[]): Map<string, RawWeight> {
  const out = new Map<string, RawWeight>();
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    const bytes = bytesPerValue(spec);
    const start = offset;
    offset += size * bytes;
    if (offset > data.byteLength) throw new Error(`weight ${spec.name} runs past the end of the weight data`);
    if (q?.dtype === 'uint8') {
      const codes = new Uint8Array(data, start, size);
      const table = Float32Array.from({ length: 256 }, (_, v) => v * q.scale! + q.min!);
      // A plain loop: Float32Array.from with a mapping function is several times slower on large tensors.
      const values = () => {
        const v = new Float32Array(size);
        for (let i = 0; i < size; i++) v[i] = table[codes[i]];
        return v;
      };
      out.set(spec.name, { shape: spec.shape, codes, table, quantization: { scale: q.scale!, min: q.min! }, values });
    } else if (q) {
      const half = new Uint16Array(data.slice(start, start + size * 2));
      out.set(spec.name, { shape: spec.shape, values: () => Float32Array.from(half, halfToFloat) });
    } else {
      out.set(spec.name, { shape: spec.shape, values: () => new Float32Array(data.slice(start, start + size * 4)) });
    }
  }
  return out;
}
