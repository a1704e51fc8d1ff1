/**
 * npm run bench -- [--corpora DIR] [--texts 50] [--leak 1000] [--backends webgpu,webgl,wasm,cpu]
 *                  [--compare-on wasm] [--models ID,ID…] [--onnx FILE] [--long-tasks SECONDS] [--no-build] [--out bench/results]
 *
 * Builds the app, serves it on 127.0.0.1, and drives headless Chromium through the app's own worker
 * (window.__bioner) on every backend that starts. For the default model, per backend: cold start (navigation
 * to model ready, and to the first tagged text), per-text latency (median, 95th percentile), tokens (words
 * for the tagger) per second, where the time goes (tokenization, model, decoding), a peak-speed estimate from
 * a large matmul and the model's FLOPs as a floor, and tensors / bytes / JS heap before and after tagging
 * --leak texts. On --compare-on, also uint8 vs float16 vs float32 weights (and, for BERT, batch size 1 vs
 * batched windows), and every other listed model (--models) on the same texts in the same run.
 * For a tagger default, the WebAssembly SIMD kernel (the app's engine on wasm) and tfjs ops (?engine=tfjs) both
 * run on the same texts, and its network exported to ONNX (--onnx; written from the model's own weights by
 * tools/bench/export-onnx.ts when the file is missing) runs in onnxruntime-web on the same batches: the report's
 * `onnx.ratio` is onnxruntime-web's network time over the kernel's. Memory: the renderer processes' resident
 * memory (the page and its worker) with the model and lexicon loaded, over an empty page of the same origin,
 * and again after the --leak texts.
 * Then the page's main-thread long tasks while a 10 MB file is dropped and tagged for --long-tasks seconds (0: skip).
 * Prints one table and writes a JSON report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../e2e/chromium.ts';
import { MODEL_FILES, type ModelIndex, type ModelIndexEntry, type ModelMetadata, type Quantization, type TaggerMetadata } from '../src/model/format.ts';
import type { JobTimings, MemoryStats, TaggerEngine } from '../src/worker/protocol.ts';
import { flopsPerToken, taggerFlopsPerWord } from './bench/flops.ts';
import { benchTexts, wordCount } from './bench/texts.ts';
import { timeOnnx } from './bench/onnx.ts';
import { exportTaggerOnnx } from './bench/export-onnx.ts';
import { browserMarker, rendererRssBytes } from './bench/renderer-memory.ts';
import { measureLongTasks, type LongTasks } from './bench/long-tasks.ts';
import { downloadBytes, writeQuantizationVariants } from './bench/variants.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run bench -- [--corpora DIR] [--texts 50] [--leak 1000] [--backends webgpu,webgl,wasm,cpu] [--compare-on wasm] [--models ID,ID…] [--onnx FILE] [--long-tasks SECONDS] [--no-build] [--out bench/results]';

const { values } = parseCli(USAGE, {
  options: {
    corpora: { type: 'string', default: '../shared/data/corpora' },
    texts: { type: 'string', default: '50' },
    leak: { type: 'string', default: '1000' },
    backends: { type: 'string', default: 'webgpu,webgl,wasm,cpu' },
    'compare-on': { type: 'string', default: 'wasm' },
    models: { type: 'string' },
    onnx: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'long-tasks': { type: 'string', default: '20' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const BATCH = 8; // BERT's batched windows: the app's default on GPU backends (on wasm and cpu it uses 1: the 'batch 1' row)
const PEAK_N = 512;

interface Api {
  tag(texts: string[], batchSize?: number | null): Promise<{ spans: unknown[][]; timings: JobTimings }>;
  stats(): Promise<{ memory: MemoryStats; backend: string }>;
  peak(size: number, repeats: number): Promise<number>;
  state(): { fallbacks?: { backend: string; reason: string }[] };
  lexicon(): { phase: 'loading' } | { phase: 'ready'; loadMs: number } | { phase: 'error'; message: string };
}

interface Row {
  label: string;
  backend: string;
  /** What ran the network (the app's data-engine): `kernel (…)` or `tfjs`. */
  engine?: string;
  model: string;
  quantization: Quantization;
  /** Model inputs per call: BERT windows, tagger sentences (null: the app's default for the kind). */
  batchSize: number | null;
  status: 'measured' | 'skipped';
  reason?: string;
  downloadBytes?: number;
  coldReadyMs?: number;
  coldFirstTagMs?: number;
  warmReadyMs?: number;
  texts?: number;
  meanWords?: number;
  meanTokens?: number;
  p50Ms?: number;
  p95Ms?: number;
  tokensPerSecond?: number;
  tokenizeMsPerText?: number;
  modelMsPerText?: number;
  /** Median over texts of the network's time (model calls) alone. */
  modelP50Ms?: number;
  decodeMsPerText?: number;
  /** Linking the spans to database ids (the lexicon loaded before the timed texts). */
  linkMsPerText?: number;
  lexiconReadyMs?: number;
  peakGflops?: number;
  floorMsPerText?: number;
  leakTexts?: number;
  memoryBefore?: Memory;
  memoryAfter?: Memory;
  /** Renderer processes' RSS with the model and lexicon loaded, less an empty page's; then before and after the --leak texts. */
  rendererBytes?: number;
  rendererBytesBeforeLeak?: number;
  rendererBytesAfterLeak?: number;
  /** The network's FLOPs per text over its time: what the engine reaches on this model. */
  networkGflops?: number;
  foreignRequests?: string[];
}

