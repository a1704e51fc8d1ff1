import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch } from './chromium.ts';
import { EXAMPLE_TEXT } from '../src/ui/example.ts';
import { openPage, waitForModel } from './helpers.ts';

// Long enough for several windows, tagged one window per model call, so the loss lands mid-job.
const TEXT = [EXAMPLE_TEXT, EXAMPLE_TEXT, EXAMPLE_TEXT].join('\n\n');

interface Span {
  type: string;
  start: number;
  end: number;
}
interface Api {
  tag(texts: string[], batchSize?: number): Promise<{ spans: Span[][] }>;
  loseDevice(): void;
}

let browser: Browser;
let reference: Span[];

async function openOn(backend: string) {
  const opened = await openPage(browser, backend);
  return { ...opened, active: await waitForModel(opened.page, 300_000) };
}

before(async () => {
  browser = await launch();
  const { page, close } = await openOn('wasm');
  reference = await page.evaluate(async (text) => (await (window as unknown as { __bioner: Api }).__bioner.tag([text], 1)).spans[0], TEXT);
  await close();
});
after(async () => browser?.close());

describe('GPU device loss in the middle of a job', () => {
  for (const backend of ['webgl', 'webgpu']) {
    it(`${backend}: falls back to the next backend, says so, and finishes the job with the same spans`, async (t) => {
      const { page, foreign, active, close } = await openOn(backend);
      if (active !== backend) {
        t.skip(`${backend} did not start in this Chromium (fell back to ${active})`);
        await close();
        return;
      }
      const spans = await page.evaluate(async (text) => {
        const api = (window as unknown as { __bioner: Api }).__bioner;
        const job = api.tag([text], 1);
        api.loseDevice(); // reaches the worker while the job runs: the worker handles it at once, like cancel
        return (await job).spans[0];
      }, TEXT);
      // The next backend in the order: WebGPU falls back to WebGL, WebGL to WebAssembly.
      const next = backend === 'webgpu' ? 'webgl' : 'wasm';
      const status = page.getByTestId('model-ready');
      await page.waitForFunction((b) => document.querySelector('[data-testid=model-ready]')?.getAttribute('data-backend') === b, next);
      // The header names the lost backend as skipped, with a reason (in whatever words the browser gave it).
      const skipped = status.locator('[title]');
      assert.match((await skipped.textContent())!, backend === 'webgl' ? /WebGL/ : /WebGPU/);
      assert.ok((await skipped.getAttribute('title'))!.trim().length > 0, 'a reason is given');
      assert.ok(reference.length > 0);
      // Spans other than Species: those also come from the lexicon, there or not as it has loaded yet.
      const plain = (x: typeof spans) => x.filter((s) => s.type !== 'Species').map(({ type, start, end }) => ({ type, start, end }));
      assert.deepEqual(plain(spans), plain(reference));
      assert.deepEqual(foreign, []);
      await close();
    });
  }
});
