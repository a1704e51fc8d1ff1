import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch } from './chromium.ts';
import { EXAMPLE_TEXT } from '../src/ui/example.ts';
import { openPage, waitForModel } from './helpers.ts';

// The app's built-in example (several sentences, more than one window on a short-window model).
const EXAMPLE_INPUT = EXAMPLE_TEXT;
// A fixed id sequence (any ids below the vocabulary size) for a raw argmax comparison between backends.
const PROBE_IDS = [101, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000, 13000, 14000, 15000, 102];

interface Outcome {
  active: string;
  labelIds: number[];
  spans: unknown;
}

let browser: Browser;
const results = new Map<string, Outcome>();

async function runOn(backend: string): Promise<Outcome> {
  const { page, foreign, close } = await openPage(browser, backend);
  const active = await waitForModel(page, 300_000);
  const out = await page.evaluate(async ([ids, text]) => {
    const api = (window as unknown as { __bioner: { probe(ids: number[]): Promise<{ labelIds: number[] }>; tag(t: string[]): Promise<{ spans: unknown[] }> } }).__bioner;
    const probe = await api.probe(ids as number[]);
    const tagged = await api.tag([text as string]);
    return { labelIds: probe.labelIds, spans: tagged.spans[0] };
  }, [PROBE_IDS, EXAMPLE_INPUT] as const);
  await close();
  assert.deepEqual(foreign, [], 'no request outside the origin');
  return { active, ...out };
}

before(async () => {
  browser = await launch();
  results.set('cpu', await runOn('cpu'));
});
after(async () => browser?.close());

describe('backends agree with cpu', () => {
  it('cpu starts as cpu', () => {
    assert.equal(results.get('cpu')!.active, 'cpu');
  });
  for (const backend of ['wasm', 'webgl', 'webgpu']) {
    it(`${backend}: same argmax and spans as cpu, when it starts here`, async (t) => {
      const r = await runOn(backend);
      if (r.active !== backend) {
        t.skip(`${backend} did not start in this Chromium (fell back to ${r.active})`);
        return;
      }
      const cpu = results.get('cpu')!;
      assert.deepEqual(r.labelIds, cpu.labelIds);
      assert.deepEqual((r.spans as { type: string; start: number; end: number }[]).map(({ type, start, end }) => ({ type, start, end })),
        (cpu.spans as { type: string; start: number; end: number }[]).map(({ type, start, end }) => ({ type, start, end })));
    });
  }
});
