import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseBiocXml } from '../src/formats/bioc-xml.ts';
import { parsePubTator } from '../src/formats/pubtator.ts';
import { launch } from './chromium.ts';
import { BASE, dropTextFiles, renderedSpans, waitForModel, watchOrigin } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let foreign: string[];

before(async () => {
  browser = await launch();
  context = await browser.newContext({ acceptDownloads: true });
  foreign = watchOrigin(context);
  page = await context.newPage();
  await page.goto(`${BASE}/?backend=wasm`);
  await waitForModel(page);
});
after(async () => {
  await browser?.close();
});

async function exportAll(format: string): Promise<string> {
  await page.getByLabel('Export format').selectOption(format);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all' }).click()]);
  return readFileSync((await download.path())!, 'utf8');
}

const TITLE = 'Cisplatin nephrotoxicity and BRCA1.';
const ABSTRACT = 'Patients given cisplatin developed acute kidney injury; tamoxifen was not given.';
const FULL = `${TITLE} ${ABSTRACT}`;
const at = (m: string) => `${FULL.indexOf(m)}\t${FULL.indexOf(m) + m.length}\t${m}`;
const PUBTATOR = [
  `111|t|${TITLE}`, `111|a|${ABSTRACT}`,
  `111\t${at('Cisplatin')}\tChemical\tD002945`, `111\t${at('nephrotoxicity')}\tDisease\t`,
  `111\t${at('BRCA1')}\tGeneOrGeneProduct\t672`, `111\t${at('acute kidney injury')}\tDiseaseOrPhenotypicFeature\t`,
  `111\t${at('Patients')}\tSpecies\t9606`, '',
  '222|t|Aspirin in asthma.', '222|a|Aspirin can worsen asthma.', '222\t0\t7\tAspirin\tChemical\t', '',
].join('\n');
const BIOC = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE collection SYSTEM "BioC.dtd">
<collection><source>test</source><date>20261125</date><key>BioC.key</key>
<document><id>333</id><passage><infon key="type">title</infon><offset>0</offset><text>Metformin &amp; diabetes</text>
<annotation id="1"><infon key="type">Chemical</infon><location offset="0" length="9"/><text>Metformin</text></annotation></passage></document>
</collection>`;

describe('formats in the app', () => {
  it('imports PubTator and BioC XML documents with their ids and annotations, and compares the model with them', async () => {
    const before = await page.getByTestId('doc-item').count();
    await dropTextFiles(page, [{ name: 'two.pubtator', content: PUBTATOR }, { name: 'one.xml', content: BIOC }]);
    for (const id of ['111', '222', '333']) {
      await page.locator('[data-testid=doc-item][data-status=done]', { hasText: id }).waitFor({ timeout: 120_000 });
    }
    assert.equal(await page.getByTestId('doc-item').count(), before + 3);
    await page.getByRole('button', { name: /^111/ }).click();
    assert.match((await page.getByTestId('notice').textContent())!, /3 document\(s\) added/);
    await page.getByTestId('gold-scores').waitFor();
    // Each highlight carries its verdict, and the table counts them.
    const marks = await page.$$eval('[data-testid=highlighted] mark.ent', (ms) => ms.map((m) => m.getAttribute('data-verdict')));
    assert.ok(marks.every((v) => v === 'agree' || v === 'extra' || v === 'missed'));
    const row = await page.$$eval('[data-testid=gold-scores] table:first-of-type tr[data-type=all] td', (tds) => tds.map((t) => t.textContent));
    const [tp, fp, fn] = row[3]!.split('/').map(Number);
    assert.equal(tp + fn, 5, 'five annotations of our types (Species among them)');
    assert.equal(tp, marks.filter((v) => v === 'agree').length);
    assert.ok(fp >= marks.filter((v) => v === 'extra').length);
    assert.doesNotMatch((await page.getByTestId('gold-scores').textContent())!, /Ignored annotation types/);
  });

  it('exports every document as PubTator and BioC XML with the spans the page shows', async () => {
    await page.getByRole('checkbox', { name: /Compare/ }).uncheck();
    // Once the lexicon is in, the document is linked again and its species ("Patients") added as a Species span.
    await page.locator('[data-testid=highlighted] mark.ent[data-type=Species]', { hasText: 'Patients' }).waitFor({ timeout: 120_000 });
    const shown = await renderedSpans(page); // document 111, model spans and the species
    const pubtator = parsePubTator(await exportAll('pubtator')).documents;
    const d111 = pubtator.find((d) => d.id === '111')!;
    assert.equal(d111.text, `${TITLE}\n${ABSTRACT}`);
    assert.deepEqual(d111.gold!.map((g) => ({ type: g.sourceType, start: g.start, end: g.end, text: g.text })), shown);
    assert.ok(['222', '333'].every((id) => pubtator.some((d) => d.id === id)));
    const bioc = parseBiocXml(await exportAll('bioc-xml')).documents;
    assert.deepEqual(bioc.find((d) => d.id === '111')!.gold!.map((g) => ({ type: g.sourceType, start: g.start, end: g.end, text: g.text })), shown);
    await page.getByRole('checkbox', { name: /Compare/ }).check();
  });

  it('tags a 500-document PubTator file in one go with progress and time left, and exports it as one file', async () => {
    const lines: string[] = [];
    const drugs = ['aspirin', 'cisplatin', 'tamoxifen', 'metformin', 'warfarin'];
    const diseases = ['asthma', 'nephrotoxicity', 'breast cancer', 'diabetes', 'stroke'];
    for (let i = 0; i < 500; i++) {
      const id = String(900000 + i);
      lines.push(`${id}|t|Case ${i}: ${drugs[i % 5]} and ${diseases[(i * 3) % 5]}.`, `${id}|a|We report patient ${i}, treated with ${drugs[(i + 1) % 5]} for ${diseases[i % 5]}.`, '');
    }
    await dropTextFiles(page, [{ name: 'batch.pubtator', content: lines.join('\n') }]);
    const bar = page.getByTestId('batch-progress');
    await bar.waitFor();
    await page.waitForFunction(() => /Tagging \d+ of 500 · about .+ left/.test(document.querySelector('[data-testid=batch-progress]')?.textContent ?? ''), null, { timeout: 120_000 });
    await page.locator('[data-testid=batch-progress][data-done=true]').waitFor({ timeout: 900_000 });
    assert.match((await bar.textContent())!, /Tagged 500 document\(s\) in/);
    const all = parsePubTator(await exportAll('pubtator')).documents;
    assert.equal(all.filter((d) => d.id.startsWith('9000') || d.id.startsWith('9001') || d.id.startsWith('9002') || d.id.startsWith('9003') || d.id.startsWith('9004')).length, 500);
  });

  it('sent no request outside the page origin', () => {
    assert.deepEqual(foreign, []);
  });
});
