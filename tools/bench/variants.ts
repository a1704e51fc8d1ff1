/**
 * Quantization variants of a built model for the benchmark: the shipped weights decoded once and written
 * again as float16 and float32 next to it (in dist/, never in public/), with their own files.json so the
 * app's integrity check passes. tfjs dequantizes at load, so the variants differ in download size and load
 * time; their accuracy is the shipped model's (score other quantizations with `npm run convert` + `npm run eval`).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { MODEL_FILES, type FileManifest, type ModelIndex, type Quantization } from '../../src/model/format.ts';
import { encodeWeights, shard } from '../convert/weights.ts';
import type { GraphWeight } from '../convert/graph.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Reads a model folder's weights back to float32 / int32 arrays, in manifest order. */
async function decodeModelWeights(dir: string): Promise<{ json: any; weights: GraphWeight[] }> {
  const json = JSON.parse(readFileSync(join(dir, MODEL_FILES.graph), 'utf8'));
  const specs: tf.io.WeightsManifestEntry[] = json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights);
  const paths: string[] = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
  const buf = Buffer.concat(paths.map((p) => readFileSync(join(dir, p))));
  await tf.setBackend('cpu');
  const map = tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), specs);
  const weights = specs.map((s) => {
    const t = map[s.name];
    const w: GraphWeight = { name: s.name, shape: s.shape, dtype: s.dtype as 'float32' | 'int32', data: t.dataSync() as Float32Array | Int32Array };
    t.dispose();
    return w;
  });
  return { json, weights };
}

/** Writes `<id>--<q>` beside `<id>` in `modelsDir` for each quantization asked, lists them in index.json, returns their ids. */
export async function writeQuantizationVariants(modelsDir: string, id: string, quantizations: Quantization[]): Promise<Record<string, string>> {
  const src = join(modelsDir, id);
  const { json, weights } = await decodeModelWeights(src);
  const index = JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as ModelIndex;
  const base = index.models.find((m) => m.id === id)!;
  const ids: Record<string, string> = {};
  for (const q of quantizations) {
    if (q === json.userDefinedMetadata?.quantization) {
      ids[q] = id;
      continue;
    }
    const vid = `${id}--${q}`;
    const dir = join(modelsDir, vid);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const { specs, data } = encodeWeights(weights, q);
    const shards = shard(data);
    const files: FileManifest['files'] = {};
    const put = (name: string, bytes: Uint8Array) => {
      writeFileSync(join(dir, name), bytes);
      files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
    };
    const graph = { ...json, userDefinedMetadata: { ...json.userDefinedMetadata, quantization: q }, weightsManifest: [{ paths: shards.map((s) => s.name), weights: specs }] };
    put(MODEL_FILES.graph, Buffer.from(JSON.stringify(graph)));
    for (const s of shards) put(s.name, s.bytes);
    // Every other downloaded file (tokenizer or vocabulary, labels, a tagger's dictionary.bin) is the shipped one.
    const manifest = JSON.parse(readFileSync(join(src, MODEL_FILES.manifest), 'utf8')) as FileManifest;
    const shipped = new Set<string>(json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths));
    const others = Object.keys(manifest.files).filter((f) => f !== MODEL_FILES.graph && !shipped.has(f));
    for (const f of others) {
      copyFileSync(join(src, f), join(dir, f));
      put(f, readFileSync(join(dir, f)));
    }
    writeFileSync(join(dir, MODEL_FILES.manifest), JSON.stringify({ files } satisfies FileManifest, null, 2));
    const bytes = Object.entries(files).filter(([f]) => f !== MODEL_FILES.card).reduce((n, [, v]) => n + v.bytes, 0);
    index.models = index.models.filter((m) => m.id !== vid);
    index.models.push({ ...base, id: vid, name: `${base.name} (${q}, benchmark)`, quantization: q, bytes });
    ids[q] = vid;
  }
  writeFileSync(join(modelsDir, 'index.json'), JSON.stringify(index, null, 2));
  return ids;
}

/** Bytes the app downloads for a model: every file in its files.json. */
export function downloadBytes(modelsDir: string, id: string): number {
  const m = JSON.parse(readFileSync(join(modelsDir, id, MODEL_FILES.manifest), 'utf8')) as FileManifest;
  return Object.values(m.files).reduce((n, f) => n + f.bytes, 0);
}
