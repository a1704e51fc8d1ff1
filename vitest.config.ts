import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Node 20 runs relaxed SIMD only behind this flag (Chromium has it on): tests/kernel.test.ts runs both kernel builds.
    execArgv: ['--experimental-wasm-relaxed-simd'],
  },
});
