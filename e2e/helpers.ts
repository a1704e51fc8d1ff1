import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, JSHandle, Page } from 'playwright-core';
import type { ModelIndex } from '../src/model/format.ts';

export const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:4173';
/** The model the app loads unless told otherwise (public/models/index.json). */
export const DEFAULT_MODEL = (JSON.parse(readFileSync('public/models/index.json', 'utf8')) as ModelIndex).default;

/** Records every request that leaves the page's origin (pages, workers and service workers of the context). */
export function watchOrigin(context: BrowserContext, base = BASE): string[] {
  const foreign: string[] = [];
  const origin = new URL(base).origin;
  context.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) foreign.push(url);
  });
  return foreign;
}

export interface OpenedPage {
  page: Page;
  /** Requests that left the origin so far (see watchOrigin). */
  foreign: string[];
  close(): Promise<void>;
}

/** The app in a fresh context (own profile, caches and service worker) on `backend`, its requests watched;
 * `setup` runs before the page loads (routes, init scripts); `model` picks a listed model other than the default. */
export async function openPage(
  browser: Browser,
  backend: string,
  setup?: (page: Page) => Promise<void>,
  options?: BrowserContextOptions,
  model?: string,
  /** More query parameters (e.g. `engine=tfjs`). */
  query = '',
): Promise<OpenedPage> {
  const context = await browser.newContext(options);
  const foreign = watchOrigin(context);
  const page = await context.newPage();
  await setup?.(page);
  await page.goto(`${BASE}/?backend=${backend}${model ? `&model=${encodeURIComponent(model)}` : ''}${query ? `&${query}` : ''}`);
  return { page, foreign, close: () => context.close() };
}

/** Waits until the model is loaded and returns the backend in use. */
export async function waitForModel(page: Page, timeout = 120_000): Promise<string> {
  const ready = page.getByTestId('model-ready');
  await ready.waitFor({ timeout });
  return (await ready.getAttribute('data-backend'))!;
}

export interface PageSpan {
  type: string;
  start: number;
  end: number;
  text: string;
}

/** The highlights as rendered: type and character range of each mark. */
export async function renderedSpans(page: Page): Promise<PageSpan[]> {
  return page.$$eval('[data-testid=highlighted] mark.ent', (marks) =>
    marks.map((m) => ({ type: m.getAttribute('data-type')!, start: Number(m.getAttribute('data-start')), end: Number(m.getAttribute('data-end')), text: m.firstChild!.textContent! })));
}

/** Types text into the editor of the current document and tags it; resolves when it is tagged. */
export async function tagText(page: Page, text: string, timeout = 120_000): Promise<PageSpan[]> {
  await page.getByRole('button', { name: 'New' }).click();
  await page.getByLabel('Text to tag').fill(text);
  await page.getByLabel('Text to tag').press('Control+Enter');
  await page.locator('li.current[data-status=done]').waitFor({ timeout });
  return renderedSpans(page);
}

/** The tagged text as shown (hover tips left out). */
export async function shownText(page: Page): Promise<string> {
  return page.$eval('[data-testid=highlighted]', (el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ent-tip').forEach((t) => t.remove());
    return copy.textContent ?? '';
  });
}

/** Drops text files (name, content) on the page as a user would. */
export async function dropTextFiles(page: Page, files: { name: string; content: string }[]): Promise<void> {
  const dt = await page.evaluateHandle((fs) => {
    const d = new DataTransfer();
    for (const f of fs) d.items.add(new File([f.content], f.name, { type: 'text/plain' }));
    return d;
  }, files);
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
}

/** A drop of `huge.txt`, about 10 MB of abstract-like sentences, built in the page: dispatch it as a 'drop' on `.app`. */
export function hugeTextFileDrop(page: Page): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(() => {
    const sentence = 'Cisplatin-induced nephrotoxicity was reduced by magnesium in patients with BRCA1 mutations and ovarian cancer. ';
    const d = new DataTransfer();
    d.items.add(new File([sentence.repeat(Math.ceil(10_000_000 / sentence.length))], 'huge.txt', { type: 'text/plain' }));
    return d;
  });
}
