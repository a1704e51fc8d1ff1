/**
 * The WebAssembly SIMD kernel (src/model/kernel): its GEMM against a plain loop over a grid of shapes, and the
 * whole network against the tfjs runner (the reference) on the tiny fixture and the shipped model: float32
 * emissions within 1e-4, the int16 path's (a uint8 model's codes, int16 activations) within 1e-3 (it measured
 * 2.5e-4 at most on the bench's 14,418 words), identical Viterbi labels. Both builds (SIMD128 and relaxed-SIMD
 * FMA) are run: vitest.config.ts starts Node with relaxed SIMD enabled.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { HEAP_BASE, instantiateKernel, kernelRunner, packGemm16Nr8, packGemmNr8, warmUpKernel } from '../src/model/kernel/bilstm-kernel.ts';
import { KERNEL_VARIANTS, supportedKernelVariant } from '../src/model/kernel/variants.ts';
import type { ModelIndex, TaggerMetadata } from '../src/model/format.ts';
import { checkTaggerWeights, taggerRunner } from '../src/model/tagger-runner.ts';
import { viterbi } from '../src/ner/crf.ts';
import { buildBatch, planTaggerBatches, type EmissionRunner, type TaggerBatch } from '../src/ner/tagger-pipeline.ts';
import { buildTextTagger, taggerVocab } from '../src/model/text-tagger.ts';
import { convertTagger } from '../tools/convert/tagger.ts';
import { splitRecurrent } from '../tools/convert/split-recurrent.ts';
import { readModelDir } from '../tools/lib/fs-model.ts';
import { nodeKernel } from '../tools/lib/node-pipeline.ts';
import { prng } from '../tools/lib/random-checkpoint.ts';

const modules = KERNEL_VARIANTS.map((v) => ({ ...v, module: new WebAssembly.Module(readFileSync(`src/model/kernel/build/${v.file}`)) }));

/** Worst |a − b| over the real words of every row, with where it is. */
function worstDiff(a: Float32Array, b: Float32Array, batch: TaggerBatch, labels: number): { diff: number; at: string } {
  let diff = 0;
  let at = '';
  for (let r = 0; r < batch.batch; r++) {
    for (let t = 0; t < batch.lengths[r]; t++) {
      for (let l = 0; l < labels; l++) {
        const i = (r * batch.steps + t) * labels + l;
        const d = Math.abs(a[i] - b[i]);
        if (!(d <= diff)) [diff, at] = [d, `row ${r}, word ${t}, label ${l}: ${a[i]} vs ${b[i]}`];
      }
    }
  }
  return { diff, at };
}

function labelsOf(e: Float32Array, batch: TaggerBatch, runner: EmissionRunner): number[][] {
  const n = runner.labels.length;
  return Array.from({ length: batch.batch }, (_, r) => [...viterbi({ data: e, offset: r * batch.steps * n, length: batch.lengths[r] }, runner.crf)]);
}

describe('the kernel build in use', () => {
  it('is the relaxed-SIMD one where the engine validates it (this test process enables it)', () => {
    expect(supportedKernelVariant()).toBe('relaxed-simd');
  });
});

describe.each(modules)('gemm ($name)', ({ module }) => {
  // m around the 4-row tile, n around the 8-column panel (padded by the packer), k from 1 past the unrolled 4.
  const shapes: [number, number, number][] = [];
  for (const m of [1, 2, 3, 4, 5, 9]) for (const n of [7, 8, 9, 17]) for (const k of [1, 3, 4, 5, 12, 150]) shapes.push([m, n, k]);
  it.each(shapes)('m %i, n %i, k %i against a plain loop', async (m, n, k) => {
    const x = await instantiateKernel(module);
    const r = prng(m * 1000 + n * 10 + k);
    const a = Float32Array.from({ length: m * k }, () => r() * 2 - 1);
    const b = Float32Array.from({ length: k * n }, () => r() * 2 - 1);
    const init = Float32Array.from({ length: m * 8 * Math.ceil(n / 8) }, () => r() * 2 - 1);
    const np = 8 * Math.ceil(n / 8);
    const packed = packGemmNr8(b, k, n);
    const bytes = 4 * (a.length + packed.length + init.length + m * np + m) + 64;
    x.memory.grow(Math.ceil((HEAP_BASE + bytes) / 65536));
    const at = { a: HEAP_BASE, b: HEAP_BASE + 4 * a.length, init: HEAP_BASE + 4 * (a.length + packed.length) };
    const c = at.init + 4 * init.length;
    const ptrs = c + 4 * m * np;
    new Float32Array(x.memory.buffer, at.a, a.length).set(a);
    new Float32Array(x.memory.buffer, at.b, packed.length).set(packed);
    new Float32Array(x.memory.buffer, at.init, init.length).set(init);
    new Int32Array(x.memory.buffer, ptrs, m).set(Array.from({ length: m }, (_, i) => at.init + 4 * i * np));
    x.gemm(at.a, k, m, k, at.b, np, c, np, ptrs);
    const got = new Float32Array(x.memory.buffer, c, m * np);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let ref = init[i * np + j];
        for (let kk = 0; kk < k; kk++) ref += a[i * k + kk] * b[kk * n + j];
        const tol = 1e-5 + 1e-5 * Math.abs(ref);
        if (!(Math.abs(got[i * np + j] - ref) <= tol)) expect.fail(`C[${i}][${j}] of ${m}×${k}·${k}×${n}: ${got[i * np + j]}, plain loop ${ref}`);
      }
    }
  });
});

