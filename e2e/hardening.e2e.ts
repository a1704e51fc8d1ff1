import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launch } from './chromium.ts';
import { hugeTextFileDrop, openPage, renderedSpans, shownText, tagText, waitForModel, type OpenedPage } from './helpers.ts';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function openApp(setup?: (page: Page) => Promise<void>, options?: BrowserContextOptions): Promise<OpenedPage> {
  return openPage(browser, 'wasm', setup, options);
}

describe('failures and bad input', () => {
  for (const [what, mutate, message] of [
    ['corrupted', (b: Buffer) => { const c = Buffer.from(b); c[c.length >> 1] ^= 0xff; return c; }, /corrupted \(sha256 mismatch\)/],
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 1000), /has \d+ bytes, expected \d+/],
  ] as const) {
    it(`detects a ${what} model shard, says so, uses nothing of it, and loads after Retry`, async () => {
      // No service worker here: its precache fetches the shards itself, past page.route.
      const { page, foreign, close } = await openApp(async (p) => {
        await p.route('**/models/*/group1-shard1of*.bin', async (route) => {
          const res = await route.fetch();
          // The original Content-Length would promise bytes a truncated body does not have.
          const headers = { ...res.headers() };
          delete headers['content-length'];
          await route.fulfill({ status: res.status(), headers, body: mutate(await res.body()) });
        });
      }, { serviceWorkers: 'block' });
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 120_000 });
      assert.match((await alert.textContent())!, message);
      assert.equal(await page.getByTestId('model-ready').count(), 0, 'no half-loaded model is used');
      await page.unrouteAll();
      await page.getByRole('button', { name: 'Retry' }).click();
      await waitForModel(page);
      assert.deepEqual(foreign, []);
      await close();
    });
  }

  it('survives a worker crash: says so, keeps the text and results, and restarts', async () => {
    const { page, close } = await openApp();
    await waitForModel(page);
    const text = 'Cisplatin caused nephrotoxicity in BRCA1 carriers.';
    const before = await tagText(page, text);
    // An uncaught error inside the worker, as a crash or an out-of-memory abort would surface.
    await page.workers()[0].evaluate(() => setTimeout(() => { throw new Error('simulated worker crash'); }));
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.textContent())!, /tagging worker stopped/);
    assert.equal(await page.getByLabel('Text to tag').inputValue(), text);
    assert.equal(await page.locator('[data-testid=highlighted] mark.ent').count(), before.length);
    await page.getByRole('button', { name: 'Restart' }).click();
    await waitForModel(page);
    await page.getByLabel('Text to tag').press('Control+Enter');
    await page.locator('li.current[data-status=done]').waitFor({ timeout: 60_000 });
    await close();
  });

  it('refuses binary files by name and still opens the text files dropped with them', async () => {
    const { page, close } = await openApp();
    await waitForModel(page);
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])], 'figure.png'));
      d.items.add(new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])], 'papers.zip'));
      d.items.add(new File([new Uint8Array([0x61, 0xff, 0xfe, 0x62])], 'latin1.txt'));
      d.items.add(new File(['Aspirin and asthma.'], 'good.txt'));
      return d;
    });
    await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
    const notice = page.getByTestId('notice');
    await page.locator('[data-testid=doc-item]', { hasText: 'good.txt' }).waitFor();
    const said = (await notice.textContent())!;
    assert.match(said, /figure\.png: it is a PNG image/);
    assert.match(said, /papers\.zip: it is a ZIP archive/);
    assert.match(said, /latin1\.txt: it is not valid UTF-8/);
    assert.match(said, /1 document\(s\) added/);
    await close();
  });

  // What the design guarantees, whatever the machine's load: the tagging runs in the worker, in chunks, and the
  // page takes input while it runs. How long the main thread's tasks are is a speed figure: `npm run bench`.
  it('tags a 10 MB file in chunks with progress and a working Cancel, and takes input while it runs', async () => {
    const { page, close } = await openApp();
    await waitForModel(page);
    await page.dispatchEvent('.app', 'drop', { dataTransfer: await hugeTextFileDrop(page) });
    const item = page.locator('[data-testid=doc-item]', { hasText: 'huge.txt' });
    await item.locator('progress').waitFor({ timeout: 60_000 });
    const progressAt = async () => Number(await item.locator('progress').getAttribute('value'));
    const first = await progressAt();
    await page.waitForFunction((p0) => Number(document.querySelector('[data-testid=doc-item] progress')?.getAttribute('value') ?? 0) > p0, first, { timeout: 120_000 });
    // The page takes input while the worker runs: a new document is made and typed into, and the big file is
    // still being tagged afterwards (so the input did not wait for the job).
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByLabel('Text to tag').fill('typing while a 10 MB file is tagged');
    assert.equal(await page.getByLabel('Text to tag').inputValue(), 'typing while a 10 MB file is tagged');
    assert.equal(await item.getAttribute('data-status'), 'tagging');
    assert.ok((await progressAt()) < 1);
    await page.getByRole('button', { name: 'huge.txt', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid=doc-item][data-status=cancelled]', { hasText: 'huge.txt' }).waitFor({ timeout: 30_000 });
    await close();
  });

  it('decodes a UTF-16 file with a BOM and CRLF, and puts highlights on the right characters around emoji, combining and zero-width characters and a 20,000-letter DNA word', async () => {
    const { page, close } = await openApp();
    await waitForModel(page);
    const dna = 'ACGT'.repeat(5000);
    const text = `🧬🧪 Patients given tamoxifen\r\nhad fewer breast cancers (n\u0301 = 12).\rSequence ${dna} was read.\r\nZero\u200bwidth aside, cisplatin caused nephrotoxicity 😀 in BRCA1 carriers.`;
    const dt = await page.evaluateHandle((t) => {
      const bytes = new Uint8Array(2 + 2 * t.length);
      bytes[0] = 0xff; // UTF-16 LE byte-order mark
      bytes[1] = 0xfe;
      for (let i = 0; i < t.length; i++) {
        bytes[2 + 2 * i] = t.charCodeAt(i) & 0xff;
        bytes[3 + 2 * i] = t.charCodeAt(i) >> 8;
      }
      const d = new DataTransfer();
      d.items.add(new File([bytes], 'utf16.txt', { type: 'text/plain' }));
      return d;
    }, text);
    await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
    await page.locator('[data-testid=doc-item][data-status=done]', { hasText: 'utf16.txt' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'utf16.txt', exact: true }).click();
    assert.equal(await shownText(page), text, 'decoded exactly, CRLF and lone CR kept');
    const spans = await renderedSpans(page);
    for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text, `highlight ${JSON.stringify(s)} sits on its own characters`);
    const at = (word: string) => spans.find((s) => s.text === word && s.start === text.indexOf(word));
    assert.equal(at('tamoxifen')?.type, 'Chemical');
    assert.equal(at('cisplatin')?.type, 'Chemical', 'found after the DNA word and a zero-width character');
    assert.equal(at('BRCA1')?.type, 'Gene', 'found after an emoji');
    await close();
  });

  it('keeps the documents across a reload, and Clear removes them', async () => {
    const { page, close } = await openApp();
    await waitForModel(page);
    const text = 'Methotrexate for rheumatoid arthritis.';
    await tagText(page, text);
    await page.waitForTimeout(800); // saving is debounced
    await page.reload();
    await waitForModel(page);
    await page.locator('[data-testid=doc-item][data-status=done]').first().waitFor();
    // The tagged document is back, open as it was; the empty one the page started with is not kept.
    assert.equal(await page.getByTestId('doc-item').count(), 1);
    assert.equal(await page.getByLabel('Text to tag').inputValue(), text);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForTimeout(800);
    await page.reload();
    await waitForModel(page);
    assert.equal(await page.getByTestId('doc-item').count(), 1);
    assert.equal(await page.getByLabel('Text to tag').inputValue(), '');
    await close();
  });
});
