import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { forwardBackward, spanProbability, viterbi, type CrfParams } from '../src/ner/crf.ts';
import { pretokenize } from '../src/ner/pretokenize.ts';
import { splitSentences } from '../src/ner/sentences.ts';
import { casing, clipChars, TaggerVocab, wordKey } from '../src/ner/tagger-features.ts';
import { buildBatch, tagWithTagger, type EmissionRunner } from '../src/ner/tagger-pipeline.ts';
import { buildTextTagger } from '../src/model/text-tagger.ts';
import { taggerStyles, withTaggerStyle } from '../src/model/tagger-style.ts';
import { convertTagger } from '../tools/convert/tagger.ts';
import { addStyleHead } from '../tools/convert/add-style-head.ts';
import { rawWeights } from '../src/model/weight-data.ts';
import { readModelDir } from '../tools/lib/fs-model.ts';
import { DICTIONARY_TYPES, type TaggerMetadata } from '../src/model/format.ts';
import { Dictionary } from '../src/ner/dictionary-features.ts';
import { prng } from '../tools/lib/random-checkpoint.ts';

const LABELS = ['O', 'B-Chemical', 'I-Chemical', 'B-Disease', 'I-Disease'];

describe('tagger features agree with the trainer', () => {
  const fixture = JSON.parse(readFileSync('tests/fixtures/tagger-python-features.json', 'utf8')) as { word: string; key: string; casing: string; chars: string[] }[];
  it.each(fixture.map((f) => [f.word, f] as const))('%j', (word, f) => {
    expect(wordKey(word)).toBe(f.key);
    expect(casing(word)).toBe(f.casing);
    expect(clipChars(word, 24)).toEqual(f.chars);
  });
});

/** A random CRF with IOB2 moves forbidden the trainer's way (-1e4). */
function randomCrf(seed: number): CrfParams {
  const r = prng(seed);
  const n = LABELS.length;
  const tr = new Float32Array(n * n).map(() => r() * 2 - 1);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (LABELS[j].startsWith('I-') && LABELS[i].slice(2) !== LABELS[j].slice(2)) tr[i * n + j] = -1e4;
  const start = new Float32Array(n).map((_, j) => (LABELS[j].startsWith('I-') ? -1e4 : r() - 0.5));
  return { n, transitions: tr, start, end: new Float32Array(n).map(() => r() - 0.5) };
}

function allPaths(T: number, n: number): number[][] {
  if (T === 0) return [[]];
  return allPaths(T - 1, n).flatMap((p) => Array.from({ length: n }, (_, j) => [...p, j]));
}

function pathScore(p: number[], em: Float32Array, crf: CrfParams): number {
  let s = crf.start[p[0]] + crf.end[p[p.length - 1]];
  p.forEach((j, t) => (s += em[t * crf.n + j] + (t ? crf.transitions[p[t - 1] * crf.n + j] : 0)));
  return s;
}

describe('CRF decoding', () => {
  const T = 5;
  const crf = randomCrf(11);
  const r = prng(5);
  const em = new Float32Array(T * crf.n).map(() => r() * 4 - 2);
  const e = { data: em, offset: 0, length: T };
  const paths = allPaths(T, crf.n);
  const scores = paths.map((p) => pathScore(p, em, crf));
  const Z = scores.reduce((a, s) => a + Math.exp(s), 0);

  it('Viterbi finds the best-scoring sequence', () => {
    const best = paths[scores.indexOf(Math.max(...scores))];
    expect([...viterbi(e, crf)]).toEqual(best);
  });

  it('forward-backward gives log Z', () => {
    expect(forwardBackward(e, crf).logZ).toBeCloseTo(Math.log(Z), 4);
  });

  it("a span's probability is the mass of the sequences holding exactly that span", () => {
    const fb = forwardBackward(e, crf);
    for (const [s, last] of [[0, 0], [1, 3], [3, 4], [0, 4]]) {
      const mass = paths.reduce((a, p, k) => {
        const inside = p[s] === 3 && p.slice(s + 1, last + 1).every((j) => j === 4);
        const closed = last + 1 >= T || p[last + 1] !== 4;
        return a + (inside && closed ? Math.exp(scores[k]) : 0);
      }, 0);
      expect(spanProbability(e, crf, fb, s, last, 3, 4)).toBeCloseTo(mass / Z, 5);
    }
  });
});

