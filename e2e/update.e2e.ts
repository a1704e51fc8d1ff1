import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { launchPersistent } from './chromium.ts';
import { tagText, waitForModel, watchOrigin } from './helpers.ts';

// A copy of the built app on its own server, so that it can be changed into a "new version" here.
const site = mkdtempSync(join(tmpdir(), 'bioner-site-'));
const profile = mkdtempSync(join(tmpdir(), 'bioner-update-'));
let server: PreviewServer;
let context: BrowserContext;
after(async () => {
  await context?.close();
  await server?.close();
  rmSync(site, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

/** The model files in the service worker's precache, as cached URLs (with their revision). */
async function cachedModelUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) if (req.url.includes('/models/')) urls.push(req.url);
    }
    return urls.sort();
  });
}

it('a new version: the page says so, updates on Reload, and the old cached model entries are removed', async () => {
  cpSync('dist', site, { recursive: true });
  server = await preview({ build: { outDir: site }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
  context = await launchPersistent(profile);
  const foreign = watchOrigin(context, base);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${base}/?backend=wasm`);
  await waitForModel(page);
  await page.getByTestId('offline-ready').waitFor({ timeout: 120_000 });
  const before = await cachedModelUrls(page);
  const shardBefore = before.find((u) => u.includes('group1-shard1of'));
  assert.ok(shardBefore, 'the model shard is precached');

  // Deploy a new version: the service worker now lists the shard under a new revision (as a retrained
  // model would), and the page's code changes with it.
  const swPath = join(site, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const revision = /url:"(models\/[^"]+\/group1-shard1of\d+\.bin)",revision:"([0-9a-f]+)"/.exec(sw);
  assert.ok(revision, 'the shard is in the precache manifest');
  writeFileSync(swPath, sw.replace(revision[0], `url:"${revision[1]}",revision:"${'0'.repeat(revision[2].length)}"`));

  // The browser checks for a new service worker on navigation; the page offers the update once it is installed.
  await page.reload();
  const banner = page.getByRole('button', { name: 'Reload to update' });
  await banner.waitFor({ timeout: 120_000 });
  // Until the user accepts, the old version keeps working from its cache.
  assert.ok((await cachedModelUrls(page)).includes(shardBefore));

  await Promise.all([page.waitForEvent('load'), banner.click()]);
  await waitForModel(page);
  await page.waitForFunction(async (old) => {
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) if (req.url === old) return false;
    return true;
  }, shardBefore, { timeout: 60_000 });
  const afterUrls = await cachedModelUrls(page);
  assert.ok(!afterUrls.includes(shardBefore), 'the old model entry is gone');
  assert.ok(afterUrls.some((u) => u.includes('group1-shard1of') && u.includes('0000000000')), 'the new model entry is cached');
  const spans = await tagText(page, 'Cisplatin nephrotoxicity was reported in patients with ovarian cancer.');
  assert.ok(spans.length > 0, 'the updated app tags');
  assert.deepEqual(foreign, [], 'no request outside the origin');
});
