import { ConversionError } from './errors.ts';

/** One tensor read from a safetensors file, widened to float32. */
export interface FloatTensor {
  shape: number[];
  data: Float32Array;
}

const ELEMENT_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4 };

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/**
 * Parses a safetensors file (8-byte little-endian header length, JSON header, data) and returns
 * every floating-point tensor as float32. Malformed input raises a ConversionError.
 */
export function readSafetensors(bytes: Uint8Array, fileName = 'model.safetensors'): Map<string, FloatTensor> {
  if (bytes.byteLength < 8) throw new ConversionError(`${fileName}: file is too short to be safetensors`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen <= 0 || 8 + headerLen > bytes.byteLength) {
    throw new ConversionError(`${fileName}: header length ${headerLen} does not fit a file of ${bytes.byteLength} bytes`);
  }
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    throw new ConversionError(`${fileName}: header is not valid JSON`);
  }
  const dataStart = 8 + headerLen;
  const out = new Map<string, FloatTensor>();
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = info ?? ({} as never);
    const size = ELEMENT_BYTES[dtype];
    if (!size || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
      throw new ConversionError(`${fileName}: tensor "${name}" has a malformed header entry`);
    }
    const count = shape.reduce((a, b) => a * b, 1);
    const [begin, end] = offsets;
    if (end - begin !== count * size || dataStart + end > bytes.byteLength || begin < 0) {
      throw new ConversionError(`${fileName}: tensor "${name}" data (${begin}..${end}) does not match shape [${shape}] of ${dtype} or lies outside the file`);
    }
    if (dtype === 'I64' || dtype === 'I32') continue; // e.g. position_ids buffers; not weights
    const data = new Float32Array(count);
    const base = dataStart + begin;
    for (let i = 0; i < count; i++) {
      const o = base + i * size;
      if (dtype === 'F32') data[i] = view.getFloat32(o, true);
      else if (dtype === 'F64') data[i] = view.getFloat64(o, true);
      else if (dtype === 'F16') data[i] = f16ToF32(view.getUint16(o, true));
      else data[i] = new Float32Array(new Uint32Array([view.getUint16(o, true) << 16]).buffer)[0];
    }
    out.set(name, { shape, data });
  }
  return out;
}

/** Writes float32 tensors as safetensors (used by tests to make checkpoints). */
export function writeSafetensors(tensors: Record<string, FloatTensor>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  const names = Object.keys(tensors).sort();
  for (const name of names) {
    const n = tensors[name].data.length * 4;
    header[name] = { dtype: 'F32', shape: tensors[name].shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let pos = 8 + head.length;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
    pos += d.byteLength;
  }
  return out;
}
