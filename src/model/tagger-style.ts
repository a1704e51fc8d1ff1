/**
 * A BiLSTM tagger made to tag in another corpus's annotation convention: its `styles[name]` offset
 * (TaggerMetadata.styles) added to the `lstmBias` weight, and, where the model has one, that style's own output
 * layer and CRF (TaggerMetadata.styleHeads) in place of `out`, `outBias` and `crf`. Only the evaluation tools
 * use this (BC2GM is scored in BC2GM's convention); the app always runs the model as shipped, in NCBI's convention.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TaggerMetadata, TaggerStyleHead } from './format.ts';
import { bytesPerValue } from './weight-data.ts';

/** The style names a model's metadata offers (none for BERT models and taggers trained without styles). */
export function taggerStyles(artifacts: tf.io.ModelArtifacts): string[] {
  const meta = artifacts.userDefinedMetadata as Partial<TaggerMetadata> | undefined;
  return meta?.kind === 'tagger' && meta.styles ? Object.keys(meta.styles) : [];
}

/**
 * A copy of the artifacts that tags in the named style: `lstmBias` carries its offset and, where the style has
 * a head, `out` and `outBias` are its own (stored float32) and so is the metadata's `crf`. The input is left as it is.
 */
export function withTaggerStyle(artifacts: tf.io.ModelArtifacts, style: string): tf.io.ModelArtifacts {
  const meta = artifacts.userDefinedMetadata as Partial<TaggerMetadata> | undefined;
  const offset = meta?.kind === 'tagger' ? meta.styles?.[style] : undefined;
  if (!offset) throw new Error(`the model has no "${style}" style (it offers: ${taggerStyles(artifacts).join(', ') || 'none'})`);
  if (!(artifacts.weightData instanceof ArrayBuffer) || !artifacts.weightSpecs) throw new Error('the model\'s weights are not one buffer');
  const head = meta?.styleHeads?.[style];
  const replaced = head ? headWeights(head) : new Map<string, Float32Array>();
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  let start = 0;
  let biased = false;
  for (const spec of artifacts.weightSpecs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = size * bytesPerValue(spec);
    const stored = new Uint8Array(artifacts.weightData, start, bytes);
    start += bytes;
    const own = replaced.get(spec.name);
    if (own) {
      if (own.length !== size) throw new Error(`style "${style}" has ${own.length} values for ${spec.name}'s ${size}`);
      specs.push({ name: spec.name, shape: spec.shape, dtype: 'float32' });
      parts.push(littleEndian(own));
      continue;
    }
    specs.push(spec);
    if (spec.name !== 'lstmBias') {
      parts.push(stored);
      continue;
    }
    if (spec.quantization || spec.dtype !== 'float32') throw new Error('lstmBias is not stored as float32');
    if (size !== offset.length) throw new Error(`style "${style}" has ${offset.length} values for lstmBias's ${size}`);
    const data = stored.slice();
    // after uint8 weights the bias need not be 4-byte aligned: a DataView reads it anywhere (little-endian, as tfjs stores it)
    const view = new DataView(data.buffer);
    for (let i = 0; i < size; i++) view.setFloat32(4 * i, view.getFloat32(4 * i, true) + offset[i], true);
    parts.push(data);
    biased = true;
  }
  if (!biased) throw new Error('the model has no lstmBias weight');
  for (const name of replaced.keys()) {
    if (!specs.some((s) => s.name === name)) throw new Error(`the model has no ${name} weight for style "${style}"`);
  }
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    weightData.set(p, at);
    at += p.length;
  }
  return {
    ...artifacts,
    weightSpecs: specs,
    weightData: weightData.buffer,
    ...(head ? { userDefinedMetadata: { ...artifacts.userDefinedMetadata, crf: head.crf } } : {}),
  };
}

/** The head's `out` [2·hidden, labels] row by row and `outBias`, as the weights of those names hold them. */
function headWeights(head: TaggerStyleHead): Map<string, Float32Array> {
  return new Map([
    ['out', Float32Array.from(head.out.flat())],
    ['outBias', Float32Array.from(head.outBias)],
  ]);
}

function littleEndian(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return out;
}
