/**
 * A BiLSTM tagger made to tag in another corpus's annotation convention: its `styles[name]` offset
 * (TaggerMetadata.styles) added to the `lstmBias` weight. Only the evaluation tools use this (BC2GM is scored in
 * BC2GM's convention); the app always runs the model as shipped, in NCBI's convention.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TaggerMetadata } from './format.ts';
import { bytesPerValue } from './weight-data.ts';

/** The style names a model's metadata offers (none for BERT models and taggers trained without styles). */
export function taggerStyles(artifacts: tf.io.ModelArtifacts): string[] {
  const meta = artifacts.userDefinedMetadata as Partial<TaggerMetadata> | undefined;
  return meta?.kind === 'tagger' && meta.styles ? Object.keys(meta.styles) : [];
}

/** A copy of the artifacts whose `lstmBias` carries the named style's offset; the input is left as it is. */
export function withTaggerStyle(artifacts: tf.io.ModelArtifacts, style: string): tf.io.ModelArtifacts {
  const meta = artifacts.userDefinedMetadata as Partial<TaggerMetadata> | undefined;
  const offset = meta?.kind === 'tagger' ? meta.styles?.[style] : undefined;
  if (!offset) throw new Error(`the model has no "${style}" style (it offers: ${taggerStyles(artifacts).join(', ') || 'none'})`);
  if (!(artifacts.weightData instanceof ArrayBuffer) || !artifacts.weightSpecs) throw new Error('the model\'s weights are not one buffer');
  let start = 0;
  for (const spec of artifacts.weightSpecs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.name === 'lstmBias') {
      if (spec.quantization || spec.dtype !== 'float32') throw new Error('lstmBias is not stored as float32');
      if (size !== offset.length) throw new Error(`style "${style}" has ${offset.length} values for lstmBias's ${size}`);
      const data = artifacts.weightData.slice(0);
      // after uint8 weights the bias need not be 4-byte aligned: a DataView reads it anywhere (little-endian, as tfjs stores it)
      const view = new DataView(data, start, size * 4);
      for (let i = 0; i < size; i++) view.setFloat32(4 * i, view.getFloat32(4 * i, true) + offset[i], true);
      return { ...artifacts, weightData: data };
    }
    start += size * bytesPerValue(spec);
  }
  throw new Error('the model has no lstmBias weight');
}