describe('sentences', () => {
  const split = (text: string) => {
    const words = pretokenize(text);
    return splitSentences(text, words).map((s) => text.slice(words[s.start].start, words[s.end - 1].end));
  };
  it('cuts after a full stop before a capital, not after et al. or e.g.', () => {
    expect(split('Smith et al. Found it. We saw e.g. Aspirin here. 3 mice died')).toEqual(['Smith et al. Found it.', 'We saw e.g. Aspirin here.', '3 mice died']);
  });
  it('never cuts inside a number', () => {
    expect(split('Doses of 2.5 mg and 0.5 mg. The p value was 0 . 05 here')).toEqual(['Doses of 2.5 mg and 0.5 mg.', 'The p value was 0 . 05 here']);
  });
  it('never cuts a tokenized name at a spaced period before a digit, and still ends a sentence before one', () => {
    expect(split('binding of PU . 1 to DNA')).toEqual(['binding of PU . 1 to DNA']);
    expect(split('It was bound by PU. 12 mice died')).toEqual(['It was bound by PU.', '12 mice died']);
  });
  it('cuts at line breaks and caps the length', () => {
    expect(split('Title line\nAbstract text')).toEqual(['Title line', 'Abstract text']);
    const words = pretokenize('a '.repeat(310));
    expect(splitSentences('a '.repeat(310), words, 150).map((s) => s.end - s.start)).toEqual([150, 150, 10]);
  });
});

describe('tagger pipeline', () => {
  const vocab = new TaggerVocab(['<pad>', '<unk>', 'aspirin', 'causes', 'headache'], ['<pad>', '<unk>', 'a', 's'], 24);

  it('batches sentences padded to the longest, with ids, casings and characters', () => {
    const text = 'Aspirin causes headache. Zz';
    const words = [pretokenize(text)];
    const b = buildBatch([{ text: 0, sentence: { start: 0, end: 4 } }, { text: 0, sentence: { start: 4, end: 5 } }], words, vocab);
    expect([b.batch, b.steps, b.charLen]).toEqual([2, 4, 8]);
    expect([...b.words]).toEqual([2, 3, 4, 1, 1, 0, 0, 0]);
    expect([...b.lengths]).toEqual([4, 1]);
    expect([...b.chars.subarray(0, 8)]).toEqual([1, 3, 1, 1, 1, 1, 1, 0]);
  });

  it('turns emissions into spans with offsets and marginal scores, sentence by sentence', async () => {
    // A fake network: "headache" is a Disease, "aspirin" a Chemical, with clear margins.
    const runner: EmissionRunner = {
      labels: LABELS,
      crf: { n: 5, transitions: randomCrf(1).transitions.map((v) => (v < -1 ? v : 0)), start: new Float32Array([0, 0, -1e4, 0, -1e4]), end: new Float32Array(5) },
      async emissions(b) {
        const out = new Float32Array(b.batch * b.steps * 5);
        for (let i = 0; i < b.batch * b.steps; i++) out[i * 5 + (b.words[i] === 4 ? 3 : b.words[i] === 2 ? 1 : 0)] = 8;
        return out;
      },
    };
    const text = 'Aspirin causes headache.\nHeadache again and aspirin';
    const [spans] = await tagWithTagger([text], vocab, runner);
    expect(spans.map((s) => [s.type, s.text, text.slice(s.start, s.end)])).toEqual([
      ['Chemical', 'Aspirin', 'Aspirin'], ['Disease', 'headache', 'headache'], ['Disease', 'Headache', 'Headache'], ['Chemical', 'aspirin', 'aspirin'],
    ]);
    for (const s of spans) expect(s.score).toBeGreaterThan(0.99);
  });

  it('leaves symbols and emoji at a span\'s ends out of it, and drops a span of nothing else', async () => {
    // A fake network that calls every unknown word a Disease.
    const runner: EmissionRunner = {
      labels: LABELS,
      crf: { n: 5, transitions: new Float32Array(25), start: new Float32Array(5), end: new Float32Array(5) },
      async emissions(b) {
        const out = new Float32Array(b.batch * b.steps * 5);
        for (let i = 0; i < b.batch * b.steps; i++) out[i * 5 + (b.words[i] === 1 ? 3 : 0)] = 8;
        return out;
      },
    };
    const text = 'aspirin causes Zz😀 and ©Yy® headache ™';
    const [spans] = await tagWithTagger([text], vocab, runner);
    expect(spans.map((s) => [s.type, s.text, text.slice(s.start, s.end)])).toEqual([['Disease', 'Zz', 'Zz'], ['Disease', 'and', 'and'], ['Disease', 'Yy', 'Yy']]);
  });
});

