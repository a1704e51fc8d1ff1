import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import type { Browser, Route } from 'playwright-core';
import { parsePubTator } from '../src/formats/pubtator.ts';
import { launch } from './chromium.ts';
import { openPage, tagText, waitForModel, type OpenedPage } from './helpers.ts';

let browser: Browser;
let opened: OpenedPage;
/** The lexicon's manifest is held back until a test lets it through, to tag before the lexicon is in. */
let releaseLexicon: () => void = () => undefined;

before(async () => {
  browser = await launch();
  const held = new Promise<void>((r) => (releaseLexicon = r));
  opened = await openPage(browser, 'wasm', async (page) => {
    await page.route('**/lexicons/lexicons.json', async (route: Route) => {
      await held;
      await route.continue();
    });
  });
  await waitForModel(opened.page);
});
after(async () => {
  await browser?.close();
});

const TEXT = 'Cisplatin and tamoxifen in women with BRCA1 mutations and breast cancer; cisplatin nephrotoxicity and kidney impairment.';
const ids = (page: OpenedPage['page']) => page.$$eval('[data-testid=highlighted] mark.ent', (ms) => ms.map((m): [string, string | null] => [m.firstChild!.textContent!, m.getAttribute('data-ids')]));

describe('linking mentions to database ids in the app', () => {
  it('tags without ids while the lexicon loads, then links the same document once it is in', async () => {
    const { page } = opened;
    await tagText(page, TEXT);
    assert.equal(await page.getByTestId('lexicon-status').getAttribute('data-state'), 'loading');
    assert.ok((await ids(page)).every(([, id]) => id === null), 'no ids before the lexicon is loaded');
    releaseLexicon();
    await page.locator('[data-testid=lexicon-status][data-state=ready]').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid=highlighted] mark.ent[data-ids="672"]').waitFor({ timeout: 60_000 });
    const linked = new Map(await ids(page));
    assert.equal(linked.get('BRCA1'), '672', 'BRCA1 is NCBI Gene 672 (human)');
    assert.equal(linked.get('Cisplatin'), 'D002945');
    assert.equal(linked.get('tamoxifen'), 'D013629');
    assert.equal(linked.get('breast cancer'), 'D001943');
    // No name of the lexicon is "kidney impairment": the worker's name encoder finds Kidney Diseases.
    assert.equal(linked.get('kidney impairment'), 'D007674');
    assert.match((await page.locator('mark.ent[data-ids="672"]').getAttribute('aria-label'))!, /NCBIGene:672 BRCA1/);
  });

  it('lists "Cisplatin" and "cisplatin" as one concept with its MeSH record link, opened only on a click', async () => {
    const { page } = opened;
    const group = page.getByTestId('entity-group').filter({ hasText: 'MESH:D002945' });
    assert.equal(await group.count(), 1);
    assert.equal(await group.locator('.count').textContent(), '2');
    const link = group.getByRole('link', { name: 'MESH:D002945' });
    assert.equal(await link.getAttribute('href'), 'https://meshb.nlm.nih.gov/record/ui?ui=D002945');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match((await link.getAttribute('rel'))!, /noopener/);
    assert.match((await page.getByTestId('lexicon-status').textContent())!, /MeSH 2024.*does not imply endorsement/);
  });

  it('writes the ids into the PubTator export', async () => {
    const { page } = opened;
    await page.getByLabel('Export format').selectOption('pubtator');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download this' }).click()]);
    const doc = parsePubTator(readFileSync((await download.path())!, 'utf8')).documents[0];
    const byText = new Map(doc.gold!.map((g) => [g.text, g.conceptId]));
    assert.equal(byText.get('BRCA1'), '672');
    assert.equal(byText.get('Cisplatin'), 'D002945');
  });

  it('links a rat gene to the rat table, read on demand, says its species, and tags the species itself', async () => {
    const { page } = opened;
    const spans = await tagText(page, 'Hepatic Cyp2e1 expression rose in rats given ethanol.');
    assert.ok(spans.some((s) => s.type === 'Gene' && s.text === 'Cyp2e1'), 'the tagger finds Cyp2e1');
    const gene = page.locator('[data-testid=highlighted] mark.ent[data-type=Gene]', { hasText: 'Cyp2e1' });
    await page.locator('[data-testid=highlighted] mark.ent[data-ids="25086"]').waitFor({ timeout: 60_000 });
    assert.match((await gene.getAttribute('aria-label'))!, /NCBIGene:25086.*Rattus norvegicus \(NCBITaxon:10116\), named in the sentence/);
    const rats = page.locator('[data-testid=highlighted] mark.ent[data-type=Species]', { hasText: 'rats' });
    assert.equal(await rats.getAttribute('data-ids'), '10116');
    const group = page.getByTestId('entity-group').filter({ hasText: 'NCBIGene:25086' });
    assert.equal(await group.getByTestId('gene-species').textContent(), ' · Rattus norvegicus');
    const taxon = page.getByTestId('entity-group').filter({ hasText: 'NCBITaxon:10116' }).getByRole('link', { name: 'NCBITaxon:10116' });
    assert.equal(await taxon.getAttribute('href'), 'https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id=10116');
  });

  it('sent no request outside the page origin', () => {
    assert.deepEqual(opened.foreign, []);
  });
});
