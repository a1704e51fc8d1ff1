import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { modelKindOf, type ModelIndex } from '../../src/model/format.ts';
import { buildTextTagger, type TextTagger } from '../../src/model/text-tagger.ts';
import type { TaggerEngine } from '../../src/model/backend-names.ts';
import { compileKernel, type CompiledKernel } from '../../src/model/kernel/load-kernel.ts';
import { loadWordPiece } from '../../src/model/tokenizer.ts';
import { withTaggerStyle } from '../../src/model/tagger-style.ts';
import { readModelDir } from './fs-model.ts';

export type NodeBackend = 'cpu' | 'wasm';

/** The app's default model (public/models/index.json). */
export const DEFAULT_MODEL_DIR = join('public/models', (JSON.parse(readFileSync('public/models/index.json', 'utf8')) as ModelIndex).default);

const KERNEL_DIR = resolve(dirname(new URL(import.meta.url).pathname), '../../src/model/kernel/build');

/** The tagger kernel as the app compiles it (the fastest build this Node validates), from `npm run build:kernel`'s output. */
export function nodeKernel(): Promise<CompiledKernel | null> {
  return compileKernel(async (file) => {
    try {
      return readFileSync(join(KERNEL_DIR, file));
    } catch {
      throw new Error(`the tagger kernel ${join(KERNEL_DIR, file)} is missing: run npm run build:kernel`);
    }
  });
}

/**
 * The app's pipeline in Node: a model folder of either kind on tfjs's cpu or wasm backend; a BiLSTM tagger
 * on the wasm backend runs on the WebAssembly kernel, as in the app, unless `engine` is 'tfjs'. `style` names
 * one of a tagger's other conventions (tagger-style.ts), for scoring a corpus in its own.
 */
export async function loadNodePipeline(modelDir: string, backend: NodeBackend, engine: TaggerEngine = 'kernel', style?: string): Promise<TextTagger> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await tf.ready();
  const dir = resolve(modelDir);
  const read = readModelDir(dir);
  const assets = style ? { ...read, artifacts: withTaggerStyle(read.artifacts, style) } : read;
  const wordpiece = modelKindOf(assets.artifacts.format) === 'bert' ? await loadWordPiece(basename(dir), dirname(dir)) : undefined;
  const kernel = backend === 'wasm' && engine === 'kernel' ? await nodeKernel() : null;
  return buildTextTagger({ ...assets, wordpiece }, undefined, kernel);
}
