import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { MAX_SHARD_BYTES, MODEL_FILES, type FileManifest } from '../src/model/format.ts';
import { convertCheckpoint } from '../tools/convert/convert.ts';
import { ConversionError } from '../tools/convert/errors.ts';
import { writeSafetensors } from '../tools/convert/safetensors.ts';
import { toFloat16 } from '../tools/convert/weights.ts';
import { loadModelFromDir } from '../tools/lib/fs-model.ts';
import { referenceLogits } from './helpers/reference-bert.ts';
import { prng, writeRandomCheckpoint } from '../tools/lib/random-checkpoint.ts';

let root: string;
let ckptDir: string;
let ckpt: ReturnType<typeof writeRandomCheckpoint>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'convert-test-'));
  ckptDir = join(root, 'ckpt');
  ckpt = writeRandomCheckpoint(ckptDir, { hidden: 32, layers: 2, heads: 4, maxPositions: 64 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Two sequences, the second padded, with random ids. */
function batchInputs(vocabSize: number, lengths = [19, 11], width = 19) {
  const rand = prng(7);
  const ids = lengths.map((n) => Array.from({ length: width }, (_, i) => (i < n ? 2 + Math.floor(rand() * (vocabSize - 2)) : 0)));
  const mask = lengths.map((n) => Array.from({ length: width }, (_, i) => (i < n ? 1 : 0)));
  return { ids, mask };
}

async function runGraph(dir: string, ids: number[][], mask: number[][], tokenTypes?: number[][]) {
  const { model } = await loadModelFromDir(dir);
  const feeds: Record<string, tf.Tensor> = { input_ids: tf.tensor2d(ids, undefined, 'int32'), attention_mask: tf.tensor2d(mask, undefined, 'int32') };
  if (tokenTypes) feeds.token_type_ids = tf.tensor2d(tokenTypes, undefined, 'int32');
  const out = model.execute(feeds, 'logits') as tf.Tensor;
  const logits = (await out.array()) as number[][][];
  tf.dispose([out, ...Object.values(feeds)]);
  model.dispose();
  return logits;
}

function compare(dir: string, logits: number[][][], ids: number[][], mask: number[][]) {
  let maxDiff = 0;
  let agree = 0;
  let total = 0;
  ids.forEach((row, b) => {
    const n = mask[b].reduce((a, v) => a + v, 0);
    const ref = referenceLogits(ckpt.config, ckpt.tensors, row.slice(0, n));
    for (let p = 0; p < n; p++) {
      ref[p].forEach((v, l) => (maxDiff = Math.max(maxDiff, Math.abs(v - logits[b][p][l]))));
      const argmax = (a: number[]) => a.indexOf(Math.max(...a));
      agree += Number(argmax(ref[p]) === argmax(logits[b][p].slice(0, ref[p].length)));
      total++;
    }
  });
  return { maxDiff, agreement: agree / total, dir };
}

describe('converter', () => {
  it('unquantized graph matches the float32 reference within 1e-4, padded rows included', async () => {
    const out = join(root, 'none');
    convertCheckpoint(ckptDir, out, { quantization: 'none' });
    const { ids, mask } = batchInputs(46);
    const logits = await runGraph(out, ids, mask);
    expect(logits.length).toBe(2);
    expect(logits[0].length).toBe(19);
    expect(logits[0][0].length).toBe(7);
    const { maxDiff } = compare(out, logits, ids, mask);
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
  });

  it('accepts any sequence length up to the maximum and an explicit token_type_ids', async () => {
    const out = join(root, 'none-seq');
    convertCheckpoint(ckptDir, out, { quantization: 'none' });
    const { ids, mask } = batchInputs(46, [64], 64);
    const zeros = ids.map((r) => r.map(() => 0));
    const withTypes = await runGraph(out, ids, mask, zeros);
    const { maxDiff } = compare(out, withTypes, ids, mask);
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
  });

  for (const quantization of ['uint8', 'float16'] as const) {
    it(`${quantization} weights keep argmax agreement of at least 99%`, async () => {
      const out = join(root, quantization);
      convertCheckpoint(ckptDir, out, { quantization });
      const { ids, mask } = batchInputs(46, [64, 40, 25], 64);
      const logits = await runGraph(out, ids, mask);
      const { maxDiff, agreement } = compare(out, logits, ids, mask);
      console.log(`${quantization}: argmax agreement ${(agreement * 100).toFixed(1)}%, max |logit diff| ${maxDiff.toExponential(2)}`);
      expect(agreement).toBeGreaterThanOrEqual(0.99);
      const spec = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).weightsManifest[0].weights
        .find((w: { name: string }) => w.name === 'embeddings/word_embeddings');
      expect(spec.quantization.dtype).toBe(quantization);
    });
  }

  it('writes every file of the format with a manifest whose sha256 and sizes match', () => {
    const out = join(root, 'files');
    convertCheckpoint(ckptDir, out, { quantization: 'uint8' });
    const manifest = JSON.parse(readFileSync(join(out, MODEL_FILES.manifest), 'utf8')) as FileManifest;
    for (const f of [MODEL_FILES.graph, MODEL_FILES.labels, MODEL_FILES.tokenizer, MODEL_FILES.tokenizerConfig]) {
      expect(manifest.files[f], f).toBeDefined();
    }
    for (const [name, { bytes, sha256 }] of Object.entries(manifest.files)) {
      const body = readFileSync(join(out, name));
      expect(body.length).toBe(bytes);
      expect(createHash('sha256').update(body).digest('hex')).toBe(sha256);
      if (name.endsWith('.bin')) expect(body.length).toBeLessThanOrEqual(MAX_SHARD_BYTES);
    }
    const card = readFileSync(join(out, MODEL_FILES.card), 'utf8');
    expect(card).toContain(manifest.files[MODEL_FILES.graph].sha256);
    expect(JSON.parse(readFileSync(join(out, MODEL_FILES.labels), 'utf8')).labels).toEqual(
      ['O', 'B-Chemical', 'I-Chemical', 'B-Disease', 'I-Disease', 'B-Gene', 'I-Gene']);
  });

  it('splits weights over several shards of at most 4 MB', async () => {
    const dir = join(root, 'big-ckpt');
    const big = writeRandomCheckpoint(dir, { hidden: 256, layers: 2, heads: 4, maxPositions: 128 });
    const out = join(root, 'big');
    convertCheckpoint(dir, out, { quantization: 'none' });
    const shards = readdirSync(out).filter((f) => f.endsWith('.bin'));
    expect(shards.length).toBeGreaterThan(1);
    const { ids, mask } = batchInputs(46, [12], 12);
    const logits = await runGraph(out, ids, mask);
    const ref = referenceLogits(big.config, big.tensors, ids[0]);
    const diff = Math.max(...ref.flatMap((r, p) => r.map((v, l) => Math.abs(v - logits[0][p][l]))));
    expect(diff).toBeLessThanOrEqual(1e-4);
  });
});

describe('converter errors', () => {
  const broken = (name: string, edit: (dir: string) => void) => {
    const dir = join(root, `broken-${name}`);
    writeRandomCheckpoint(dir);
    edit(dir);
    return dir;
  };
  const expectFailure = (dir: string, message: RegExp) => {
    const out = join(root, `out-${Math.random().toString(36).slice(2)}`);
    expect(() => convertCheckpoint(dir, out, { quantization: 'uint8' })).toThrowError(ConversionError);
    expect(() => convertCheckpoint(dir, out, { quantization: 'uint8' })).toThrowError(message);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).some((f) => f.includes('.tmp-'))).toBe(false);
  };

  it('names a missing tensor', () => {
    const dir = broken('missing', (d) => {
      const { tensors } = writeRandomCheckpoint(d);
      delete tensors['bert.encoder.layer.1.attention.self.key.weight'];
      writeFileSync(join(d, 'model.safetensors'), writeSafetensors(tensors));
    });
    expectFailure(dir, /encoder\.layer\.1\.attention\.self\.key\.weight.*missing/);
  });

  it('names a misshaped tensor with both shapes', () => {
    const dir = broken('shape', (d) => {
      const { tensors } = writeRandomCheckpoint(d);
      tensors['classifier.weight'] = { shape: [5, 32], data: new Float32Array(160) };
      writeFileSync(join(d, 'model.safetensors'), writeSafetensors(tensors));
    });
    expectFailure(dir, /classifier\.weight.*\[5,32\].*\[7,32\]/);
  });

  it('rejects an unsupported architecture', () => {
    const dir = broken('arch', (d) => {
      const cfg = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
      writeFileSync(join(d, 'config.json'), JSON.stringify({ ...cfg, model_type: 'roberta' }));
    });
    expectFailure(dir, /model_type "roberta"/);
  });

  it('rejects a config without id2label', () => {
    const dir = broken('labels', (d) => {
      const cfg = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
      delete cfg.id2label;
      writeFileSync(join(d, 'config.json'), JSON.stringify(cfg));
    });
    expectFailure(dir, /id2label/);
  });

  it('rejects a malformed safetensors file and a truncated one', () => {
    expectFailure(broken('garbage', (d) => writeFileSync(join(d, 'model.safetensors'), 'not a safetensors file')), /model\.safetensors/);
    expectFailure(broken('truncated', (d) => {
      const bytes = readFileSync(join(d, 'model.safetensors'));
      writeFileSync(join(d, 'model.safetensors'), bytes.subarray(0, bytes.length - 100));
    }), /does not match shape|outside the file/);
  });

  it('rejects a missing vocab.txt and a malformed config.json', () => {
    expectFailure(broken('novocab', (d) => rmSync(join(d, 'vocab.txt'))), /vocab\.txt is missing/);
    expectFailure(broken('badjson', (d) => writeFileSync(join(d, 'config.json'), '{"hidden_size": 32,')), /config\.json: not valid JSON/);
  });

  it('leaves an existing model folder untouched when a conversion fails', () => {
    const out = join(root, 'keep');
    convertCheckpoint(ckptDir, out, { quantization: 'uint8' });
    const before = readFileSync(join(out, MODEL_FILES.graph));
    const dir = broken('keep', (d) => rmSync(join(d, 'model.safetensors')));
    expect(() => convertCheckpoint(dir, out, { quantization: 'uint8' })).toThrowError(/model\.safetensors is missing/);
    expect(readFileSync(join(out, MODEL_FILES.graph)).equals(before)).toBe(true);
  });
});

describe('float16 encoding', () => {
  it('rounds to nearest even and handles subnormals, infinities and overflow', () => {
    expect(toFloat16(1)).toBe(0x3c00);
    expect(toFloat16(-2)).toBe(0xc000);
    expect(toFloat16(65504)).toBe(0x7bff);
    expect(toFloat16(1e6)).toBe(0x7c00);
    expect(toFloat16(2 ** -24)).toBe(0x0001);
    expect(toFloat16(1 + 2 ** -11)).toBe(0x3c00); // tie -> even
    expect(toFloat16(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie -> even (up)
  });
});
