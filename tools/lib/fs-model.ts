import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { MODEL_FILES, type LabelsFile, type ModelMetadata } from '../../src/model/format.ts';

/** A tfjs IOHandler that reads a model folder from disk (tfjs-core alone has no file:// loader). */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(readFileSync(join(dir, MODEL_FILES.graph), 'utf8'));
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

export async function loadModelFromDir(dir: string): Promise<{ model: GraphModel; labels: string[]; meta: ModelMetadata }> {
  const model = await loadGraphModel(fileSystemHandler(dir));
  const labels = (JSON.parse(readFileSync(join(dir, MODEL_FILES.labels), 'utf8')) as LabelsFile).labels;
  return { model, labels, meta: model.metadata as ModelMetadata };
}
