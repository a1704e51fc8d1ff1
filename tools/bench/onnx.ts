/**
 * The default tagger's network exported to ONNX (tools/bench/export-onnx.ts) and run in onnxruntime-web, the
 * engine behind transformers.js, in the same headless Chromium, on the same texts cut into the same batches
 * as the app's tfjs path: the benchmark's reference for "the engine people would otherwise use". Only the
 * network is timed (both engines feed identical inputs; the CRF decoding is the app's JavaScript either way).
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { MODEL_FILES, type TaggerMetadata, type TaggerVocabFile } from '../../src/model/format.ts';
import { TaggerVocab } from '../../src/ner/tagger-features.ts';
import { buildBatch, planTaggerBatches } from '../../src/ner/tagger-pipeline.ts';

const ORT_DIR = 'node_modules/onnxruntime-web/dist';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.onnx': 'application/octet-stream' };

const PAGE = `<!doctype html><meta charset="utf-8"><script src="/ort/ort.wasm.min.js"></script><script>
window.onnxInit = async () => {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = '/ort/';
  window.session = await ort.InferenceSession.create('/model.onnx', { executionProviders: ['wasm'] });
};
// texts: per text, its batches as { dims: [B, T, C], words, chars, casings, lengths } (plain arrays)
window.onnxTime = async (texts) => {
  const feeds = texts.map((batches) => batches.map((b) => {
    const [B, T, C] = b.dims;
    const t = (a, shape) => new ort.Tensor('int64', BigInt64Array.from(a, (v) => BigInt(v)), shape);
    return { words: t(b.words, [B, T]), chars: t(b.chars, [B, T, C]), casings: t(b.casings, [B, T]), lengths: t(b.lengths, [B]) };
  }));
  await window.session.run(feeds[0][0]); // warm-up
  const ms = [];
  for (const text of feeds) {
    const t0 = performance.now();
    for (const f of text) await window.session.run(f);
    ms.push(performance.now() - t0);
  }
  return ms;
};
</script>`;

function serve(onnxPath: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file: string | null = null;
    if (url.pathname === '/model.onnx') file = onnxPath;
    else if (url.pathname.startsWith('/ort/')) file = join(ORT_DIR, normalize(url.pathname.slice(5)).replace(/^(\.\.[/\\])+/, ''));
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else if (file && existsSync(file)) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

/** Milliseconds per text of the ONNX network in onnxruntime-web (wasm, 1 thread), or why it was skipped. */
export async function timeOnnx(browser: Browser, onnxPath: string, modelDir: string, texts: string[]): Promise<{ ms: number[]; version: string } | { skipped: string }> {
  if (!existsSync(onnxPath)) return { skipped: `no ONNX export at ${onnxPath}` };
  if (!existsSync(join(ORT_DIR, 'ort.wasm.min.js'))) return { skipped: 'onnxruntime-web is not installed (npm install)' };
  const meta = JSON.parse(readFileSync(join(modelDir, MODEL_FILES.graph), 'utf8')).userDefinedMetadata as TaggerMetadata;
  const v = JSON.parse(readFileSync(join(modelDir, MODEL_FILES.vocab), 'utf8')) as TaggerVocabFile;
  const vocab = new TaggerVocab(v.words, v.chars, meta.maxWordChars);
  const inputs = texts.map((t) => {
    const { words, batches } = planTaggerBatches([t]);
    return batches.map((jobs) => {
      const b = buildBatch(jobs, words, vocab);
      return { dims: [b.batch, b.steps, b.charLen], words: [...b.words], chars: [...b.chars], casings: [...b.casings], lengths: [...b.lengths] };
    });
  });
  const server = await serve(onnxPath);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.evaluate(() => (window as unknown as { onnxInit(): Promise<void> }).onnxInit());
    const ms = await page.evaluate((x) => (window as unknown as { onnxTime(t: unknown): Promise<number[]> }).onnxTime(x), inputs);
    const version = JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8')).version as string;
    return { ms, version };
  } finally {
    await context.close();
    server.close();
  }
}