/** The worker's tfjs memory, plus the page's JS heap after a collection (Chromium gives workers no heap figure). */
type Memory = MemoryStats & { pageHeapBytes: number | null };
async function memory(page: Page): Promise<Memory> {
  const worker = (await page.evaluate(() => (window as unknown as { __bioner: Api }).__bioner.stats())).memory;
  const pageHeapBytes = await page.evaluate(() => {
    (window as unknown as { gc?: () => void }).gc?.();
    return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
  });
  return { ...worker, pageHeapBytes };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

if (!values['no-build']) {
  console.log('bench: building the app (vite build)…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
const modelsDir = 'dist/models';
const index = JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as ModelIndex;
const modelId = index.default;
const modelIds = [modelId, ...(values.models ? values.models.split(',') : index.models.map((m) => m.id)).filter((id) => id !== modelId)];
const entry = (id: string) => {
  const e = index.models.find((m) => m.id === id);
  if (!e) throw new Error(`bench: ${id} is not in ${modelsDir}/index.json`);
  return e;
};

/** What the floor column needs of a model: FLOPs per token (BERT) or per word (tagger) of a text. */
interface ModelInfo {
  entry: ModelIndexEntry;
  summary: string;
  flopsPerUnit: (meanUnits: number) => number;
}
function modelInfo(id: string): ModelInfo {
  const graph = JSON.parse(readFileSync(join(modelsDir, id, MODEL_FILES.graph), 'utf8'));
  const labelCount = (JSON.parse(readFileSync(join(modelsDir, id, MODEL_FILES.labels), 'utf8')).labels as string[]).length;
  if (entry(id).kind === 'tagger') {
    const meta = graph.userDefinedMetadata as TaggerMetadata;
    return {
      entry: entry(id),
      summary: `${id}: BiLSTM-CRF tagger, ${meta.hidden} units each way, ${meta.parameters.toLocaleString('en-US')} parameters; FLOPs per word ≈ ${(taggerFlopsPerWord(meta, labelCount) / 1e6).toFixed(1)} M`,
      flopsPerUnit: () => taggerFlopsPerWord(meta, labelCount),
    };
  }
  const meta = graph.userDefinedMetadata as ModelMetadata;
  const intermediate = graph.weightsManifest.flatMap((g: { weights: { name: string; shape: number[] }[] }) => g.weights)
    .find((w: { name: string }) => w.name.endsWith('layer_0/intermediate/kernel')).shape[1] as number;
  return {
    entry: entry(id),
    summary: `${id}: BERT, ${meta.numLayers} layers, hidden ${meta.hiddenSize}, ${meta.parameters.toLocaleString('en-US')} parameters, window ${meta.maxLength} tokens; FLOPs per token ≈ ${(flopsPerToken(meta, intermediate, meta.maxLength, labelCount) / 1e6).toFixed(1)} M at a full window`,
    flopsPerUnit: (meanTokens) => flopsPerToken(meta, intermediate, Math.min(meta.maxLength, meanTokens + 2), labelCount),
  };
}
const infos = new Map(modelIds.map((id) => [id, modelInfo(id)]));
const variantIds = await writeQuantizationVariants(modelsDir, modelId, ['uint8', 'float16', 'none']);
const defaultBatch = (id: string) => (entry(id).kind === 'bert' ? BATCH : null);

const texts = benchTexts(values.corpora!, Number(values.texts));
const leakN = Number(values.leak);
const executablePath = findChromium();
if (!executablePath) {
  console.error('bench: no Chromium found. Install one (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
const base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}`;
// --expose-gc lets the worker collect garbage before a heap reading; precise memory info makes it exact.
const marker = browserMarker();
const browser: Browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info', marker] });

/** Renderer RSS once memory has settled: after a collection in the page, a moment for the processes to return pages. */
async function settledRendererBytes(page: Page): Promise<number | null> {
  await page.evaluate(() => (window as unknown as { gc?: () => void }).gc?.());
  await new Promise((r) => setTimeout(r, 1000));
  return rendererRssBytes(marker);
}
// The empty page: a static file of the same origin (no app, no worker).
const emptyRendererBytes = await (async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/models/index.json`);
    return await settledRendererBytes(page);
  } finally {
    await context.close();
  }
})();

