/// <reference lib="webworker" />
/**
 * The NER worker: owns tfjs, the model and the tokenizer. Loads and verifies the model, picks the best
 * backend that works, tags documents chunk by chunk with progress, honours cancel, and falls back to the
 * next backend when one fails mid-run (e.g. GPU device loss). Once the model is ready it loads the linking
 * lexicon in the background and from then on links every job's spans to database ids.
 */
import * as tf from '@tensorflow/tfjs-core';
import { deviceLossAfterFailure, deviceLostReason, isGpuBackend, loseDevice, startBackend } from '../model/backend.ts';
import { fetchLexicon, prefetchLexicon, type LexiconDownload } from '../linking/fetch-lexicon.ts';
import type { Lexicon } from '../linking/lexicon.ts';
import { linkSpans, loadGeneTablesFor, prepareLinking } from '../linking/linker.ts';
import { fetchModel } from '../model/fetch-model.ts';
import { modelKindOf, type TaggerMetadata } from '../model/format.ts';
import { buildTextTagger, type CallWrapper, type ModelAssets, type TextTagger } from '../model/text-tagger.ts';
import { fetchKernel } from '../model/kernel/kernel-urls.ts';
import type { CompiledKernel } from '../model/kernel/load-kernel.ts';
import { supportedKernelVariant } from '../model/kernel/variants.ts';
import { kernelRunsTagger } from '../model/kernel/bilstm-kernel.ts';
import { splitChunks } from '../ner/chunk.ts';
import { AbortedError } from '../ner/pipeline.ts';
import type { EntitySpan } from '../ner/span.ts';
import { BACKEND_ORDER, type BackendFallback, type BackendName, type JobTimings, type TaggerEngine, type WorkerRequest, type WorkerResponse } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Characters per chunk: bounds memory for megabyte files and gives progress steps. */
const CHUNK_CHARS = 50_000;

const post = (m: WorkerResponse) => self.postMessage(m);
const macrotask = () => new Promise<void>((r) => setTimeout(r, 0));

let assets: ModelAssets | null = null;
let tagger: TextTagger | null = null;
let backend: BackendName | null = null;
let fallbacks: BackendFallback[] = [];
/** The engine asked for at load ('tfjs' keeps a tagger off the kernel), and the kernel, compiled once. */
let enginePreference: TaggerEngine = 'kernel';
let kernel: Promise<CompiledKernel | null> | null = null;
const jobs = new Map<number, AbortController>();
let lexicon: Lexicon | null = null;
let lexiconLoad: Promise<Lexicon> | null = null;

/**
 * The gene tables of the species a text names (read once each, on first need). A table that fails to
 * download is no error of the job: its genes then link through their human orthologs, and a later text tries again.
 */
async function loadGeneTables(text: string, lex: Lexicon): Promise<void> {
  try {
    await loadGeneTablesFor([text], lex);
  } catch {
    /* linked without that table */
  }
}

/** Loads the lexicon once, after the model: it never delays the first tagging, and jobs link once it is in. */
function loadLexicon(base: string, early?: LexiconDownload): void {
  if (lexiconLoad) return;
  const t0 = performance.now();
  lexiconLoad = fetchLexicon(base, early);
  lexiconLoad.then((lex) => {
    lexicon = lex;
    post({ type: 'lexicon', state: 'ready', sources: lex.manifest.sources, notice: lex.manifest.notice, loadMs: performance.now() - t0 });
    // The similarity indexes, in the idle time after the lexicon is in: before, the first text's link built them.
    setTimeout(() => prepareLinking(lex), 0);
  }, (e: Error) => post({ type: 'lexicon', state: 'error', message: e.message || String(e) }));
}

/**
 * Whether the model runs on the tagger's WebAssembly SIMD kernel on `backend`: a BiLSTM tagger on wasm, where the
 * engine has SIMD, unless the load asked for tfjs ops. Then tfjs's own wasm backend is not even loaded.
 */
function runsOnKernel(backend: BackendName): boolean {
  const { format, userDefinedMetadata } = assets!.artifacts;
  return backend === 'wasm' && enginePreference === 'kernel' && modelKindOf(format) === 'tagger' &&
    kernelRunsTagger(userDefinedMetadata as unknown as TaggerMetadata) && supportedKernelVariant() !== null;
}

/** Builds the model on the current backend and runs it once (compiles kernels; proves the backend works). */
async function buildModel(on: BackendName): Promise<void> {
  tagger?.dispose();
  tagger = null;
  const compiled = runsOnKernel(on) ? await (kernel ??= fetchKernel()) : null;
  // Only a GPU backend can lose its device; wasm and cpu calls go straight through.
  tagger = await buildTextTagger(assets!, isGpuBackend(on) ? watchedForDeviceLoss : undefined, compiled);
}

/**
 * A lost GPU device does not always make tfjs throw: results may come back empty, or a readback may wait
 * forever. So every model call races a check for device loss, and a call on a lost device fails, which
 * makes the job fall back to the next backend and redo the current chunk there.
 */
