/**
 * tfjs's wasm backend with the app's settings, imported only when a model runs on tfjs ops on WebAssembly
 * (a tagger on the app's kernel never loads it). The wasm binaries are bundled with the app (never fetched
 * from a CDN).
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmThreadsUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadsUrl,
});
// Threaded wasm needs its worker script unminified, which a production build breaks; one thread it is.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
