import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch } from './chromium.ts';
import type { ModelIndex } from '../src/model/format.ts';
import { EXAMPLE_TEXT } from '../src/ui/example.ts';
import { openPage, waitForModel } from './helpers.ts';

// The app's built-in example (several sentences; more than one window on a short-window BERT model).
const EXAMPLE_INPUT = EXAMPLE_TEXT;
// A fixed id sequence (any ids below the vocabulary size) for a raw argmax comparison between backends (BERT).
const PROBE_IDS = [101, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000, 13000, 14000, 15000, 102];
const index = JSON.parse(readFileSync('dist/models/index.json', 'utf8')) as ModelIndex;
const MODELS = [index.default, ...index.models.filter((m) => m.kind === 'bert' && m.id !== index.default).map((m) => m.id).slice(0, 1)];

interface Span {
  type: string;
  start: number;
  end: number;
  score: number;
}
interface Outcome {
  active: string;
  /** What ran the network (data-engine of the ready status): `kernel (…)` or `tfjs`. */
  engine: string;
  labelIds: number[] | null;
  spans: Span[];
}

let browser: Browser;
const results = new Map<string, Outcome>();

async function runOn(backend: string, model: string, query = '', text = EXAMPLE_INPUT): Promise<Outcome> {
  const isBert = index.models.find((m) => m.id === model)?.kind === 'bert';
  const { page, foreign, close } = await openPage(browser, backend, undefined, undefined, model, query);
  const active = await waitForModel(page, 300_000);
  const engine = (await page.getByTestId('model-ready').getAttribute('data-engine'))!;
  const out = await page.evaluate(async ([ids, text, probe]) => {
    const api = (window as unknown as { __bioner: { probe(ids: number[]): Promise<{ labelIds: number[] }>; tag(t: string[]): Promise<{ spans: Span[][] }> } }).__bioner;
    const labelIds = probe ? (await api.probe(ids as number[])).labelIds : null;
    const tagged = await api.tag([text as string]);
    return { labelIds, spans: tagged.spans[0] };
  }, [PROBE_IDS, text, isBert] as const);
  await close();
  assert.deepEqual(foreign, [], 'no request outside the origin');
  return { active, engine, ...out };
}

before(async () => {
  browser = await launch();
  for (const model of MODELS) results.set(model, await runOn('cpu', model));
});
after(async () => browser?.close());

for (const model of MODELS) {
  describe(`backends agree with cpu (${model})`, () => {
    it('cpu starts as cpu and finds entities in the example', () => {
      assert.equal(results.get(model)!.active, 'cpu');
      assert.ok(results.get(model)!.spans.length > 0);
    });
    for (const backend of ['wasm', 'webgl', 'webgpu']) {
      it(`${backend}: same spans (and raw argmax for BERT) as cpu, when it starts here`, async (t) => {
        const r = await runOn(backend, model);
        if (r.active !== backend) {
          t.skip(`${backend} did not start in this Chromium (fell back to ${r.active})`);
          return;
        }
        const cpu = results.get(model)!;
        assert.deepEqual(r.labelIds, cpu.labelIds);
        // Spans other than Species: those also come from the lexicon, there or not as it has loaded yet.
        const modelSpans = (s: Span[]) => s.filter((x) => x.type !== 'Species');
        const plain = (s: Span[]) => modelSpans(s).map(({ type, start, end }) => ({ type, start, end }));
        assert.deepEqual(plain(r.spans), plain(cpu.spans));
        // Scores are computed in float32 on different hardware paths: equal up to rounding.
        const cpuModel = modelSpans(cpu.spans);
        modelSpans(r.spans).forEach((s, i) => assert.ok(Math.abs(s.score - cpuModel[i].score) < 0.01, `score of ${s.start}-${s.end}`));
        const tagger = index.models.find((m) => m.id === model)?.kind === 'tagger';
        // On WebAssembly a tagger runs on the app's SIMD kernel (the relaxed-SIMD build where Chromium has it; a uint8
        // model on its int16 path); elsewhere on tfjs.
        assert.equal(r.engine, tagger && backend === 'wasm' ? 'kernel (relaxed-simd, int16)' : 'tfjs');
      });
    }
    if (index.models.find((m) => m.id === model)?.kind === 'tagger') {
      it('wasm: the SIMD kernel and tfjs ops on WebAssembly find the same spans in real abstracts', async () => {
        const abstracts = readFileSync('../shared/data/pubtator/BC5CDR/devel.PubTator.txt', 'utf8').split('\n')
          .filter((l) => /^\d+\|[ta]\|/.test(l)).slice(0, 12).map((l) => l.replace(/^\d+\|[ta]\|/, '')).join('\n');
        const kernel = await runOn('wasm', model, '', abstracts);
        const ops = await runOn('wasm', model, 'engine=tfjs', abstracts);
        assert.deepEqual([kernel.engine, ops.engine], ['kernel (relaxed-simd, int16)', 'tfjs']);
        // Spans other than Species: those also come from the lexicon, there or not as it has loaded yet.
        const plain = (s: Span[]) => s.filter((x) => x.type !== 'Species').map(({ type, start, end }) => ({ type, start, end }));
        assert.ok(kernel.spans.length > 30, `${kernel.spans.length} spans`);
        assert.deepEqual(plain(kernel.spans), plain(ops.spans));
        const opsModel = ops.spans.filter((x) => x.type !== 'Species');
        kernel.spans.filter((x) => x.type !== 'Species').forEach((s, i) => assert.ok(Math.abs(s.score - opsModel[i].score) < 1e-3, `score of ${s.start}-${s.end}`));
      });
    }
  });
}
