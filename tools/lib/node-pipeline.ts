import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { modelKindOf, type ModelIndex } from '../../src/model/format.ts';
import { buildTextTagger, type TextTagger } from '../../src/model/text-tagger.ts';
import { loadWordPiece } from '../../src/model/tokenizer.ts';
import { readModelDir } from './fs-model.ts';

export type NodeBackend = 'cpu' | 'wasm';

/** The app's default model (public/models/index.json). */
export const DEFAULT_MODEL_DIR = join('public/models', (JSON.parse(readFileSync('public/models/index.json', 'utf8')) as ModelIndex).default);

/** The app's pipeline in Node: a model folder of either kind on tfjs's cpu or wasm backend. */
export async function loadNodePipeline(modelDir: string, backend: NodeBackend): Promise<TextTagger> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await tf.ready();
  const dir = resolve(modelDir);
  const assets = readModelDir(dir);
  const wordpiece = modelKindOf(assets.artifacts.format) === 'bert' ? await loadWordPiece(basename(dir), dirname(dir)) : undefined;
  return buildTextTagger({ ...assets, wordpiece });
}
