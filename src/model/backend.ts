import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BACKEND_ORDER, fastest, type BackendChoice, type BackendFallback, type BackendName, type BackendSelection } from './backend-names.ts';

/**
 * Registers a tfjs backend by importing its module when it is first tried: each is a chunk of its own, so
 * a tagger on the WebAssembly kernel never loads (or parses) the WebGL, WebGPU or tfjs wasm code.
 */
const REGISTER: Record<BackendName, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  wasm: () => import('./tfjs-wasm-backend.ts'),
  cpu: async () => undefined,
};

/** Backends that run on a GPU device: it can be lost (driver reset), and batching windows pays there. */
export function isGpuBackend(b: BackendName): boolean {
  return b === 'webgl' || b === 'webgpu';
}

/** A renderer or adapter that runs on the CPU: a "GPU" backend on it is slower than WebAssembly. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

let adapterRequest: Promise<AdapterLike | null> | undefined;

/** navigator.gpu's adapter, asked for once: the software check and the availability check share it. Null without WebGPU. */
function gpuAdapter(): Promise<AdapterLike | null> | null {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return null;
  return (adapterRequest ??= gpu.requestAdapter() as Promise<AdapterLike | null>);
}

/** The software renderer's name if `name`'s GPU is emulated on the CPU (WebGPU fallback adapter, SwiftShader, llvmpipe). */
async function softwareGpu(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const adapter = await gpuAdapter()?.catch(() => null);
    if (!adapter) return null;
    const info = adapter.info ?? {};
    if (adapter.isFallbackAdapter || info.isFallbackAdapter) return "the browser's fallback adapter";
    const desc = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
    return SOFTWARE.test(desc) ? desc : null;
  }
  if (name === 'webgl' && typeof OffscreenCanvas !== 'undefined') {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return SOFTWARE.test(renderer) ? renderer : null;
  }
  return null;
}

/** Why a backend cannot start here, or null if it may. WebGPU needs an adapter, not just navigator.gpu. */
async function unavailable(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const request = gpuAdapter();
    if (!request) return 'WebGPU is not supported by this browser';
    try {
      if (!(await request)) return 'WebGPU is present but no GPU adapter was granted';
    } catch (e) {
      return `WebGPU adapter request failed: ${(e as Error).message}`;
    }
  }
  if (name === 'webgl' && typeof OffscreenCanvas === 'undefined') return 'WebGL needs OffscreenCanvas in a worker';
  return null;
}

/** The backend the model runs on now (tfjs's own may be 'cpu' where the model needs none of tfjs; see tryBackend). */
let active: BackendName | null = null;

/**
 * Sets the tfjs backend and runs `check` on it (build and warm up the model); throws what went wrong. Where
 * `withoutTfjs(name)` says the model runs on `name` without tfjs (the tagger's WebAssembly kernel), tfjs's own
 * wasm module is never loaded: tfjs is left on its plain-JavaScript backend, which holds nothing.
 */
async function tryBackend(name: BackendName, check: (backend: BackendName) => Promise<void>, withoutTfjs?: (name: BackendName) => boolean): Promise<void> {
  const tfjsName = withoutTfjs?.(name) ? 'cpu' : name;
  await REGISTER[tfjsName]();
  if (!(await tf.setBackend(tfjsName))) throw new Error('backend did not initialise');
  await tf.ready();
  if (name === 'webgpu') watchWebGpu();
  await check(name);
  active = name;
}

export interface StartOptions {
  /** Backends not to try (those that failed already). */
  skip?: readonly BackendName[];
  /** Automatic mode: the backend an earlier visit measured fastest for this model, tried alone first. */
  remembered?: BackendName;
  /** Automatic mode: times the warmed-up model on the current backend (ms); with it, every candidate is timed. */
  time?: () => Promise<number>;
  onPhase?: (phase: 'start' | 'warm-up', backend: BackendName) => void;
  /** Backends on which the model needs nothing of tfjs (a tagger on the WebAssembly kernel). */
  withoutTfjs?: (backend: BackendName) => boolean;
}

/**
 * Starts a backend and returns it with the reasons others were skipped and how it was chosen. A backend the
 * user picked is tried first, then the ones after it. In automatic mode a GPU backend whose GPU is emulated in
 * software is never a candidate (WebAssembly is faster than SwiftShader or llvmpipe); the remembered backend
 * is tried alone; otherwise, with `time`, every candidate that starts is timed on the warmed-up model and the
 * fastest is kept. `check` runs after a backend starts (loading and warming the model): a failure moves on.
 */
