import { strFromU8, unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { parsePubTator } from '../src/formats/pubtator.ts';
import { launch } from './chromium.ts';
import { DEFAULT_MODEL, dropTextFiles, openPage, tagText, waitForModel, type OpenedPage } from './helpers.ts';

let browser: Browser;
let opened: OpenedPage;
let page: Page;

before(async () => {
  browser = await launch();
  opened = await openPage(browser, 'wasm');
  page = opened.page;
  await waitForModel(page);
});
after(async () => {
  await browser?.close();
});

let lastDownloadName = '';
async function download(button: 'Download this' | 'Download all', format: string): Promise<Buffer> {
  await page.getByLabel('Export format').selectOption(format);
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  lastDownloadName = d.suggestedFilename();
  return readFileSync((await d.path())!);
}

/** The files of a ZIP archive (the app's brat export). */
function unzipStored(zip: Buffer): Map<string, string> {
  return new Map(Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => [name, strFromU8(data)]));
}

const rename = (name: string) => page.getByLabel('Document name').fill(name);

describe('exports', () => {
  it('brat counts offsets in code points: an entity after an emoji is where brat (Python) looks for it', async () => {
    const text = '😀 Cisplatin caused nephrotoxicity.';
    await tagText(page, text);
    const files = unzipStored(await download('Download this', 'brat'));
    const ann = [...files].find(([n]) => n.endsWith('.ann'))![1];
    const line = ann.split('\n').find((l) => l.endsWith('\tCisplatin'))!;
    const [, start, end] = /^T\d+\t\S+ (\d+) (\d+)\t/.exec(line)!.map(Number);
    assert.equal([...text].slice(start, end).join(''), 'Cisplatin');
    assert.equal(start, 2, 'the emoji is one code point (two UTF-16 units)');
  });

  it('PubTator takes the first line of a pasted text as its title, with CRLF line breaks too', async () => {
    await tagText(page, 'Cisplatin nephrotoxicity in children.\r\n\r\nChildren given cisplatin developed nephrotoxicity.');
    // the document is named by that line too, until the user names it: in its title field and its file name
    const title = page.getByLabel('Document name');
    assert.equal(await title.inputValue(), '');
    assert.equal(await title.getAttribute('placeholder'), 'Cisplatin nephrotoxicity in children.');
    const out = (await download('Download this', 'pubtator')).toString('utf8');
    assert.match(lastDownloadName, /^Cisplatin_nephrotoxicity_in_children/);
    assert.match(out.split('\n')[0], /\|t\|Cisplatin nephrotoxicity in children\.$/);
    const doc = parsePubTator(out).documents[0];
    for (const g of doc.gold!) assert.equal(doc.text.slice(g.start, g.end), g.text);
  });

  it('never exports an empty document', async () => {
    await page.getByRole('button', { name: 'New' }).click();
    await rename('left empty');
    const docs = parsePubTator((await download('Download all', 'pubtator')).toString('utf8')).documents;
    assert.ok(docs.length >= 2);
    assert.ok(docs.every((d) => d.text.trim().length > 0));
    assert.ok(await page.getByRole('button', { name: 'Download this' }).isDisabled(), 'the empty current document cannot be exported');
  });
});

