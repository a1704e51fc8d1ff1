import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Only the default model is precached for offline use; another listed model (?model=<id>) is fetched when asked for.
const defaultModel = (JSON.parse(readFileSync(new URL('./public/models/index.json', import.meta.url), 'utf8')) as { default: string }).default;
const onnxStub = fileURLToPath(new URL('./src/model/onnx-stub.ts', import.meta.url));

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*'],
      manifest: {
        name: 'BioNER — biomedical entity tagging',
        short_name: 'BioNER',
        description: 'Find genes, chemicals, diseases, species and variants in biomedical text, entirely in your browser.',
        theme_color: '#1f3b57',
        background_color: '#f7f7f5',
        display: 'standalone',
        start_url: '/',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app, the default model and the linking lexicon (what the worker reads of it: the compiled
        // dictionaries, the corpus pairs, the encoder) are precached: after one visit everything works offline.
        // A new build changes the revisions, and outdated entries (an old model's shards too) are removed.
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}', 'models/index.json', `models/${defaultModel}/*.{json,bin}`, 'lexicons/*.json', 'lexicons/*.lex.gz', 'lexicons/corpus-pairs.tsv.gz', 'lexicons/encoder.txt.gz', 'lexicons/orthologs.tsv.gz'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        navigateFallback: '/index.html',
      },
    }),
  ],
  // The tokenizer library imports an ONNX runtime it never uses here; see src/model/onnx-stub.ts.
  resolve: { alias: { 'onnxruntime-web': onnxStub, 'onnxruntime-node': onnxStub } },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