async function open(backend: string, model: string, engine: TaggerEngine): Promise<{ page: Page; active: string; engine: string; readyMs: number; foreign: string[]; close(): Promise<void> }> {
  const context = await browser.newContext();
  const foreign: string[] = [];
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== base) foreign.push(u);
  });
  const page = await context.newPage();
  await page.goto(`${base}/?backend=${backend}&model=${encodeURIComponent(model)}${engine === 'tfjs' ? '&engine=tfjs' : ''}`);
  const ready = page.getByTestId('model-ready');
  // A model that cannot load says so at once: stop there instead of waiting out the timeout.
  const failed = page.locator('[role=alert].error');
  await ready.or(failed).first().waitFor({ timeout: 600_000 });
  if (!(await ready.isVisible())) {
    const why = (await failed.first().textContent()) ?? '';
    await context.close();
    throw new Error(`bench: ${model} did not load on ${backend}: ${why}`);
  }
  const readyMs = await page.evaluate(() => performance.now());
  return { page, active: (await ready.getAttribute('data-backend'))!, engine: (await ready.getAttribute('data-engine'))!, readyMs, foreign, close: () => context.close() };
}

async function measure(label: string, backend: string, model: string, info: ModelInfo, quantization: Quantization, batchSize: number | null, full: boolean, engine: TaggerEngine = 'kernel'): Promise<Row> {
  const row: Row = { label, backend, model, quantization, batchSize, status: 'measured', downloadBytes: downloadBytes(modelsDir, model) };
  const s = await open(backend, model, engine);
  row.engine = s.engine;
  try {
    if (s.active !== backend) {
      const why = await s.page.evaluate(() => (window as unknown as { __bioner: Api }).__bioner.state().fallbacks ?? []);
      return { ...row, status: 'skipped', reason: why.filter((f) => f.backend === backend).map((f) => f.reason).join('; ') || `started ${s.active} instead` };
    }
    row.coldReadyMs = s.readyMs;
    row.coldFirstTagMs = await s.page.evaluate(async ([t, bs]) => {
      await (window as unknown as { __bioner: Api }).__bioner.tag([t as string], bs as number);
      return performance.now();
    }, [texts[0], batchSize] as const);
    // Every timed text is linked too: wait for the lexicon, which loads after the model.
    await s.page.waitForFunction(() => (window as unknown as { __bioner: Api }).__bioner.lexicon().phase !== 'loading', null, { timeout: 600_000 });
    const lex = await s.page.evaluate(() => (window as unknown as { __bioner: Api }).__bioner.lexicon());
    if (lex.phase === 'ready') row.lexiconReadyMs = s.readyMs + lex.loadMs;
    const rss = full ? await settledRendererBytes(s.page) : null;
    if (rss !== null && emptyRendererBytes !== null) row.rendererBytes = rss - emptyRendererBytes;
    const runs = await s.page.evaluate(async ([ts, bs]) => {
      const api = (window as unknown as { __bioner: Api }).__bioner;
      const out: { ms: number; timings: JobTimings }[] = [];
      for (const t of ts as string[]) {
        const t0 = performance.now();
        const r = await api.tag([t], bs as number);
        out.push({ ms: performance.now() - t0, timings: r.timings });
      }
      return out;
    }, [texts, batchSize] as const);
    const ms = runs.map((r) => r.ms);
    const tokens = runs.reduce((n, r) => n + r.timings.tokens, 0);
    const totalMs = ms.reduce((a, b) => a + b, 0);
    Object.assign(row, {
      texts: runs.length,
      meanWords: texts.reduce((n, t) => n + wordCount(t), 0) / texts.length,
      meanTokens: tokens / runs.length,
      p50Ms: quantile(ms, 0.5),
      p95Ms: quantile(ms, 0.95),
      tokensPerSecond: (tokens / totalMs) * 1000,
      tokenizeMsPerText: runs.reduce((n, r) => n + r.timings.tokenizeMs, 0) / runs.length,
      modelMsPerText: runs.reduce((n, r) => n + r.timings.modelMs, 0) / runs.length,
      modelP50Ms: quantile(runs.map((r) => r.timings.modelMs), 0.5),
      decodeMsPerText: runs.reduce((n, r) => n + r.timings.decodeMs, 0) / runs.length,
      linkMsPerText: lex.phase === 'ready' ? runs.reduce((n, r) => n + (r.timings.linkMs ?? 0), 0) / runs.length : undefined,
    });
    row.networkGflops = (row.meanTokens! * info.flopsPerUnit(row.meanTokens!)) / (row.modelMsPerText! * 1e6);
    if (full) {
      // The peak is a tfjs matMul: a floor for tfjs ops, not for the kernel (which does not use tfjs).
      if (!row.engine.startsWith('kernel')) {
        row.peakGflops = await s.page.evaluate(([n]) => (window as unknown as { __bioner: Api }).__bioner.peak(n, 5), [PEAK_N] as const);
        row.floorMsPerText = (row.meanTokens! * info.flopsPerUnit(row.meanTokens!)) / (row.peakGflops * 1e9) * 1000;
      }
      if (leakN > 0 && backend === values['compare-on']) {
        row.memoryBefore = await memory(s.page);
        const before = await settledRendererBytes(s.page);
        if (before !== null && emptyRendererBytes !== null) row.rendererBytesBeforeLeak = before - emptyRendererBytes;
        await s.page.evaluate(async ([ts, n, bs]) => {
          const api = (window as unknown as { __bioner: Api }).__bioner;
          for (let i = 0; i < (n as number); i++) await api.tag([(ts as string[])[i % (ts as string[]).length]], bs as number);
        }, [texts, leakN, batchSize] as const);
        row.memoryAfter = await memory(s.page);
        row.leakTexts = leakN;
        const after = await settledRendererBytes(s.page);
        if (after !== null && emptyRendererBytes !== null) row.rendererBytesAfterLeak = after - emptyRendererBytes;
      }
      // Warm start: the same page again, its files now in the HTTP cache (and the service worker's).
      await s.page.reload();
      await s.page.getByTestId('model-ready').waitFor({ timeout: 600_000 });
      row.warmReadyMs = await s.page.evaluate(() => performance.now());
    }
    row.foreignRequests = s.foreign;
    return row;
  } finally {
    await s.close();
  }
}