describe('notices and documents across reloads', () => {
  it('clears an error notice on the next action', async () => {
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByRole('button', { name: 'Tag Ctrl+Enter' }).click();
    assert.match((await page.getByTestId('notice').textContent())!, /Nothing to tag/);
    await page.getByRole('button', { name: 'Example', exact: true }).click();
    assert.equal(await page.getByTestId('notice').textContent(), '');
  });

  it('lists a pasted document by its first line until it is renamed', async () => {
    await tagText(page, 'Tamoxifen and breast cancer risk\nWomen with BRCA1 mutations took tamoxifen.');
    assert.equal(await page.locator('li.current .doc-name').textContent(), 'Tamoxifen and breast cancer risk');
    await rename('my notes');
    assert.equal(await page.locator('li.current .doc-name').textContent(), 'my notes');
  });

  it('reopens the last viewed document after a reload, and drops empty ones', async () => {
    await tagText(page, 'Aspirin and asthma.');
    await rename('the one viewed last');
    await tagText(page, 'Warfarin and stroke.');
    await page.getByRole('button', { name: 'New' }).click(); // an empty document
    await page.getByRole('button', { name: 'the one viewed last', exact: true }).click();
    await page.waitForTimeout(500); // the debounced save (300 ms)
    const nonEmpty = await page.evaluate(() => document.querySelectorAll('[data-testid=doc-item]').length);
    await page.reload();
    await waitForModel(page);
    await page.locator('li.current').waitFor();
    assert.match((await page.locator('li.current .doc-name').textContent())!, /the one viewed last/);
    assert.equal(await page.getByLabel('Text to tag').inputValue(), 'Aspirin and asthma.');
    const names = await page.$$eval('[data-testid=doc-item] .doc-name', (els) => els.map((e) => e.textContent));
    assert.ok(names.length < nonEmpty, 'the empty documents are gone');
    assert.ok(!names.includes('left empty'));
  });
});