describe.each(modules)('gemm16, the int16 path ($name)', ({ module }) => {
  const shapes: [number, number, number][] = [];
  for (const m of [1, 3, 4, 5, 9]) for (const n of [8, 16, 32, 40]) for (const k of [1, 2, 3, 8, 150, 200]) shapes.push([m, n, k]);
  it.each(shapes)('m %i, n %i, k %i against a plain loop, with each row\'s scale and offset', async (m, n, k) => {
    const x = await instantiateKernel(module);
    const r = prng(m * 7919 + n * 31 + k);
    const k2 = Math.ceil(k / 2);
    const a = Int16Array.from({ length: m * 2 * k2 }, (_, i) => (i % (2 * k2) < k ? Math.round((r() * 2 - 1) * 32767) : 0));
    const b = Int16Array.from({ length: k * n }, () => Math.round(r() * 255) - 128);
    const init = Float32Array.from({ length: m * n }, () => r() * 2 - 1);
    const scale = Float32Array.from({ length: m }, () => r() * 1e-6);
    const offset = Float32Array.from({ length: m }, () => r() - 0.5);
    const packed = packGemm16Nr8(b, k, n);
    const at = { a: HEAP_BASE, b: HEAP_BASE + 2 * a.length + 16 };
    const i0 = at.b + 2 * packed.length + 16;
    const c = i0 + 4 * init.length;
    const ptrs = c + 4 * m * n;
    const sc = ptrs + 4 * m;
    const of = sc + 4 * m;
    x.memory.grow(Math.ceil((of + 4 * m) / 65536));
    new Int16Array(x.memory.buffer, at.a, a.length).set(a);
    new Int16Array(x.memory.buffer, at.b, packed.length).set(packed);
    new Float32Array(x.memory.buffer, i0, init.length).set(init);
    new Int32Array(x.memory.buffer, ptrs, m).set(Array.from({ length: m }, (_, i) => i0 + 4 * i * n));
    new Float32Array(x.memory.buffer, sc, m).set(scale);
    new Float32Array(x.memory.buffer, of, m).set(offset);
    x.gemm16(at.a, 2 * k2, m, k2, at.b, n, c, n, ptrs, sc, of);
    const got = new Float32Array(x.memory.buffer, c, m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let kk = 0; kk < k; kk++) dot += a[i * 2 * k2 + kk] * b[kk * n + j];
        const ref = init[i * n + j] + scale[i] * dot + offset[i];
        if (!(Math.abs(got[i * n + j] - ref) <= 1e-5 + 1e-5 * Math.abs(ref))) expect.fail(`C[${i}][${j}] of ${m}×${k}·${k}×${n}: ${got[i * n + j]}, plain loop ${ref}`);
      }
    }
  });
});

