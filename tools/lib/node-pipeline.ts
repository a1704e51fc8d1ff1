import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadWordPiece } from '../../src/model/tokenizer.ts';
import { graphModelRunner, warmUp } from '../../src/model/runner.ts';
import type { ModelRunner } from '../../src/ner/pipeline.ts';
import type { WordPieceModel } from '../../src/ner/tokenize.ts';
import type { ModelMetadata } from '../../src/model/format.ts';
import { loadModelFromDir } from './fs-model.ts';

export type NodeBackend = 'cpu' | 'wasm';

export const DEFAULT_MODEL_DIR = 'public/models/bioner-small';

/** The app's pipeline in Node: tfjs graph model on the cpu or wasm backend and the model folder's tokenizer. */
export async function loadNodePipeline(modelDir: string, backend: NodeBackend): Promise<{ runner: ModelRunner; wordpiece: WordPieceModel; meta: ModelMetadata; dispose: () => void }> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await tf.ready();
  const dir = resolve(modelDir);
  const { model, labels, meta } = await loadModelFromDir(dir);
  const wordpiece = await loadWordPiece(basename(dir), dirname(dir));
  const runner = graphModelRunner(model, labels, meta.maxLength);
  await warmUp(runner, wordpiece.clsId, wordpiece.sepId);
  return { runner, wordpiece, meta, dispose: () => model.dispose() };
}
