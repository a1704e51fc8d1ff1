import { KERNEL_VARIANTS, supportedKernelVariant, type KernelVariant } from './variants.ts';

/** The tagger kernel compiled for this engine: the build (relaxed-SIMD FMA or plain SIMD128) it validates. */
export interface CompiledKernel {
  variant: KernelVariant;
  module: WebAssembly.Module;
}

/**
 * Compiles the fastest kernel build the engine supports, its bytes read by `read` (a fetch of the bundled
 * file in the browser, a file read in Node); null where the engine has no WebAssembly SIMD.
 */
export async function compileKernel(read: (file: string) => Promise<BufferSource>): Promise<CompiledKernel | null> {
  const variant = supportedKernelVariant();
  if (!variant) return null;
  const file = KERNEL_VARIANTS.find((v) => v.name === variant)!.file;
  return { variant, module: await WebAssembly.compile(await read(file)) };
}
