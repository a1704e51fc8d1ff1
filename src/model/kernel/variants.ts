/** The kernel's two builds (tools/build-kernel.ts), the faster first: the runner takes the first the engine validates. */
export const KERNEL_VARIANTS = [
  { name: 'relaxed-simd', file: 'bilstm-relaxed.wasm', features: ['simd', 'relaxed-simd'] },
  { name: 'simd', file: 'bilstm-simd.wasm', features: ['simd'] },
] as const;

export type KernelVariant = (typeof KERNEL_VARIANTS)[number]['name'];

/** Tiny modules that use one instruction each: `WebAssembly.validate` says whether the engine has the feature. */
const PROBES: Record<KernelVariant, Uint8Array<ArrayBuffer>> = {
  // (func (result v128) v128.const 0 v128.const 0 v128.const 0 f32x4.relaxed_madd)
  'relaxed-simd': new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
    253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 133, 2, 11]),
  // (func (result v128) v128.const 0)
  simd: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0,
    253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]),
};

/** The fastest kernel build this engine runs, or null without WebAssembly SIMD. */
export function supportedKernelVariant(): KernelVariant | null {
  if (typeof WebAssembly === 'undefined') return null;
  for (const v of KERNEL_VARIANTS) if (WebAssembly.validate(PROBES[v.name])) return v.name;
  return null;
}
