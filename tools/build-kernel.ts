/**
 * npm run build:kernel — compiles the tagger's WebAssembly SIMD kernel from source
 * (src/model/kernel/assembly/bilstm.ts, AssemblyScript from npm) into src/model/kernel/build/:
 * bilstm-simd.wasm (SIMD128) and bilstm-relaxed.wasm (the same with relaxed-SIMD FMA). Runs after
 * `npm install` and before every build and test; skips a variant whose output is newer than its source and
 * than this script and the variant list (their flags), unless --force.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNEL_VARIANTS } from '../src/model/kernel/variants.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/model/kernel/assembly/bilstm.ts');
const outDir = join(root, 'src/model/kernel/build');
const asc = join(root, 'node_modules/assemblyscript/bin/asc.js');
mkdirSync(outDir, { recursive: true });
for (const v of KERNEL_VARIANTS) {
  const out = join(outDir, v.file);
  const inputs = [source, fileURLToPath(import.meta.url), join(root, 'src/model/kernel/variants.ts')];
  if (existsSync(out) && inputs.every((f) => statSync(out).mtimeMs > statSync(f).mtimeMs) && !process.argv.includes('--force')) continue;
  execFileSync(process.execPath, [asc, source, '-O3', '--noAssert', '--runtime', 'stub', '--enable', v.features.join(','), '-o', out], { stdio: 'inherit' });
  console.log(`build-kernel: ${out} (${statSync(out).size} bytes)`);
}