const watchedForDeviceLoss: CallWrapper = (call) => async (...args) => {
  let timer: ReturnType<typeof setInterval> | undefined;
  const lost = new Promise<never>((_, reject) => {
    const check = () => {
      const why = deviceLostReason();
      if (why) reject(new Error(why));
    };
    check();
    timer = setInterval(check, 100);
  });
  try {
    const out = await Promise.race([call(...args), lost]);
    const why = deviceLostReason();
    if (why) throw new Error(why);
    return out;
  } catch (e) {
    // A destroyed WebGPU device first fails the readback, then reports the loss: name the cause.
    const why = await deviceLossAfterFailure(5_000);
    throw why && !(e as Error).message.includes(why) ? new Error(`${why} (${(e as Error).message})`) : e;
  } finally {
    clearInterval(timer);
    lost.catch(() => undefined);
  }
};

/** What a candidate backend is timed on in automatic mode: an abstract-length text of typical words. */
const TIMING_TEXT = Array(4).fill('Tamoxifen reduced the risk of breast cancer in women with BRCA1 mutations, while cisplatin-induced nephrotoxicity was more frequent in patients with low expression of SLC22A2.').join(' ');

/** ms of the faster of two runs of the warmed-up model on TIMING_TEXT (the first run may still compile). */
async function timeModel(): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    await tagger!.tag([TIMING_TEXT], { batchSize: defaultBatchSize(backend ?? (tf.getBackend() as BackendName)) });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function load(req: Extract<WorkerRequest, { type: 'load' }>): Promise<void> {
  const t0 = performance.now();
  const base = `${req.modelBase.replace(/\/$/, '')}/${req.modelId}/`;
  post({ type: 'load-phase', phase: 'download' });
  let verifying = false;
  const fetched = await fetchModel(base, (loaded, total) => {
    post({ type: 'load-progress', loaded, total });
    // Every byte is in: what is left is checking each file's sha256.
    if (total && loaded >= total && !verifying) {
      verifying = true;
      post({ type: 'load-phase', phase: 'verify' });
    }
  });
  // The model's bytes are in: the lexicon's transfer can overlap the backend's start (it loads after 'ready').
  const lexiconDownload = req.lexiconBase && !lexiconLoad ? prefetchLexicon(req.lexiconBase) : undefined;
  // The tokenizer library is a chunk of its own, loaded only for a BERT model.
  const wordpiece = modelKindOf(fetched.artifacts.format) === 'bert' ? await (await import('../model/tokenizer.ts')).loadWordPiece(req.modelId, req.modelBase) : undefined;
  assets = { ...fetched, wordpiece };
  enginePreference = req.engine ?? 'kernel';
  const started = await startBackend(req.backend, buildModel, {
    withoutTfjs: runsOnKernel,
    remembered: req.remembered,
    time: timeModel,
    onPhase: (phase, b) => post({ type: 'load-phase', phase, backend: b }),
  });
  backend = started.backend;
  fallbacks = started.fallbacks;
  post({ type: 'ready', modelId: req.modelId, backend, engine: tagger!.engineDetail, labels: tagger!.labels.slice(), fallbacks, loadMs: performance.now() - t0, selection: started.selection });
  if (req.lexiconBase) loadLexicon(req.lexiconBase, lexiconDownload);
}

/** Moves to the next backend after `failed`; the model is rebuilt there. */
async function fallBack(failed: BackendName, reason: string): Promise<void> {
  const tried = [...fallbacks.map((f) => f.backend), failed];
  // The next backend in the order after the one that failed (never back up to a faster one that was skipped).
  const next = BACKEND_ORDER[BACKEND_ORDER.indexOf(failed) + 1];
  if (!next) throw new Error(`${failed} failed and there is no backend after it: ${reason}`);
  const started = await startBackend(next, buildModel, { skip: tried, withoutTfjs: runsOnKernel });
  fallbacks = [...fallbacks, { backend: failed, reason }, ...started.fallbacks];
  backend = started.backend;
  post({ type: 'backend-changed', backend, engine: tagger!.engineDetail, fallbacks });
}

/**
 * Windows per model call when the request does not say. Batching pays on a GPU; on the single-threaded wasm
 * and cpu backends it only adds padding (a batch is as long as its longest window): `npm run bench` measured a
 * median of 285 ms per abstract with one window per call against 349 ms with 8 on wasm (bench/README.md).
 */
function defaultBatchSize(b: BackendName): number | undefined {
  // The tagger batches a text's sentences so its recurrence runs as few steps as possible (its own default).
  if (tagger!.kind === 'tagger') return undefined;
  return isGpuBackend(b) ? 8 : 1;
}