/** The emissions a converted tagger computes for the fixture's three sentences (one batch), rows in sentence order. */
async function fixtureEmissions(assets: ReturnType<typeof readModelDir>, sentences: string[][]): Promise<number[][][]> {
  const L = assets.labels.length;
  let got: Float32Array | null = null;
  let steps = 0;
  const tagger = await buildTextTagger(assets, (call) => async (...args) => {
    const r = await call(...args);
    const b = args[0] as { batch: number; steps: number };
    if (b.batch === 3) [got, steps] = [r as Float32Array, b.steps];
    return r;
  });
  // Sentences on lines of their own: one batch of three, longest first.
  await tagger.tag([sentences.map((s) => s.join(' ')).join('\n')]);
  tagger.dispose();
  if (!got) throw new Error('no batch of three');
  const order = sentences.map((_, i) => i).sort((a, b) => sentences[b].length - sentences[a].length);
  const out: number[][][] = [];
  order.forEach((s, row) => (out[s] = sentences[s].map((_, t) => Array.from(got!.subarray((row * steps + t) * L, (row * steps + t + 1) * L)))));
  return out;
}

function maxDifference(a: number[][][], b: number[][][]): number {
  let d = 0;
  a.forEach((s, i) => s.forEach((row, t) => row.forEach((v, l) => (d = Math.max(d, Math.abs(v - b[i][t][l]))))));
  return d;
}