const chromiumVersion = browser.version();
const rows: Row[] = [];
let onnx: Awaited<ReturnType<typeof timeOnnx>> | null = null;
let longTasks: LongTasks | null = null;
const compareOn = values['compare-on']!;
try {
  const info = infos.get(modelId)!;
  const batch = defaultBatch(modelId);
  for (const backend of values.backends!.split(',')) {
    console.log(`bench: ${modelId} on ${backend}…`);
    rows.push(await measure(`${modelId} ${backend}`, backend, modelId, info, 'uint8', batch, true));
    if (backend === compareOn && rows.at(-1)!.status === 'measured') {
      if (info.entry.kind === 'bert') rows.push(await measure(`${modelId} ${backend} batch 1`, backend, modelId, info, 'uint8', 1, false));
      rows.push(await measure(`${modelId} ${backend} float16`, backend, variantIds.float16, info, 'float16', batch, false));
      rows.push(await measure(`${modelId} ${backend} float32`, backend, variantIds.none, info, 'none', batch, false));
      if (info.entry.kind === 'tagger') {
        console.log(`bench: ${modelId} on ${backend} with tfjs ops (the reference runner)…`);
        rows.push(await measure(`${modelId} ${backend} tfjs`, backend, modelId, info, 'uint8', batch, true, 'tfjs'));
        const onnxPath = values.onnx ?? join(values.out!, 'onnx', `${modelId}.onnx`);
        if (!existsSync(onnxPath)) {
          const bytes = exportTaggerOnnx(join(modelsDir, modelId), onnxPath);
          console.log(`bench: wrote ${onnxPath} (${(bytes / 1e6).toFixed(1)} MB) from the model's own weights`);
        }
        console.log('bench: the same network in onnxruntime-web…');
        onnx = await timeOnnx(browser, onnxPath, join(modelsDir, modelId), texts);
      }
      for (const other of modelIds.filter((id) => id !== modelId)) {
        console.log(`bench: ${other} on ${backend}…`);
        const otherInfo = infos.get(other)!;
        rows.push(await measure(`${other} ${backend}`, backend, other, otherInfo, 'uint8', defaultBatch(other), true));
        if (otherInfo.entry.kind === 'bert') rows.push(await measure(`${other} ${backend} batch 1`, backend, other, otherInfo, 'uint8', 1, false));
      }
    }
  }
  if (Number(values['long-tasks']) > 0) {
    console.log(`bench: main-thread long tasks while a 10 MB file is tagged on ${compareOn}…`);
    longTasks = await measureLongTasks(browser, `${base}/?backend=${compareOn}&model=${encodeURIComponent(modelId)}`, Number(values['long-tasks']));
  }
  rows.push({
    label: 'wasm threads', backend: 'wasm', model: modelId, quantization: 'uint8', batchSize: defaultBatch(modelId), status: 'skipped',
    reason: 'the app runs tfjs wasm single-threaded: threaded wasm breaks in a minified build and needs a cross-origin-isolated page, and tfjs would use hardwareConcurrency/2 threads (1 on a 2-core machine)',
  });
} finally {
  await browser.close();
  await server.close();
}

