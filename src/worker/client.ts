import type { LexiconSource } from '../linking/lexicon-files.ts';
import type { EntitySpan } from '../ner/span.ts';
import type { BackendChoice, BackendFallback, BackendName, JobTimings, LoadPhase, MemoryStats, TaggerEngine, WorkerRequest, WorkerResponse } from './protocol.ts';

export type ReadyInfo = Extract<WorkerResponse, { type: 'ready' }>;

export interface ClientEvents {
  onLoadProgress?(loaded: number, total: number): void;
  onLoadPhase?(phase: LoadPhase, backend?: BackendName): void;
  onBackendChanged?(backend: BackendName, engine: string, fallbacks: BackendFallback[]): void;
  /** The linking lexicon finished loading (or failed to). */
  onLexicon?(info: { state: 'ready'; sources: LexiconSource[]; notice: string; loadMs: number } | { state: 'error'; message: string }): void;
  /** The worker died (crash, out of memory); pending jobs are rejected and a new client is needed. */
  onCrash?(message: string): void;
}

export class JobCancelled extends Error {
  override name = 'JobCancelled';
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?(done: number, total: number): void;
}

/** Promise-based access to the NER worker; one instance per worker. */
export class NerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private loading: Pending | null = null;
  private nextId = 1;
  private dead = false;

  constructor(private readonly events: ClientEvents = {}) {
    this.worker = new Worker(new URL('./ner.worker.ts', import.meta.url), { type: 'module', name: 'ner' });
    this.worker.onmessage = (ev: MessageEvent<WorkerResponse>) => this.receive(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      this.crash(ev.message || 'the tagging worker stopped unexpectedly (out of memory?)');
    };
    this.worker.onmessageerror = () => this.crash('a message from the tagging worker could not be read');
  }

  private send(req: WorkerRequest): void {
    if (this.dead) throw new Error('the tagging worker has stopped; restart it');
    this.worker.postMessage(req);
  }

  private crash(message: string): void {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate();
    const err = new Error(message);
    this.loading?.reject(err);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.events.onCrash?.(message);
  }

  private receive(m: WorkerResponse): void {
    switch (m.type) {
      case 'load-progress':
        this.events.onLoadProgress?.(m.loaded, m.total);
        return;
      case 'load-phase':
        this.events.onLoadPhase?.(m.phase, m.backend);
        return;
      case 'ready':
        this.loading?.resolve(m);
        this.loading = null;
        return;
      case 'backend-changed':
        this.events.onBackendChanged?.(m.backend, m.engine, m.fallbacks);
        return;
      case 'error':
        if (m.jobId === undefined || m.stage === 'load') {
          this.loading?.reject(new Error(m.message));
          this.loading = null;
        }
        if (m.jobId !== undefined) this.settle(m.jobId, (p) => p.reject(new Error(m.message)));
        return;
      case 'progress':
        this.pending.get(m.jobId)?.onProgress?.(m.done, m.total);
        return;
      case 'cancelled':
        this.settle(m.jobId, (p) => p.reject(new JobCancelled('cancelled')));
        return;
      case 'result':
        this.settle(m.jobId, (p) => p.resolve({ spans: m.spans, timings: m.timings, linked: m.linked }));
        return;
      case 'lexicon':
        this.events.onLexicon?.(m.state === 'ready' ? { state: 'ready', sources: m.sources, notice: m.notice, loadMs: m.loadMs } : { state: 'error', message: m.message });
        return;
      case 'link-result':
        this.settle(m.jobId, (p) => p.resolve(m.spans));
        return;
      case 'probe-result':
        this.settle(m.jobId, (p) => p.resolve({ labelIds: m.labelIds, scores: m.scores }));
        return;
      case 'peak-result':
        this.settle(m.jobId, (p) => p.resolve(m.gflops));
        return;
      case 'stats-result':
        this.settle(m.jobId, (p) => p.resolve({ memory: m.memory, backend: m.backend }));
    }
  }

  private settle(jobId: number, f: (p: Pending) => void): void {
    const p = this.pending.get(jobId);
    if (!p) return;
    this.pending.delete(jobId);
    f(p);
  }

  private request<T>(make: (jobId: number) => WorkerRequest, onProgress?: Pending['onProgress']): { jobId: number; promise: Promise<T> } {
    const jobId = this.nextId++;
    const promise = new Promise<T>((resolve, reject) => {
      this.pending.set(jobId, { resolve: resolve as (v: unknown) => void, reject, onProgress });
    });
    try {
      this.send(make(jobId));
    } catch (e) {
      this.settle(jobId, (p) => p.reject(e as Error));
    }
    return { jobId, promise };
  }

  load(modelId: string, modelBase: string, backend: BackendChoice, lexiconBase?: string, remembered?: BackendName, engine?: TaggerEngine): Promise<ReadyInfo> {
    return new Promise<ReadyInfo>((resolve, reject) => {
      this.loading = { resolve: resolve as (v: unknown) => void, reject };
      try {
        this.send({ type: 'load', modelId, modelBase, backend, lexiconBase, remembered, engine });
      } catch (e) {
        reject(e as Error);
      }
    });
  }

  tag(texts: string[], onProgress?: (done: number, total: number) => void, batchSize?: number): { jobId: number; promise: Promise<{ spans: EntitySpan[][]; timings: JobTimings; linked: boolean }> } {
    return this.request((jobId) => ({ type: 'tag', jobId, texts, batchSize }), onProgress);
  }

  /** Links spans tagged earlier; waits for the lexicon if it is still loading. */
  link(texts: string[], spans: EntitySpan[][]): Promise<EntitySpan[][]> {
    return this.request<EntitySpan[][]>((jobId) => ({ type: 'link', jobId, texts, spans })).promise;
  }

  cancel(jobId: number): void {
    if (!this.dead) this.worker.postMessage({ type: 'cancel', jobId } satisfies WorkerRequest);
  }

  /** Diagnostics: makes the worker lose its GPU device now (see the protocol). */
  loseDevice(): void {
    if (!this.dead) this.worker.postMessage({ type: 'lose-device' } satisfies WorkerRequest);
  }

  probe(ids: number[]): Promise<{ labelIds: number[]; scores: number[] }> {
    return this.request<{ labelIds: number[]; scores: number[] }>((jobId) => ({ type: 'probe', jobId, ids })).promise;
  }

  stats(): Promise<{ memory: MemoryStats; backend: BackendName }> {
    return this.request<{ memory: MemoryStats; backend: BackendName }>((jobId) => ({ type: 'stats', jobId })).promise;
  }

  peak(size: number, repeats: number): Promise<number> {
    return this.request<number>((jobId) => ({ type: 'peak', jobId, size, repeats })).promise;
  }

  terminate(): void {
    this.dead = true;
    this.worker.terminate();
  }
}