describe('layout', () => {
  for (const width of [360, 420, 1400]) {
    it(`holds at ${width} px: nothing overflows, the documents come before the text on a narrow screen, each row keeps its ×`, async () => {
      await page.setViewportSize({ width, height: 800 });
      await page.getByRole('button', { name: 'Example', exact: true }).click();
      await page.locator('li.current[data-status=done]').waitFor({ timeout: 60_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window`);
      const side = (await page.locator('.sidebar').boundingBox())!;
      for (const el of await page.locator('.export button, .export select, .sidebar .toolbar button').all()) {
        const b = (await el.boundingBox())!;
        assert.ok(b.x >= side.x - 0.5 && b.x + b.width <= side.x + side.width + 0.5, `${await el.textContent()} stays inside the document column`);
      }
      const main = (await page.locator('main').boundingBox())!;
      if (width < 900) assert.ok(side.y < main.y, 'the documents and their buttons come first');
      for (const row of await page.getByTestId('doc-item').all()) {
        const name = (await row.locator('.doc-name').boundingBox())!;
        const x = (await row.locator('button.icon').boundingBox())!;
        assert.ok(Math.abs(x.y + x.height / 2 - (name.y + name.height / 2)) < name.height, 'the × is on the name\'s line');
      }
    });
  }
  after(() => page.setViewportSize({ width: 1280, height: 720 }));
});

describe('confidence', () => {
  const marks = () => page.$$eval('[data-testid=highlighted] mark.ent', (ms) => ms.map((m) => ({
    type: m.getAttribute('data-type')!, score: Number(m.getAttribute('data-score')), bg: getComputedStyle(m).backgroundColor,
  })));
  const setMinScore = (v: number) => page.getByLabel('Minimum confidence').evaluate((el, value) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(value));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, v);
  // Lightness of "rgb(r, g, b)": a weaker highlight is closer to white.
  const light = (rgb: string) => rgb.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0);

  it('draws a weaker highlight for a less confident span', async () => {
    await page.getByRole('button', { name: 'Example', exact: true }).click();
    await page.locator('li.current[data-status=done]').waitFor({ timeout: 60_000 });
    const ms = await marks();
    let pair: [typeof ms[0], typeof ms[0]] | null = null;
    for (const a of ms) for (const b of ms) if (a.type === b.type && a.score - b.score > (pair ? pair[0].score - pair[1].score : 0.05)) pair = [a, b];
    assert.ok(pair, 'two spans of one type with different confidence');
    assert.ok(light(pair[1].bg) > light(pair[0].bg), `${pair[1].score} is lighter than ${pair[0].score}`);
  });

  it('hides spans under the threshold in the text, the panel and the export, and says which threshold', async () => {
    const all = await marks();
    const cut = 0.95;
    await setMinScore(cut);
    assert.equal(await page.getByTestId('min-score').textContent(), '0.95');
    const kept = await marks();
    assert.ok(kept.length < all.length, 'some spans of the example are under 0.95');
    assert.ok(kept.every((m) => m.score >= cut));
    const listed = await page.$$eval('.entity-panel h3 .count', (cs) => cs.reduce((n, c) => n + Number(c.textContent), 0));
    assert.equal(listed, kept.length, 'the panel counts what the text shows');
    await page.getByLabel('Export format').selectOption('json');
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download this' }).click()]);
    assert.match(d.suggestedFilename(), /\.min0\.95\./);
    const json = JSON.parse(readFileSync((await d.path())!, 'utf8'));
    assert.equal(json.minScore, cut);
    assert.equal(json.documents[0].spans.length, kept.length);
    assert.match((await page.getByTestId('notice').textContent())!, /confidence ≥ 0\.95/);
    await setMinScore(0);
    assert.equal((await marks()).length, all.length);
  });

  it('draws two spans that touch apart from each other', async () => {
    const text = 'alphabeta gamma';
    const pubtator = `7|t|${text}\n7\t0\t5\talpha\tChemical\t\n7\t5\t9\tbeta\tChemical\t\n`;
    await dropTextFiles(page, [{ name: 'touching.pubtator', content: pubtator }]);
    await page.locator('[data-testid=doc-item][data-status=done]', { hasText: 'touching.pubtator' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=doc-item]', { hasText: 'touching.pubtator' }).locator('.doc-name').click();
    const second = page.locator('[data-testid=highlighted] mark.ent[data-start="5"]');
    assert.match((await second.getAttribute('class'))!, /adjacent/);
    const gap = await second.evaluate((m) => parseFloat(getComputedStyle(m).marginLeft));
    assert.ok(gap > 0, 'a gap between the two');
  });
});

describe('batch overview', () => {
  it('charts the most frequent entities across the documents, and lists the documents of one', async () => {
    await tagText(page, 'Cisplatin caused nephrotoxicity.');
    await tagText(page, 'Nephrotoxicity after cisplatin and carboplatin.');
    await page.getByRole('button', { name: 'Overview' }).click();
    const overview = page.getByTestId('batch-overview');
    await overview.waitFor();
    const cisplatin = overview.getByTestId('overview-entity').filter({ hasText: 'MESH:D002945' });
    assert.equal(await cisplatin.count(), 1, 'cisplatin is one entry across documents and spellings');
    const docsCount = Number((await cisplatin.locator('.bar-count').textContent())!.split(' ')[0]);
    assert.ok(docsCount >= 2);
    await cisplatin.locator('.bar-row').click();
    const listed = cisplatin.locator('.bar-docs li');
    assert.equal(await listed.count(), docsCount);
    await listed.first().getByRole('button').click();
    await page.getByLabel('Text to tag').waitFor();
    assert.match(await page.getByLabel('Text to tag').inputValue(), /cisplatin/i);
  });
});

describe('automatic backend choice', () => {
  it('names each loading phase, never prefers a GPU emulated in software, and says why', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const auto = await openPage(browser, 'auto', async (p) => {
      await p.route(`**/models/${DEFAULT_MODEL}/group1-shard1of*.bin`, async (route) => {
        await held;
        await route.continue();
      });
    });
    const steps = auto.page.getByTestId('model-loading');
    await auto.page.locator('[data-testid=model-loading][data-step=download]').waitFor({ timeout: 60_000 });
    assert.match((await steps.textContent())!, /Download.*Verify.*Start backend.*Warm up/);
    release();
    const active = await waitForModel(auto.page);
    const status = auto.page.getByTestId('model-ready');
    // This Chromium has no GPU: WebGL and WebGPU run on SwiftShader, and WebAssembly is the choice.
    const skipped = (await status.locator('[title]').getAttribute('title')) ?? '';
    if (/software/.test(skipped)) assert.equal(active, 'wasm');
    if (active === 'wasm') assert.match(skipped, /WebGL: .*software/, 'the header says why WebGL was passed over');
    assert.deepEqual(auto.foreign, []);
    await auto.close();
  });
});

describe('privacy', () => {
  it('sent no request outside the page origin', () => {
    assert.deepEqual(opened.foreign, []);
  });
});
