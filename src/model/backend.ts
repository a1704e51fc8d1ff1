import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmThreadsUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKEND_ORDER, type BackendChoice, type BackendFallback, type BackendName } from '../worker/protocol.ts';

// The wasm binaries are bundled with the app (never fetched from a CDN).
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadsUrl,
});
// Threaded wasm needs its worker script unminified, which a production build breaks; one thread it is.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/** Backends that run on a GPU device: it can be lost (driver reset), and batching windows pays there. */
export function isGpuBackend(b: BackendName): boolean {
  return b === 'webgl' || b === 'webgpu';
}

/** Why a backend cannot start here, or null if it may. WebGPU needs an adapter, not just navigator.gpu. */
async function unavailable(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return 'WebGPU is not supported by this browser';
    try {
      if (!(await gpu.requestAdapter())) return 'WebGPU is present but no GPU adapter was granted';
    } catch (e) {
      return `WebGPU adapter request failed: ${(e as Error).message}`;
    }
  }
  if (name === 'webgl' && typeof OffscreenCanvas === 'undefined') return 'WebGL needs OffscreenCanvas in a worker';
  return null;
}

/**
 * Starts the first backend that works, from `choice` (or the default order) downwards, and returns it with
 * the reasons the ones before it were skipped. `check` runs after a backend starts (e.g. loading and warming
 * the model) and a failure there also moves on to the next backend.
 */
export async function startBackend(
  choice: BackendChoice,
  check: (backend: BackendName) => Promise<void>,
  skip: readonly BackendName[] = [],
): Promise<{ backend: BackendName; fallbacks: BackendFallback[] }> {
  const start = choice === 'auto' ? 0 : BACKEND_ORDER.indexOf(choice);
  const fallbacks: BackendFallback[] = [];
  for (const name of BACKEND_ORDER.slice(start)) {
    if (skip.includes(name)) continue;
    const why = await unavailable(name);
    if (why) {
      fallbacks.push({ backend: name, reason: why });
      continue;
    }
    try {
      if (!(await tf.setBackend(name))) throw new Error('backend did not initialise');
      await tf.ready();
      if (name === 'webgpu') watchWebGpu();
      await check(name);
      return { backend: name, fallbacks };
    } catch (e) {
      fallbacks.push({ backend: name, reason: (e as Error).message || String(e) });
    }
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
