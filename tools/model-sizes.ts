/**
 * npm run model-sizes -- [--layers 12 --hidden 768 --heads 12 --intermediate 3072 --vocab 28996]
 *
 * Writes a random checkpoint of the given BERT shape (BioBERT-base by default), converts it under each
 * quantization, and prints the download size and the Node load time (load + first forward pass) of each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { QUANTIZATIONS } from '../src/model/format.ts';
import { convertCheckpoint } from './convert/convert.ts';
import { loadNodePipeline } from './lib/node-pipeline.ts';
import { writeRandomCheckpoint } from './lib/random-checkpoint.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run model-sizes -- [--layers 12 --hidden 768 --heads 12 --intermediate 3072 --vocab 28996]';

const { values } = parseCli(USAGE, {
  options: {
    layers: { type: 'string', default: '12' },
    hidden: { type: 'string', default: '768' },
    heads: { type: 'string', default: '12' },
    intermediate: { type: 'string', default: '3072' },
    vocab: { type: 'string', default: '28996' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const root = mkdtempSync(join(tmpdir(), 'model-sizes-'));
try {
  const vocabSize = Number(values.vocab);
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...Array.from({ length: vocabSize - 5 }, (_, i) => `tok${i}`)];
  const ckpt = join(root, 'ckpt');
  const t0 = performance.now();
  writeRandomCheckpoint(ckpt, {
    hidden: Number(values.hidden), layers: Number(values.layers), heads: Number(values.heads),
    intermediate: Number(values.intermediate), maxPositions: 512, vocab,
  });
  console.log(`random checkpoint: ${values.layers} layers, hidden ${values.hidden}, vocab ${vocabSize} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log('| quantization | download (MB) | weight shards | convert (s) | Node load + first pass (s), ' + values.backend + ' |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const q of QUANTIZATIONS) {
    const out = join(root, `model-${q}`);
    const c0 = performance.now();
    const r = convertCheckpoint(ckpt, out, { quantization: q });
    const convertS = (performance.now() - c0) / 1000;
    const shards = Object.keys(r.files).filter((f) => f.endsWith('.bin')).length;
    const l0 = performance.now();
    const p = await loadNodePipeline(out, values.backend as 'wasm' | 'cpu');
    const loadS = (performance.now() - l0) / 1000;
    p.dispose();
    console.log(`| ${q} | ${(r.downloadBytes / 1e6).toFixed(1)} | ${shards} | ${convertS.toFixed(1)} | ${loadS.toFixed(1)} |`);
    console.log(`  (tensors left after dispose: ${tf.memory().numTensors})`);
    rmSync(out, { recursive: true, force: true });
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