describe.each([
  ['tiny-tagger', 'none'], ['tiny-tagger', 'uint8'], ['tiny-tagger-dictionary', 'none'], ['tiny-tagger-dictionary', 'uint8'],
] as const)('the kernel and the tfjs runner on the fixture %s (%s)', (fixture, quantization) => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'kernel-test-'));
    convertTagger(`tests/fixtures/${fixture}`, dir, { quantization });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const expected = JSON.parse(readFileSync(`tests/fixtures/${fixture}/expected.json`, 'utf8')) as { sentences: string[][]; emissions: number[][][] };

  it.each(modules.map((m) => [m.name, m] as const))('%s: same emissions and labels; PyTorch\'s within 1e-4 unquantized', async (_, { module, name }) => {
    const assets = readModelDir(dir);
    const meta = assets.artifacts.userDefinedMetadata as unknown as TaggerMetadata;
    const weights = checkTaggerWeights(tf.io.decodeWeights(assets.artifacts.weightData as ArrayBuffer, assets.artifacts.weightSpecs!), meta, assets.labels.length);
    const ref = taggerRunner(weights, meta, assets.labels);
    const kernel = await kernelRunner(module, name, assets.artifacts.weightData as ArrayBuffer, assets.artifacts.weightSpecs!, meta, assets.labels);
    const vocab = taggerVocab(assets, meta);
    const text = expected.sentences.map((s) => s.join(' ')).join('\n');
    const { words, batches } = planTaggerBatches([text]);
    const batch = buildBatch(batches[0], words, vocab);
    const [a, b] = [await ref.emissions(batch), await kernel.emissions(batch)];
    const { diff, at } = worstDiff(a, b, batch, assets.labels.length);
    expect(diff, at).toBeLessThan(1e-4);
    expect(labelsOf(b, batch, kernel)).toEqual(labelsOf(a, batch, ref));
    if (quantization === 'none') {
      const order = expected.sentences.map((_, i) => i).sort((x, y) => expected.sentences[y].length - expected.sentences[x].length);
      let worst = 0;
      order.forEach((s, row) => expected.emissions[s].forEach((ls, t) => ls.forEach((v, l) => (worst = Math.max(worst, Math.abs(v - b[(row * batch.steps + t) * ls.length + l]))))));
      expect(worst).toBeLessThan(1e-4);
    }
    ref.dispose?.();
    Object.values(weights).forEach((t) => t.dispose());
  });
});

// Every shipped tagger, the default first (its dictionary features change the casing rows the kernel reads).
const SHIPPED_TAGGERS = (JSON.parse(readFileSync('public/models/index.json', 'utf8')) as ModelIndex).models
  .filter((m) => m.kind === 'tagger').map((m) => m.id);

describe.each(SHIPPED_TAGGERS)('the kernel and the tfjs runner on the shipped model %s', (id) => {
  const assets = readModelDir(`public/models/${id}`);
  const meta = assets.artifacts.userDefinedMetadata as unknown as TaggerMetadata;
  const vocab = taggerVocab(assets, meta);
  // Abstracts of the BC5CDR devel split (real words, long and one-word sentences, odd characters).
  const texts = readFileSync('../shared/data/pubtator/BC5CDR/devel.PubTator.txt', 'utf8').split('\n')
    .filter((l) => l.includes('|a|')).slice(0, 5).map((l) => l.slice(l.indexOf('|a|') + 3));
  texts.push('Zz\nA\n' + 'x'.repeat(40) + ' β-blockers (Ca²⁺) 5-HT₃ — ok .');
  let ref: EmissionRunner;
  let weights: Record<string, tf.Tensor>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    weights = checkTaggerWeights(tf.io.decodeWeights(assets.artifacts.weightData as ArrayBuffer, assets.artifacts.weightSpecs!), meta, assets.labels.length);
    ref = taggerRunner(weights, meta, assets.labels);
  });
  afterAll(() => {
    ref.dispose?.();
    Object.values(weights).forEach((t) => t.dispose());
  });

  const cases = modules.flatMap((m) => [[m.name, 'f32', 1e-4, m], [m.name, 'int16', 1e-3, m]] as const);
  it.each(cases)('%s, %s: emissions within %s, the same labels, in one chunk or many', async (_, precision, bound, { module, name }) => {
    const whole = await kernelRunner(module, name, assets.artifacts.weightData as ArrayBuffer, assets.artifacts.weightSpecs!, meta, assets.labels, undefined, precision === 'int16');
    expect(whole.precision).toBe(precision);
    // Chunks of at most 40 words: sentences split over several kernel calls must not change a score.
    const chunked = await kernelRunner(module, name, assets.artifacts.weightData as ArrayBuffer, assets.artifacts.weightSpecs!, meta, assets.labels, 40, precision === 'int16');
    let words = 0;
    for (const text of texts) {
      const { words: ws, batches } = planTaggerBatches([text]);
      for (const jobs of batches) {
        const batch = buildBatch(jobs, ws, vocab);
        const a = await ref.emissions(batch);
        for (const k of [whole, chunked]) {
          const b = await k.emissions(batch);
          const { diff, at } = worstDiff(a, b, batch, assets.labels.length);
          expect(diff, at).toBeLessThan(bound);
          expect(labelsOf(b, batch, k)).toEqual(labelsOf(a, batch, ref));
        }
        words += batch.lengths.reduce((n, l) => n + l, 0);
      }
    }
    expect(words).toBeGreaterThan(400);
  });

  it('warms up on short calls and keeps its memory flat over repeated calls', async () => {
    const k = await kernelRunner(modules[0].module, modules[0].name, assets.artifacts.weightData as ArrayBuffer, assets.artifacts.weightSpecs!, meta, assets.labels);
    await warmUpKernel(k, 3);
    const { words: ws, batches } = planTaggerBatches([texts[0]]);
    const batch = buildBatch(batches[0], ws, vocab);
    const first = await k.emissions(batch);
    const bytes = k.memoryBytes();
    for (let i = 0; i < 20; i++) await k.emissions(batch);
    expect(k.memoryBytes()).toBe(bytes);
    expect(await k.emissions(batch)).toEqual(first);
  });

  it('is what buildTextTagger runs when given a kernel, with the same spans as tfjs', async () => {
    const kernel = await nodeKernel();
    expect(kernel?.variant).toBe('relaxed-simd');
    const onKernel = await buildTextTagger(assets, undefined, kernel);
    const onTfjs = await buildTextTagger(assets);
    expect([onKernel.engine, onKernel.engineDetail, onTfjs.engine]).toEqual(['kernel', 'kernel (relaxed-simd, int16)', 'tfjs']);
    const some = [texts[0], texts.at(-1)!];
    const [a, b] = [await onKernel.tag(some), await onTfjs.tag(some)];
    const strip = (spans: typeof a) => spans.map((s) => s.map(({ type, start, end }) => [type, start, end]));
    expect(strip(a)).toEqual(strip(b));
    expect(a.flat().length).toBeGreaterThan(5);
    onKernel.dispose();
    onTfjs.dispose();
  });
});

