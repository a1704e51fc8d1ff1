/**
 * The default tagger's network written as an ONNX model from the browser model's own weights (dequantized
 * exactly as the app reads them), for the benchmark's onnxruntime-web comparison, with no Python: a few ONNX
 * nodes (embedding gathers, the character CNN as a 1×width Conv over [batch, dims, words, chars], ONNX's
 * bidirectional LSTM with `sequence_lens`, so the backward direction reads each sentence within its length as
 * ours does, and the emission MatMul), encoded by a minimal protobuf writer. Inputs (int64) words [B, T],
 * chars [B, T, C], casings [B, T], lengths [B]; output emissions [B, T, labels]. Id 0 of every table is a zero
 * row, as the app and the trainer read padding.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { casingRows, MODEL_FILES, type LabelsFile, type TaggerMetadata } from '../../src/model/format.ts';
import { rawWeights } from '../../src/model/weight-data.ts';

// --- protobuf wire format (only what ONNX's messages here need) ---
type Field = Uint8Array;
function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const cat = (parts: (Field | number[])[]) => {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
};
const int = (field: number, v: number | bigint): Field => Uint8Array.from([...varint(field << 3), ...varint(v)]);
const bytes = (field: number, b: Uint8Array): Field => cat([varint((field << 3) | 2), varint(b.length), b]);
const str = (field: number, s: string): Field => bytes(field, new TextEncoder().encode(s));
const msg = (field: number, ...parts: Field[]): Field => bytes(field, cat(parts));

// --- ONNX messages ---
const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
type Attr = { name: string } & ({ i: number } | { ints: number[] } | { s: string });
function attribute(a: Attr): Field {
  if ('i' in a) return msg(5, str(1, a.name), int(3, a.i), int(20, 2));
  if ('s' in a) return msg(5, str(1, a.name), str(4, a.s), int(20, 3));
  return msg(5, str(1, a.name), ...a.ints.map((v) => int(8, v)), int(20, 7));
}
const node = (op: string, inputs: string[], outputs: string[], attrs: Attr[] = []): Field =>
  msg(1, ...inputs.map((x) => str(1, x)), ...outputs.map((x) => str(2, x)), str(3, `${op}_${outputs[0]}`), str(4, op), ...attrs.map(attribute));
function tensor(name: string, dims: number[], type: number, data: ArrayBufferView): Field {
  return msg(5, ...dims.map((d) => int(1, d)), int(2, type), str(8, name), bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
}
const valueInfo = (field: number, name: string, type: number, dims: (number | string)[]): Field =>
  msg(field, str(1, name), msg(2, msg(1, int(1, type), msg(2, ...dims.map((d) => (typeof d === 'number' ? msg(1, int(1, d)) : msg(1, str(2, d))))))));

/** Writes `out` (an ONNX file) for the tagger folder `modelDir`; returns its size in bytes. */
export function exportTaggerOnnx(modelDir: string, out: string): number {
  const json = JSON.parse(readFileSync(join(modelDir, MODEL_FILES.graph), 'utf8'));
  const meta = json.userDefinedMetadata as TaggerMetadata;
  if (meta.encoder !== 'bilstm') throw new Error(`ONNX export: only BiLSTM taggers (this one is ${meta.encoder})`);
  const labels = (JSON.parse(readFileSync(join(modelDir, MODEL_FILES.labels), 'utf8')) as LabelsFile).labels;
  const shards = Buffer.concat(json.weightsManifest[0].paths.map((p: string) => readFileSync(join(modelDir, p))));
  const w = rawWeights(shards.buffer.slice(shards.byteOffset, shards.byteOffset + shards.byteLength), json.weightsManifest[0].weights);
  const values = (name: string) => w.get(name)!.values();
  const H = meta.hidden;
  const N = labels.length;
  const I = meta.wordDim + meta.charFilters + meta.casingDim;
  const zeroRow0 = (t: Float32Array, dim: number) => (t.fill(0, 0, dim), t);
  // Conv weight [filters, charDim, 1, width] from the format's [width, charDim, filters].
  const filter = values('charFilter');
  const conv = new Float32Array(meta.charFilters * meta.charDim * meta.charWidth);
  for (let k = 0; k < meta.charWidth; k++) for (let d = 0; d < meta.charDim; d++) for (let f = 0; f < meta.charFilters; f++) conv[(f * meta.charDim + d) * meta.charWidth + k] = filter[(k * meta.charDim + d) * meta.charFilters + f];
  // ONNX LSTM: gates i, o, f, c; ours i, f, o, c (format.ts).
  const ours = [0, 2, 1, 3];
  const input = values('lstmInput'); // [I, 8H], column k·2H + d·H + u
  const rec = values('lstmRecurrent'); // [2, H, 4H], column k·H + u
  const bias = values('lstmBias');
  const W = new Float32Array(2 * 4 * H * I);
  const R = new Float32Array(2 * 4 * H * H);
  const B = new Float32Array(2 * 8 * H);
  for (let d = 0; d < 2; d++) {
    for (let g = 0; g < 4; g++) {
      for (let u = 0; u < H; u++) {
        const row = (d * 4 + g) * H + u;
        const col = ours[g] * 2 * H + d * H + u;
        for (let j = 0; j < I; j++) W[row * I + j] = input[j * 8 * H + col];
        for (let r = 0; r < H; r++) R[row * H + r] = rec[(d * H + r) * 4 * H + ours[g] * H + u];
        B[d * 8 * H + g * H + u] = bias[col];
      }
    }
  }
  const initializers = [
    tensor('word', [w.get('word')!.shape[0], meta.wordDim], FLOAT, zeroRow0(values('word'), meta.wordDim)),
    tensor('char', [w.get('char')!.shape[0], meta.charDim], FLOAT, zeroRow0(values('char'), meta.charDim)),
    tensor('casing', [casingRows(meta), meta.casingDim], FLOAT, zeroRow0(values('casing'), meta.casingDim)),
    tensor('conv', [meta.charFilters, meta.charDim, 1, meta.charWidth], FLOAT, conv),
    tensor('convBias', [meta.charFilters], FLOAT, values('charBias')),
    tensor('W', [2, 4 * H, I], FLOAT, W),
    tensor('R', [2, 4 * H, H], FLOAT, R),
    tensor('B', [2, 8 * H], FLOAT, B),
    tensor('out', [2 * H, N], FLOAT, values('out')),
    tensor('outBias', [N], FLOAT, values('outBias')),
    tensor('zero', [], INT64, new BigInt64Array([0n])),
    tensor('padScore', [], FLOAT, new Float32Array([-1e4])),
    tensor('minusOne', [], FLOAT, new Float32Array([-1])),
    tensor('axis1', [1], INT64, new BigInt64Array([1n])),
    tensor('bt2h', [3], INT64, new BigInt64Array([0n, 0n, -1n])),
  ];
  const half = Math.floor(meta.charWidth / 2);
  const nodes = [
    node('Gather', ['word', 'words'], ['wordVectors']),
    node('Gather', ['casing', 'casings'], ['casingVectors']),
    node('Gather', ['char', 'chars'], ['charVectors']), // [B, T, C, D]
    node('Transpose', ['charVectors'], ['charNchw'], [{ name: 'perm', ints: [0, 3, 1, 2] }]), // [B, D, T, C]
    node('Conv', ['charNchw', 'conv', 'convBias'], ['charConv'], [{ name: 'kernel_shape', ints: [1, meta.charWidth] }, { name: 'pads', ints: [0, half, 0, half] }]),
    node('Tanh', ['charConv'], ['charTanh']),
    node('Equal', ['chars', 'zero'], ['charPad']),
    node('Cast', ['charPad'], ['charPadF'], [{ name: 'to', i: FLOAT }]),
    node('Mul', ['charPadF', 'padScore'], ['charPadScore']),
    node('Unsqueeze', ['charPadScore', 'axis1'], ['charMask']), // [B, 1, T, C]
    node('Add', ['charTanh', 'charMask'], ['charMasked']),
    node('ReduceMax', ['charMasked'], ['charMax'], [{ name: 'axes', ints: [3] }, { name: 'keepdims', i: 0 }]), // [B, F, T]
    node('Max', ['charMax', 'minusOne'], ['charPooled']),
    node('Transpose', ['charPooled'], ['charFeatures'], [{ name: 'perm', ints: [0, 2, 1] }]), // [B, T, F]
    node('Concat', ['wordVectors', 'charFeatures', 'casingVectors'], ['features'], [{ name: 'axis', i: 2 }]),
    node('Transpose', ['features'], ['steps'], [{ name: 'perm', ints: [1, 0, 2] }]), // [T, B, I]
    node('Cast', ['lengths'], ['lengths32'], [{ name: 'to', i: INT32 }]),
    node('LSTM', ['steps', 'W', 'R', 'B', 'lengths32'], ['hidden'], [{ name: 'direction', s: 'bidirectional' }, { name: 'hidden_size', i: H }]), // [T, 2, B, H]
    node('Transpose', ['hidden'], ['hiddenBT'], [{ name: 'perm', ints: [2, 0, 1, 3] }]), // [B, T, 2, H]
    node('Reshape', ['hiddenBT', 'bt2h'], ['both']), // [B, T, 2H]
    node('MatMul', ['both', 'out'], ['scores']),
    node('Add', ['scores', 'outBias'], ['emissions']),
  ];
  const graph = msg(7, ...nodes, str(2, 'bioner-tagger'), ...initializers,
    valueInfo(11, 'words', INT64, ['batch', 'steps']), valueInfo(11, 'chars', INT64, ['batch', 'steps', 'charLen']),
    valueInfo(11, 'casings', INT64, ['batch', 'steps']), valueInfo(11, 'lengths', INT64, ['batch']),
    valueInfo(12, 'emissions', FLOAT, ['batch', 'steps', N]));
  const model = cat([int(1, 7), str(2, 'bioner-web tools/bench/export-onnx.ts'), graph, msg(8, str(1, ''), int(2, 14))]);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, model);
  return model.length;
}