export async function startBackend(
  choice: BackendChoice,
  check: (backend: BackendName) => Promise<void>,
  opts: StartOptions = {},
): Promise<{ backend: BackendName; fallbacks: BackendFallback[]; selection: BackendSelection }> {
  const skip = opts.skip ?? [];
  const fallbacks: BackendFallback[] = [];
  const attempt = async (name: BackendName): Promise<boolean> => {
    const why = await unavailable(name);
    if (why) {
      fallbacks.push({ backend: name, reason: why });
      return false;
    }
    try {
      opts.onPhase?.('start', name);
      await tryBackend(name, async (b) => {
        opts.onPhase?.('warm-up', b);
        await check(b);
      }, opts.withoutTfjs);
      return true;
    } catch (e) {
      fallbacks.push({ backend: name, reason: (e as Error).message || String(e) });
      return false;
    }
  };
  if (choice !== 'auto') {
    for (const name of BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(choice))) {
      if (!skip.includes(name) && (await attempt(name))) return { backend: name, fallbacks, selection: { how: 'chosen' } };
    }
  } else {
    const candidates: BackendName[] = [];
    for (const name of BACKEND_ORDER) {
      if (skip.includes(name)) continue;
      const soft = name === 'webgpu' || name === 'webgl' ? await softwareGpu(name) : null;
      if (soft) fallbacks.push({ backend: name, reason: `its GPU is emulated in software (${soft}); WebAssembly is faster there` });
      else candidates.push(name);
    }
    if (opts.remembered && candidates.includes(opts.remembered) && (await attempt(opts.remembered))) {
      return { backend: opts.remembered, fallbacks, selection: { how: 'remembered' } };
    }
    // CPU (plain JavaScript) is the last resort, never a contender.
    const contenders = candidates.filter((b) => b !== 'cpu' && b !== opts.remembered);
    if (opts.time && contenders.length > 1) {
      const timings: Partial<Record<BackendName, number>> = {};
      for (const name of contenders) if (await attempt(name)) timings[name] = await opts.time();
      const best = fastest(timings);
      if (best) {
        if (active !== best) await tryBackend(best, check, opts.withoutTfjs);
        return { backend: best, fallbacks, selection: { how: 'measured', timings } };
      }
    } else {
      for (const name of contenders) if (await attempt(name)) return { backend: name, fallbacks, selection: { how: contenders.length > 1 ? 'chosen' : 'only' } };
    }
    if (candidates.includes('cpu') && (await attempt('cpu'))) return { backend: 'cpu', fallbacks, selection: { how: 'only' } };
  }
  throw new Error(`no tfjs backend could run the model: ${fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`);
}

type WebGLBackendLike = { gpgpu?: { gl?: WebGL2RenderingContext } };
type WebGPUBackendLike = { device?: GPUDeviceLike };
interface GPUDeviceLike {
  lost: Promise<{ message: string; reason?: string }>;
  destroy(): void;
}

/** WebGPU reports a loss only through `device.lost`: its reason once it resolved, and the promise itself. */
let webgpuLost: string | null = null;
let webgpuLostPromise: Promise<string> | null = null;

function watchWebGpu(): void {
  webgpuLost = null;
  const device = (tf.backend() as unknown as WebGPUBackendLike).device;
  webgpuLostPromise = device
    ? device.lost.then((info) => (webgpuLost = `the WebGPU device was lost${info.message ? `: ${info.message}` : info.reason ? ` (${info.reason})` : ''}`))
    : null;
}

/**
 * After a failed model call: the device-loss reason if the device turns out to be lost within `waitMs`
 * (a destroyed WebGPU device fails pending readbacks first and reports the loss once its queue has drained).
 */
export async function deviceLossAfterFailure(waitMs: number): Promise<string | null> {
  if (tf.getBackend() !== 'webgpu' || !webgpuLostPromise) return deviceLostReason();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), waitMs)));
  try {
    return await Promise.race([webgpuLostPromise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the GPU under the current backend was lost (driver reset, GPU process crash, tab in the background
 * too long): a lost WebGL context or WebGPU device gives empty or stale results instead of errors, so the
 * worker asks after every model call and falls back to the next backend when this is not null.
 */
export function deviceLostReason(): string | null {
  const name = tf.getBackend();
  if (name === 'webgl') return (tf.backend() as unknown as WebGLBackendLike).gpgpu?.gl?.isContextLost() ? 'the WebGL context was lost' : null;
  if (name === 'webgpu') return webgpuLost;
  return null;
}

/** Diagnostics (end-to-end tests): loses the current backend's GPU device as a driver reset would. */
export function loseDevice(): void {
  const name = tf.getBackend();
  if (name === 'webgl') (tf.backend() as unknown as WebGLBackendLike).gpgpu?.gl?.getExtension('WEBGL_lose_context')?.loseContext();
  if (name === 'webgpu') (tf.backend() as unknown as WebGPUBackendLike).device?.destroy();
}
