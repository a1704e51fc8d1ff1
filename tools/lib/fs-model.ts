import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { MODEL_FILES, modelArtifacts, type LabelsFile, type ModelMetadata, type TaggerMetadata, type TaggerVocabFile } from '../../src/model/format.ts';

/** A model folder read from disk (tfjs-core alone has no file:// loader): what the worker's fetchModel gives. */
export function readModelDir(dir: string): { artifacts: tf.io.ModelArtifacts; labels: string[]; vocab?: TaggerVocabFile; dictionary?: Uint8Array } {
  const json = JSON.parse(readFileSync(join(dir, MODEL_FILES.graph), 'utf8'));
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const labels = (JSON.parse(readFileSync(join(dir, MODEL_FILES.labels), 'utf8')) as LabelsFile).labels;
  const vocabPath = join(dir, MODEL_FILES.vocab);
  const dictionaryFile = (json.userDefinedMetadata as Partial<TaggerMetadata> | undefined)?.dictionary?.file;
  return {
    labels,
    dictionary: dictionaryFile ? new Uint8Array(readFileSync(join(dir, dictionaryFile))) : undefined,
    vocab: existsSync(vocabPath) ? (JSON.parse(readFileSync(vocabPath, 'utf8')) as TaggerVocabFile) : undefined,
    artifacts: modelArtifacts(json, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)),
  };
}

/** A BERT model folder as a tfjs graph model (the converter's tests run it directly). */
export async function loadModelFromDir(dir: string): Promise<{ model: GraphModel; labels: string[]; meta: ModelMetadata }> {
  const { artifacts, labels } = readModelDir(dir);
  const model = await loadGraphModel(tf.io.fromMemory(artifacts));
  return { model, labels, meta: model.metadata as ModelMetadata };
}