describe('zero means zero in the recurrent matrices', () => {
  it('npm run convert -- --split-recurrent turns the earlier block-diagonal layout into the same bytes as a fresh conversion', () => {
    const dir = mkdtempSync(join(tmpdir(), 'split-test-'));
    try {
      const fresh = join(dir, 'fresh');
      convertTagger('tests/fixtures/tiny-tagger', fresh, { quantization: 'uint8' });
      const json = JSON.parse(readFileSync(join(fresh, 'model.json'), 'utf8'));
      const specs = json.weightsManifest[0].weights as { name: string; shape: number[]; quantization?: { min: number; scale: number } }[];
      const data = Buffer.concat(json.weightsManifest[0].paths.map((p: string) => readFileSync(join(fresh, p))));
      // Rebuild the earlier format: one [2H, 8H] matrix, the other direction's blocks holding uint8's nearest code to 0.
      const spec = specs.find((s) => s.name === 'lstmRecurrent')!;
      const H = spec.shape[1];
      const offset = specs.slice(0, specs.indexOf(spec)).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (s.quantization ? 1 : 4), 0);
      const codes = data.subarray(offset, offset + 2 * H * 4 * H);
      const zero = Math.round(-spec.quantization!.min / spec.quantization!.scale);
      const old = new Uint8Array(2 * H * 8 * H).fill(zero);
      for (let d = 0; d < 2; d++) for (let r = 0; r < H; r++) for (let k = 0; k < 4; k++) old.set(codes.subarray((d * H + r) * 4 * H + k * H, (d * H + r) * 4 * H + (k + 1) * H), (d * H + r) * 8 * H + k * 2 * H + d * H);
      const legacy = join(dir, 'legacy');
      convertTagger('tests/fixtures/tiny-tagger', legacy, { quantization: 'uint8' });
      const oldData = Buffer.concat([data.subarray(0, offset), old, data.subarray(offset + codes.length)]);
      for (const p of json.weightsManifest[0].paths) rmSync(join(legacy, p));
      writeFileSync(join(legacy, 'group1-shard1of1.bin'), oldData);
      spec.shape = [2 * H, 8 * H];
      json.weightsManifest[0].paths = ['group1-shard1of1.bin'];
      json.userDefinedMetadata.parameters += 2 * H * 4 * H;
      writeFileSync(join(legacy, 'model.json'), JSON.stringify(json));
      splitRecurrent(legacy);
      const after = JSON.parse(readFileSync(join(legacy, 'model.json'), 'utf8'));
      expect(after.weightsManifest).toEqual(JSON.parse(readFileSync(join(fresh, 'model.json'), 'utf8')).weightsManifest);
      expect(after.userDefinedMetadata.parameters).toBe(JSON.parse(readFileSync(join(fresh, 'model.json'), 'utf8')).userDefinedMetadata.parameters);
      for (const p of after.weightsManifest[0].paths) expect(readFileSync(join(legacy, p)).equals(readFileSync(join(fresh, p)))).toBe(true);
      expect(() => splitRecurrent(legacy)).toThrow(/nothing to split/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
