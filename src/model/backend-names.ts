/** The tfjs backends the app can run on, fastest first, defined once (the worker protocol imports them). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** What the user picks: a backend, or the app's own choice. */
export type BackendChoice = BackendName | 'auto';

export interface BackendFallback {
  backend: BackendName;
  reason: string;
}

/**
 * How the backend in use was chosen: the user's pick; in automatic mode, the fastest warm-up of the
 * candidates (`timings`, ms per backend), the choice remembered from an earlier visit, or the only candidate.
 */
export interface BackendSelection {
  how: 'chosen' | 'measured' | 'remembered' | 'only';
  timings?: Partial<Record<BackendName, number>>;
}

/** The fastest of measured backends (ms each); ties go to the one earlier in BACKEND_ORDER. */
export function fastest(timings: Partial<Record<BackendName, number>>): BackendName | null {
  let best: BackendName | null = null;
  for (const b of BACKEND_ORDER) {
    const t = timings[b];
    if (t !== undefined && (best === null || t < timings[best]!)) best = b;
  }
  return best;
}

/**
 * What runs a tagger's network: the WebAssembly SIMD kernel (src/model/kernel, on the wasm backend where the
 * engine has SIMD) or tfjs ops (every other case, and the reference). BERT models always run on tfjs.
 */
export type TaggerEngine = 'kernel' | 'tfjs';
