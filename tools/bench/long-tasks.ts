/**
 * The page's main-thread long tasks while the app loads and tags a 10 MB text file: what the design keeps
 * short (tagging runs in the worker, the page only renders progress), measured here rather than asserted in a
 * test, since a loaded machine stretches every task. The file is dropped on the page, tagged for `seconds`,
 * then cancelled.
 */
import type { Browser } from 'playwright-core';
import { hugeTextFileDrop } from '../../e2e/helpers.ts';

export interface LongTasks {
  count: number;
  longestMs: number;
  totalMs: number;
  /** Fraction of the file tagged when the measurement stopped. */
  progress: number;
  seconds: number;
}

export async function measureLongTasks(browser: Browser, url: string, seconds = 20): Promise<LongTasks> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    await page.getByTestId('model-ready').waitFor({ timeout: 600_000 });
    // The file is built before the measurement starts; only the app's own work from the drop on counts.
    const dt = await hugeTextFileDrop(page);
    await page.evaluate(() => { (window as unknown as { __longTasks: number[] }).__longTasks.length = 0; });
    await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
    const item = page.locator('[data-testid=doc-item]', { hasText: 'huge.txt' });
    await item.locator('progress').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(seconds * 1000);
    const progress = Number((await item.locator('progress').getAttribute('value')) ?? 1);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    return { count: tasks.length, longestMs: Math.max(0, ...tasks), totalMs: tasks.reduce((a, b) => a + b, 0), progress, seconds };
  } finally {
    await context.close();
  }
}
