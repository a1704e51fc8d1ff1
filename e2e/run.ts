/**
 * Runs the end-to-end tests: serves the built app (dist/) on 127.0.0.1 with `vite preview`, then runs
 * e2e/*.e2e.ts with Node's test runner against it in a system Chromium.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { preview } from 'vite';
import { findChromium } from './chromium.ts';

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.error('e2e: no Chromium found. Install one (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to its executable.');
  process.exit(1);
}
if (!existsSync('dist/index.html')) {
  console.error('e2e: dist/ is missing; run `vite build` first (npm run test:e2e does).');
  process.exit(1);
}
const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
const port = (server.httpServer.address() as AddressInfo).port;
const baseUrl = `http://127.0.0.1:${port}`;
const only = process.argv.slice(2);
const files = (only.length ? only : readdirSync('e2e').filter((f) => f.endsWith('.e2e.ts')).map((f) => `e2e/${f}`)).sort();
console.log(`e2e: ${baseUrl}, chromium ${chromiumPath}, ${files.length} file(s)`);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, E2E_BASE_URL: baseUrl, CHROMIUM_PATH: chromiumPath },
});
const code: number = await new Promise((r) => child.on('exit', (c) => r(c ?? 1)));
await server.close();
process.exit(code);
