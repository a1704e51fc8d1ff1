import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ModelIndex, ModelMetadata } from '../src/model/format.ts';
import { loadWordPiece } from '../src/model/tokenizer.ts';
import { tokenizeWithOffsets } from '../src/ner/tokenize.ts';
import { launch } from './chromium.ts';
import { BASE, dropTextFiles, renderedSpans, shownText, tagText, waitForModel, watchOrigin } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let foreign: string[];

before(async () => {
  browser = await launch();
  context = await browser.newContext();
  foreign = watchOrigin(context);
  page = await context.newPage();
  await page.goto(`${BASE}/?backend=wasm`);
  await waitForModel(page);
});
after(async () => {
  await browser?.close();
});

describe('tagging in the app', () => {
  const BRCA_TEXT = 'Tamoxifen reduced the risk of breast cancer in women with BRCA1 mutations.';

  it('highlights a well-known drug, gene and disease with their exact character ranges', async () => {
    const spans = await tagText(page, BRCA_TEXT);
    const find = (t: string) => spans.find((s) => s.text === t);
    assert.deepEqual(find('Tamoxifen'), { type: 'Chemical', start: 0, end: 9, text: 'Tamoxifen' });
    assert.deepEqual(find('breast cancer'), { type: 'Disease', start: 30, end: 43, text: 'breast cancer' });
    const gene = spans.find((s) => s.type === 'Gene');
    assert.ok(gene && gene.start === 58 && BRCA_TEXT.slice(gene.start, gene.end) === gene.text, 'a Gene highlight starts at BRCA1, on its own characters');
    const mark = page.locator('mark.ent', { hasText: 'BRCA1' });
    assert.match((await mark.getAttribute('aria-label'))!, /^BRCA1[^:]*: Gene, confidence \d+%(, NCBIGene:\d+ .+)?$/);
  });

  // BC2GM's gene mentions end in "mutation(s)" 29 times; the previous default model marked "BRCA1 mutations".
  it('marks sequence variants as Variant spans with their normal form, the gene beside one keeping its own span', async () => {
    const text = 'The CBR3 V244M polymorphism and rs3761422 were typed; BRAF p.Val600Glu was absent.';
    const spans = await tagText(page, text);
    const variants = spans.filter((s) => s.type === 'Variant').map((s) => s.text);
    assert.deepEqual(variants, ['V244M', 'rs3761422', 'p.Val600Glu']);
    for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
    // No other span covers a variant's characters.
    for (const v of spans.filter((s) => s.type === 'Variant')) {
      assert.ok(!spans.some((s) => s !== v && s.type !== 'Variant' && s.start < v.end && v.start < s.end), `nothing else over ${v.text}`);
    }
    assert.match((await page.locator('mark.ent', { hasText: 'p.Val600Glu' }).getAttribute('aria-label'))!, /Variant.*HGVS:p\.V600E/);
    const toggle = page.getByRole('group', { name: 'Entity types' }).getByRole('button', { name: /^Variant 3$/ });
    assert.equal(await toggle.count(), 1, 'the legend has a Variant toggle with its count');
    // An rs id links to its dbSNP record, opened only on a click.
    const group = page.getByTestId('entity-group').filter({ hasText: 'dbSNP:rs3761422' });
    assert.equal(await group.getByRole('link', { name: 'dbSNP:rs3761422' }).getAttribute('href'), 'https://www.ncbi.nlm.nih.gov/snp/rs3761422');
  });

  it('marks BRCA1 alone as the Gene', async () => {
    const spans = await tagText(page, BRCA_TEXT);
    assert.deepEqual(spans.find((s) => s.type === 'Gene'), { type: 'Gene', start: 58, end: 63, text: 'BRCA1' });
  });

  it('tags a text of more than 2,000 words to its end, every span on its own characters', async () => {
    const sentences = [
      'Patients with rheumatoid arthritis received methotrexate and folic acid for twelve weeks.',
      'Expression of TP53 and EGFR was measured in tumour samples from lung cancer patients.',
      'Cisplatin caused nephrotoxicity in a minority of children treated for neuroblastoma.',
    ];
    const parts: string[] = [];
    for (let i = 0; parts.join(' ').split(' ').length < 2100; i++) parts.push(`${sentences[i % 3]} Visit ${i} was uneventful.`);
    const text = parts.join(' ');
    const spans = await tagText(page, text, 300_000);
    assert.ok(text.split(' ').length > 2000);
    for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i].start >= spans[i - 1].end, 'spans are ordered and do not overlap');
    assert.ok(spans.some((s) => s.start > text.length * 0.9), 'entities are found near the end, past the first window');
  });

  it('BERT: tags BRCA1 alone, and finds an entity that straddles a window seam exactly once, with its full extent', async () => {
    // The shipped BERT model's window, and a run-on text (no sentence break to end a window at) in which the
    // first window must end between "breast" and "cancer". (The default tagger reads whole sentences.)
    const index = JSON.parse(readFileSync('dist/models/index.json', 'utf8')) as ModelIndex;
    const bert = index.models.find((m) => m.kind === 'bert')!;
    const dir = resolve('dist/models', bert.id);
    const meta = JSON.parse(readFileSync(`${dir}/model.json`, 'utf8')).userDefinedMetadata as ModelMetadata;
    const wp = await loadWordPiece(basename(dir), dirname(dir));
    const maxTokens = meta.maxLength - 2;
    const filler = ['patients', 'were', 'followed', 'for', 'many', 'years', 'at', 'the', 'clinic', 'and'];
    const words = (n: number) => Array.from({ length: n }, (_, i) => filler[i % filler.length]).join(' ');
    let text = '';
    for (let pad = 0; pad < 4 * maxTokens && !text; pad++) {
      const candidate = `${words(pad)} women with breast cancer were followed too, ${words(maxTokens)}`;
      const t = tokenizeWithOffsets(candidate, wp);
      if (t.tokens.findIndex((x) => candidate.slice(x.start, x.end) === 'cancer') === maxTokens) text = candidate;
    }
    assert.ok(text, 'built a text whose first window ends inside "breast cancer"');
    const bertPage = await context.newPage();
    try {
      await bertPage.goto(`${BASE}/?backend=wasm&model=${bert.id}`);
      await waitForModel(bertPage);
      const brca = await tagText(bertPage, BRCA_TEXT);
      assert.deepEqual(brca.find((s) => s.text === 'BRCA1'), { type: 'Gene', start: 58, end: 63, text: 'BRCA1' }, 'BERT tags BRCA1 alone');
      const spans = await tagText(bertPage, text);
      const start = text.indexOf('breast cancer');
      const around = spans.filter((s) => s.end > start && s.start < start + 'breast cancer'.length);
      assert.deepEqual(around, [{ type: 'Disease', start, end: start + 'breast cancer'.length, text: 'breast cancer' }]);
    } finally {
      await bertPage.close();
    }
  });

  it('multi-corpus model: marks a gene NCBI\'s way (the name alone) and tags Species', async () => {
    const multiPage = await context.newPage();
    try {
      await multiPage.goto(`${BASE}/?backend=wasm&model=bioner-multi`);
      await waitForModel(multiPage);
      const text = 'The SRD5A2 gene was sequenced in zebrafish. Mice lacking Brca1 developed tumors.';
      const spans = await tagText(multiPage, text);
      assert.deepEqual(spans.find((s) => s.type === 'Gene' && s.start === 4), { type: 'Gene', start: 4, end: 10, text: 'SRD5A2' });
      assert.ok(spans.some((s) => s.type === 'Species' && s.text === 'Mice'), 'a Species span on "Mice"');
      assert.ok(spans.some((s) => s.type === 'Gene' && s.text === 'Brca1'), 'a Gene span on "Brca1"');
    } finally {
      await multiPage.close();
    }
  });

  it('adds two dropped files at once and tags both', async () => {
    const before = await page.getByTestId('doc-item').count();
    await dropTextFiles(page, [
      { name: 'one.txt', content: 'Aspirin was given to patients with myocardial infarction.' },
      { name: 'two.txt', content: 'Mutations in CFTR cause cystic fibrosis.' },
    ]);
    await page.locator('[data-testid=doc-item][data-status=done]', { hasText: 'two.txt' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=doc-item][data-status=done]', { hasText: 'one.txt' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('doc-item').count(), before + 2);
  });

  it('explains that there is nothing to tag for whitespace-only text', async () => {
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByLabel('Text to tag').fill('   \n\t  ');
    await page.getByRole('button', { name: 'Tag Ctrl+Enter' }).click();
    assert.match((await page.getByTestId('notice').textContent())!, /Nothing to tag/);
    assert.equal(await page.locator('li.current').getAttribute('data-status'), 'new');
  });

  it('shows HTML and script in the text literally and never runs it', async () => {
    const text = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> aspirin';
    await tagText(page, text);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    const shown = await shownText(page);
    assert.ok(shown!.startsWith('<img src=x onerror="window.__pwned=1"><script>'));
    assert.equal(await page.locator('[data-testid=highlighted] img, [data-testid=highlighted] script').count(), 0);
  });

  it('keeps the entity panel and legend in step with the highlights', async () => {
    await page.getByRole('button', { name: 'Example' }).click();
    await page.locator('li.current[data-status=done]').waitFor({ timeout: 60_000 });
    const spans = await renderedSpans(page);
    assert.ok(spans.length > 0);
    const firstType = spans[0].type;
    await page.getByRole('button', { name: new RegExp(`^${firstType}`) }).first().click(); // legend toggle
    const after = await renderedSpans(page);
    assert.ok(after.every((s) => s.type !== firstType));
    await page.getByRole('button', { name: new RegExp(`^${firstType}`) }).first().click();
    assert.equal((await renderedSpans(page)).length, spans.length);
  });

  it('sent no request outside the page origin', () => {
    assert.deepEqual(foreign, []);
  });
});