async function tag(req: Extract<WorkerRequest, { type: 'tag' }>): Promise<void> {
  const ctrl = new AbortController();
  jobs.set(req.jobId, ctrl);
  const timings: JobTimings = { tokenizeMs: 0, modelMs: 0, decodeMs: 0, tokens: 0 };
  try {
    const totalChars = req.texts.reduce((n, t) => n + t.length, 0) || 1;
    let doneChars = 0;
    const spans: EntitySpan[][] = [];
    for (const text of req.texts) {
      const all: EntitySpan[] = [];
      for (const chunk of splitChunks(text, CHUNK_CHARS)) {
        for (;;) {
          try {
            const [found] = await tagger!.tag([chunk.text], {
              batchSize: req.batchSize ?? defaultBatchSize(backend!),
              signal: ctrl.signal,
              between: macrotask,
              onProgress: (d, t) => post({ type: 'progress', jobId: req.jobId, done: doneChars + (chunk.text.length * d) / t, total: totalChars }),
            }, timings);
            for (const s of found) all.push({ ...s, start: s.start + chunk.start, end: s.end + chunk.start });
            break;
          } catch (e) {
            if (e instanceof AbortedError) throw e;
            await fallBack(backend!, (e as Error).message); // throws when no backend is left
          }
        }
        doneChars += chunk.text.length;
        post({ type: 'progress', jobId: req.jobId, done: doneChars, total: totalChars });
      }
      if (lexicon) {
        await loadGeneTables(text, lexicon);
        const t0 = performance.now();
        spans.push(linkSpans(text, all, lexicon));
        timings.linkMs = (timings.linkMs ?? 0) + performance.now() - t0;
      } else spans.push(all);
    }
    post({ type: 'result', jobId: req.jobId, spans, timings, linked: !!lexicon });
  } catch (e) {
    if (e instanceof AbortedError) post({ type: 'cancelled', jobId: req.jobId });
    else post({ type: 'error', jobId: req.jobId, message: (e as Error).message, stage: 'tag' });
  } finally {
    jobs.delete(req.jobId);
  }
}

async function probe(req: Extract<WorkerRequest, { type: 'probe' }>): Promise<void> {
  const runner = tagger!.bertRunner;
  if (!runner) throw new Error('probe feeds word-piece ids: only BERT models take them');
  const ids = Int32Array.from(req.ids);
  const out = await runner.run(ids, new Int32Array(ids.length).fill(1), 1, ids.length);
  post({ type: 'probe-result', jobId: req.jobId, labelIds: [...out.labelIds], scores: [...out.scores] });
}

function memoryStats() {
  // With --js-flags=--expose-gc (the benchmark's browser) a collection first, so the heap figure is live data.
  (self as unknown as { gc?: () => void }).gc?.();
  const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, jsHeapBytes: heap ? heap.usedJSHeapSize : null, kernelBytes: tagger?.kernelBytes?.() ?? null };
}

async function matmulGflops(n: number, repeats: number): Promise<number> {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  try {
    const once = async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    };
    await once(); // compile / warm up
    const t0 = performance.now();
    for (let i = 0; i < repeats; i++) await once();
    const secs = (performance.now() - t0) / 1000;
    return (2 * n ** 3 * repeats) / secs / 1e9;
  } finally {
    a.dispose();
    b.dispose();
  }
}

// Requests run one after another, except cancel, which must reach a running job.
let queue = Promise.resolve();
self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  if (req.type === 'cancel') {
    jobs.get(req.jobId)?.abort();
    return;
  }
  if (req.type === 'lose-device') {
    loseDevice();
    return;
  }
  if (req.type === 'link') {
    // Outside the queue: it needs only the lexicon, and waits for it, not for running jobs.
    if (!lexiconLoad) post({ type: 'error', jobId: req.jobId, message: 'no lexicon is loading', stage: 'tag' });
    else lexiconLoad.then(
      async (lex) => {
        for (const t of req.texts) await loadGeneTables(t, lex);
        post({ type: 'link-result', jobId: req.jobId, spans: req.texts.map((t, i) => linkSpans(t, req.spans[i] ?? [], lex)) });
      },
      (e: Error) => post({ type: 'error', jobId: req.jobId, message: `linking: ${e.message}`, stage: 'tag' }),
    );
    return;
  }
  queue = queue.then(async () => {
    try {
      if (req.type === 'load') await load(req);
      else if (!tagger) throw new Error('the model is not loaded');
      else if (req.type === 'tag') await tag(req);
      else if (req.type === 'probe') await probe(req);
      else if (req.type === 'stats') post({ type: 'stats-result', jobId: req.jobId, memory: memoryStats(), backend: backend! });
      else if (req.type === 'peak') post({ type: 'peak-result', jobId: req.jobId, gflops: await matmulGflops(req.size, req.repeats) });
    } catch (e) {
      post({ type: 'error', jobId: 'jobId' in req ? req.jobId : undefined, message: (e as Error).message || String(e), stage: req.type === 'load' ? 'load' : 'tag' });
    }
  });
};