const f = (v: number | undefined, d = 0) => (v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const mb = (b: number | undefined) => (b === undefined ? '–' : (b / 1e6).toFixed(1));
console.log('');
for (const i of infos.values()) console.log(`model ${i.summary}`);
console.log(`${texts.length} texts of ${Math.min(...texts.map(wordCount))}–${Math.max(...texts.map(wordCount))} words (devel sentences of ${values.corpora}); tokens are word pieces for BERT, words for the tagger`);
console.log(`Chromium ${chromiumVersion} headless on ${(await import('node:os')).cpus().length} cores\n`);
const head = ['config', 'engine', 'download MB', 'cold ready ms', 'cold 1st tag ms', 'warm ready ms', 'lexicon after model ms', 'p50 ms', 'p95 ms', 'tokens/s', 'tokenize ms', 'network ms (p50)', 'network GFLOP/s', 'decode ms', 'link ms', 'peak GFLOP/s', 'floor ms (% of p50)', 'renderer MB over empty page: loaded, before → after leak', 'kernel MB before→after', 'tensors before→after', 'tensor MB before→after', 'page heap MB before→after'];
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`);
for (const r of rows) {
  if (r.status === 'skipped') {
    console.log(`| ${r.label} | skipped: ${r.reason} |${' |'.repeat(head.length - 2)}`);
    continue;
  }
  const mem = (k: keyof Memory, fmt: (v: number | null) => string) => (r.memoryBefore ? `${fmt(r.memoryBefore[k])}→${fmt(r.memoryAfter![k])}` : '–');
  console.log(`| ${[
    r.label, r.engine ?? '–', mb(r.downloadBytes), f(r.coldReadyMs), f(r.coldFirstTagMs), f(r.warmReadyMs),
    r.lexiconReadyMs === undefined || r.coldReadyMs === undefined ? '–' : f(r.lexiconReadyMs - r.coldReadyMs), f(r.p50Ms), f(r.p95Ms), f(r.tokensPerSecond),
    f(r.tokenizeMsPerText, 1), `${f(r.modelMsPerText, 1)} (${f(r.modelP50Ms, 1)})`, f(r.networkGflops, 1), f(r.decodeMsPerText, 1), f(r.linkMsPerText, 1), f(r.peakGflops, 1),
    r.floorMsPerText === undefined ? '–' : `${f(r.floorMsPerText, 1)} (${((100 * r.floorMsPerText) / r.p50Ms!).toFixed(0)}%)`,
    r.rendererBytes === undefined ? '–' : `${mb(r.rendererBytes)}${r.rendererBytesAfterLeak === undefined ? '' : `; ${mb(r.rendererBytesBeforeLeak)} → ${mb(r.rendererBytesAfterLeak)}`}`,
    mem('kernelBytes', (v) => (v === null ? 'n/a' : mb(v))), mem('numTensors', (v) => String(v)), mem('numBytes', (v) => mb(v ?? undefined)), mem('pageHeapBytes', (v) => (v === null ? 'n/a' : mb(v))),
  ].join(' | ')} |`);
}
// The app's own row on the comparison backend (the kernel for a tagger on wasm), and the tfjs-ops row beside it.
const appRow = rows.find((r) => r.label === `${modelId} ${compareOn}` && r.status === 'measured');
const tfjsRow = rows.find((r) => r.label === `${modelId} ${compareOn} tfjs` && r.status === 'measured');
let onnxSummary: Record<string, unknown> | null = null;
if (onnx && 'skipped' in onnx) {
  console.log(`\nONNX comparison skipped: ${onnx.skipped}`);
  onnxSummary = onnx;
} else if (onnx && appRow) {
  const mean = onnx.ms.reduce((a, b) => a + b, 0) / onnx.ms.length;
  const ratio = mean / appRow.modelMsPerText!;
  onnxSummary = {
    engine: `onnxruntime-web ${onnx.version}`, threads: 1, p50Ms: quantile(onnx.ms, 0.5), meanMs: mean,
    appEngine: appRow.engine, appModelMsPerText: appRow.modelMsPerText, ratio,
    tfjsModelMsPerText: tfjsRow?.modelMsPerText, ratioOverTfjs: tfjsRow ? mean / tfjsRow.modelMsPerText! : undefined,
  };
  console.log(`\nsame network, same texts and batches, network time per text on ${compareOn} (1 thread): onnxruntime-web ${onnx.version} mean ${f(mean, 1)} ms (p50 ${f(quantile(onnx.ms, 0.5), 1)}), ` +
    `the app's ${appRow.engine} ${f(appRow.modelMsPerText, 1)} ms: onnxruntime-web takes ${ratio.toFixed(2)}× the app's time (≥ 1: the app is faster)` +
    (tfjsRow ? `; the app's tfjs ops ${f(tfjsRow.modelMsPerText, 1)} ms (onnxruntime-web ${(mean / tfjsRow.modelMsPerText!).toFixed(2)}× that)` : ''));
}
if (emptyRendererBytes !== null) console.log(`\nrenderer memory: resident memory of the renderer processes over an empty page of the same origin (${mb(emptyRendererBytes)} MB), with the model and lexicon loaded, and after the leak texts`);
if (rows.some((r) => r.leakTexts)) console.log(`\nmemory columns: before and after tagging ${leakN} texts, one per call`);
if (longTasks) {
  console.log(`\nmain thread while a 10 MB file was dropped and tagged for ${longTasks.seconds} s on ${compareOn} (${(100 * longTasks.progress).toFixed(1)} % of it): ` +
    `${longTasks.count} long task(s) (over 50 ms), longest ${f(longTasks.longestMs)} ms, ${f(longTasks.totalMs)} ms in all`);
}
for (const r of rows.filter((x) => x.linkMsPerText !== undefined && x.quantization === 'uint8' && x.batchSize === defaultBatch(x.model))) {
  const tagMs = r.tokenizeMsPerText! + r.modelMsPerText! + r.decodeMsPerText!;
  console.log(`\nlinking (${r.label}): ${f(r.linkMsPerText, 1)} ms per text against ${f(tagMs, 1)} ms of tagging (tokenize + model + decode): ` +
    `${((100 * r.linkMsPerText!) / tagMs).toFixed(1)} % added; lexicon ready ${f(r.lexiconReadyMs)} ms after navigation`);
}
const foreign = rows.flatMap((r) => r.foreignRequests ?? []);
if (foreign.length) console.log(`\nWARNING: requests left the origin: ${foreign.join(', ')}`);

mkdirSync(values.out!, { recursive: true });
const file = join(values.out!, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), chromium: chromiumVersion, models: [...infos.values()].map((i) => ({ ...i.entry, summary: i.summary })), texts: texts.length, leakTexts: leakN, rows, onnx: onnxSummary, longTasks }, null, 2));
console.log(`\nreport: ${file}`);