describe.each(['tiny-tagger', 'tiny-tagger-idcnn', 'tiny-tagger-styled', 'tiny-tagger-dictionary'])('converted tagger in tfjs (%s)', (fixture) => {
  let dir: string;
  const expected = JSON.parse(readFileSync(`tests/fixtures/${fixture}/expected.json`, 'utf8')) as {
    sentences: string[][]; emissions: number[][][]; viterbi: number[][]; emissionsByStyle?: Record<string, number[][][]>;
    patterns?: number[][];
  };
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'tagger-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const quantization of ['none', 'uint8'] as const) {
    const tolerance = quantization === 'none' ? 1e-4 : 0.15;
    it(`computes PyTorch's emissions (${quantization})`, async () => {
      const out = join(dir, quantization);
      convertTagger(`tests/fixtures/${fixture}`, out, { quantization });
      const assets = readModelDir(out);
      const base = tf.memory().numTensors;
      const got = await fixtureEmissions(assets, expected.sentences);
      expect(maxDifference(expected.emissions, got)).toBeLessThan(tolerance);
      expect(tf.memory().numTensors).toBe(base);
    });

    if (expected.patterns) {
      it(`reads the dictionary the trainer's features came from (${quantization})`, async () => {
        const out = join(dir, `dictionary-${quantization}`);
        convertTagger(`tests/fixtures/${fixture}`, out, { quantization });
        const assets = readModelDir(out);
        const meta = assets.artifacts.userDefinedMetadata as unknown as TaggerMetadata;
        expect(meta.dictionary?.types).toEqual(DICTIONARY_TYPES);
        const dict = Dictionary.fromBytes(assets.dictionary!, meta.dictionary!.types);
        expect(expected.sentences.map((s) => Array.from(dict.patternsOf(s)))).toEqual(expected.patterns);
        // the fixture's sentences hit the dictionary, so the emissions above depend on it
        expect(expected.patterns!.flat().some((p) => p > 0)).toBe(true);
        await expect(buildTextTagger({ ...assets, dictionary: undefined })).rejects.toThrow(/no dictionary file/);
      });
    }

    if (expected.emissionsByStyle) {
      it(`tags in another convention with that style's offset, and only then (${quantization})`, async () => {
        const out = join(dir, `styled-${quantization}`);
        convertTagger(`tests/fixtures/${fixture}`, out, { quantization });
        const assets = readModelDir(out);
        expect(taggerStyles(assets.artifacts)).toEqual(['Other']);
        const before = new Uint8Array(assets.artifacts.weightData as ArrayBuffer).slice();
        const styled = { ...assets, artifacts: withTaggerStyle(assets.artifacts, 'Other') };
        // the shipped weights are left as they are
        expect(new Uint8Array(assets.artifacts.weightData as ArrayBuffer)).toEqual(before);
        const other = expected.emissionsByStyle!.Other;
        expect(maxDifference(other, await fixtureEmissions(styled, expected.sentences))).toBeLessThan(tolerance);
        expect(maxDifference(other, expected.emissions)).toBeGreaterThan(0.1);
        expect(() => withTaggerStyle(assets.artifacts, 'BC2GM')).toThrow(/no "BC2GM" style/);
      });

      it(`tags with a style's own output layer and CRF where it has one (${quantization})`, async () => {
        const out = join(dir, `style-head-${quantization}`);
        convertTagger(`tests/fixtures/${fixture}`, out, { quantization });
        const plain = readModelDir(out);
        const meta = plain.artifacts.userDefinedMetadata as unknown as TaggerMetadata;
        const raw = rawWeights(plain.artifacts.weightData as ArrayBuffer, plain.artifacts.weightSpecs!);
        const [rows, labels] = raw.get('out')!.shape;
        const outValues = raw.get('out')!.values();
        // Twice the shipped layer: the styled emissions must be exactly twice the style's plain ones.
        const crf = { ...meta.crf, end: meta.crf.end.map((v, i) => v + i + 1) };
        const head = {
          style: 'Other', offset: meta.styles!.Other,
          out: Array.from({ length: rows }, (_, r) => Array.from(outValues.subarray(r * labels, (r + 1) * labels), (v) => 2 * v)),
          outBias: Array.from(raw.get('outBias')!.values(), (v) => 2 * v), crf,
        };
        writeFileSync(join(dir, 'head.json'), JSON.stringify(head));
        addStyleHead(join(dir, 'head.json'), out);
        const assets = readModelDir(out); // files.json still matches every file
        expect(assets.artifacts.weightData).toEqual(plain.artifacts.weightData);
        const styled = withTaggerStyle(assets.artifacts, 'Other');
        expect((styled.userDefinedMetadata as unknown as TaggerMetadata).crf).toEqual(crf);
        expect((assets.artifacts.userDefinedMetadata as unknown as TaggerMetadata).crf).toEqual(meta.crf);
        const doubled = expected.emissionsByStyle!.Other.map((s) => s.map((row) => row.map((v) => 2 * v)));
        const got = await fixtureEmissions({ ...assets, artifacts: styled }, expected.sentences);
        expect(maxDifference(doubled, got)).toBeLessThan(2 * tolerance);
        expect(maxDifference(expected.emissionsByStyle!.Other, got)).toBeGreaterThan(0.1);
        // a head of the wrong size is refused and leaves the folder as it was
        writeFileSync(join(dir, 'bad-head.json'), JSON.stringify({ ...head, outBias: head.outBias.slice(1) }));
        const before = readFileSync(join(out, 'model.json'), 'utf8');
        expect(() => addStyleHead(join(dir, 'bad-head.json'), out)).toThrow(/outBias must hold/);
        expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe(before);
      });
    }
  }
});
