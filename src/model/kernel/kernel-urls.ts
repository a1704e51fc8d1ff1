/** The kernel's builds as bundled assets (browser only: Vite gives each a URL; precached with the app). */
import relaxedUrl from './build/bilstm-relaxed.wasm?url';
import simdUrl from './build/bilstm-simd.wasm?url';
import { compileKernel, type CompiledKernel } from './load-kernel.ts';

const URLS: Record<string, string> = { 'bilstm-relaxed.wasm': relaxedUrl, 'bilstm-simd.wasm': simdUrl };

export function fetchKernel(): Promise<CompiledKernel | null> {
  return compileKernel(async (file) => {
    const res = await fetch(URLS[file]);
    if (!res.ok) throw new Error(`the tagger kernel ${file} could not be fetched (HTTP ${res.status})`);
    return res.arrayBuffer();
  });
}
