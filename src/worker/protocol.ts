/** The typed message protocol between the page and the NER worker, defined once for both sides. */
import type { LexiconSource } from '../linking/lexicon-files.ts';
import type { EntitySpan } from '../ner/span.ts';
import type { BackendChoice, BackendFallback, BackendName, BackendSelection, TaggerEngine } from '../model/backend-names.ts';

// The backend names belong to src/model; the protocol carries them.
export type { BackendChoice, BackendFallback, BackendName, BackendSelection, TaggerEngine };
export { BACKEND_ORDER } from '../model/backend-names.ts';

/** Loading a model: download the files, verify their checksums, start a backend, warm the model up on it. */
export type LoadPhase = 'download' | 'verify' | 'start' | 'warm-up';

export type WorkerRequest =
  /** `lexiconBase`: the folder of the linking lexicon (lexicons.json), loaded after the model is ready.
   * `remembered`: in automatic mode, the backend an earlier visit measured fastest for this model (tried first). */
  /** `engine`: 'tfjs' keeps a tagger on tfjs ops even where the WebAssembly kernel could run it (the benchmark compares both). */
  | { type: 'load'; modelId: string; modelBase: string; backend: BackendChoice; lexiconBase?: string; remembered?: BackendName; engine?: TaggerEngine }
  /** Links spans tagged earlier (before the lexicon was loaded, or restored from an earlier visit). */
  | { type: 'link'; jobId: number; texts: string[]; spans: EntitySpan[][] }
  /** `batchSize`: windows per model call (default: 1 on wasm and cpu, 8 on a GPU backend); the benchmark compares 1 with batched. */
  | { type: 'tag'; jobId: number; texts: string[]; batchSize?: number }
  | { type: 'cancel'; jobId: number }
  /** Diagnostics (end-to-end tests): lose the GPU device now, as a driver reset would; handled at once, like cancel. */
  | { type: 'lose-device' }
  /** Raw argmax for given token ids (diagnostics and cross-backend tests). */
  | { type: 'probe'; jobId: number; ids: number[] }
  | { type: 'stats'; jobId: number }
  /** Times an n×n matrix multiply on the current backend (the benchmark's estimate of peak speed). */
  | { type: 'peak'; jobId: number; size: number; repeats: number };


export interface JobTimings {
  tokenizeMs: number;
  modelMs: number;
  decodeMs: number;
  tokens: number;
  /** Time spent linking the job's spans to database ids. */
  linkMs?: number;
}

export interface MemoryStats {
  numTensors: number;
  numBytes: number;
  /** The worker's JS heap where the browser reports it (Chromium), else null. */
  jsHeapBytes: number | null;
  /** The tagger kernel's WebAssembly memory (weights and call buffers), null when the kernel does not run. */
  kernelBytes: number | null;
}

export type WorkerResponse =
  | { type: 'load-progress'; loaded: number; total: number }
  /** The loading phase now under way; `backend` while one is started or warmed up. */
  | { type: 'load-phase'; phase: LoadPhase; backend?: BackendName }
  /** `engine`: what runs the network on `backend`, e.g. `kernel (relaxed-simd)` or `tfjs`. */
  | { type: 'ready'; modelId: string; backend: BackendName; engine: string; labels: string[]; fallbacks: BackendFallback[]; loadMs: number; selection: BackendSelection }
  | { type: 'backend-changed'; backend: BackendName; engine: string; fallbacks: BackendFallback[] }
  | { type: 'progress'; jobId: number; done: number; total: number }
  /** `linked`: whether the spans went through the linker (false while the lexicon is still loading). */
  | { type: 'result'; jobId: number; spans: EntitySpan[][]; timings: JobTimings; linked: boolean }
  | { type: 'lexicon'; state: 'ready'; sources: LexiconSource[]; notice: string; loadMs: number }
  | { type: 'lexicon'; state: 'error'; message: string }
  | { type: 'link-result'; jobId: number; spans: EntitySpan[][] }
  | { type: 'probe-result'; jobId: number; labelIds: number[]; scores: number[] }
  | { type: 'stats-result'; jobId: number; memory: MemoryStats; backend: BackendName }
  | { type: 'peak-result'; jobId: number; gflops: number }
  | { type: 'cancelled'; jobId: number }
  | { type: 'error'; jobId?: number; message: string; stage: 'load' | 'tag' };
