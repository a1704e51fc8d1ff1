import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { launchPersistent } from './chromium.ts';
import { BASE, tagText, waitForModel, watchOrigin } from './helpers.ts';

const profile = mkdtempSync(join(tmpdir(), 'bioner-offline-'));
let context: BrowserContext;
after(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

it('reloads, tags and links with the network off after one online visit', async () => {
  context = await launchPersistent(profile);
  const foreign = watchOrigin(context);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${BASE}/?backend=wasm`);
  await waitForModel(page);
  await page.getByTestId('offline-ready').waitFor({ timeout: 120_000 }); // the service worker has precached everything
  await context.setOffline(true);
  await page.reload();
  await waitForModel(page);
  const spans = await tagText(page, 'Cisplatin nephrotoxicity was reported in BRCA1 mutation carriers with ovarian cancer.');
  assert.ok(spans.length > 0, 'tagged offline');
  // The linking lexicon is cached like the model: ids come offline too.
  await page.locator('[data-testid=lexicon-status][data-state=ready]').waitFor({ timeout: 120_000 });
  await page.locator('[data-testid=highlighted] mark.ent[data-ids="D002945"]').waitFor({ timeout: 60_000 });
  assert.deepEqual(foreign, []);
});
