import type * as tf from '@tensorflow/tfjs-core';
import { MODEL_FILES, modelArtifacts, modelKindOf, type FileManifest, type LabelsFile, type TaggerMetadata, type TaggerVocabFile } from './format.ts';

export class ModelIntegrityError extends Error {
  override name = 'ModelIntegrityError';
}

/** The sha256 of some bytes as lower-case hex, as the files' manifests give it. */
export async function sha256Hex(bytes: BufferSource): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches one file, reporting bytes as they arrive. */
async function fetchBytes(url: string, onBytes: (n: number) => void): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new ModelIntegrityError(`${url}: HTTP ${res.status}`);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    onBytes(value.length);
  }
  const out = new Uint8Array(size);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out.buffer;
}

/**
 * Downloads a model folder's graph, shards and labels (and a tagger's vocabulary and dictionary), checking each file's size
 * and sha256 against files.json, so a missing, truncated or corrupted shard is caught before anything is
 * built from it.
 */
export async function fetchModel(baseUrl: string, onProgress: (loaded: number, total: number) => void): Promise<{ artifacts: tf.io.ModelArtifacts; labels: string[]; vocab?: TaggerVocabFile; dictionary?: Uint8Array }> {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const manifestRes = await fetch(base + MODEL_FILES.manifest, { cache: 'no-cache' });
  if (!manifestRes.ok) throw new ModelIntegrityError(`model manifest ${base + MODEL_FILES.manifest}: HTTP ${manifestRes.status}`);
  const manifest = (await manifestRes.json()) as FileManifest;
  const verified = async (name: string, onBytes: (n: number) => void) => {
    const expect = manifest.files[name];
    if (!expect) throw new ModelIntegrityError(`${name} is not listed in ${MODEL_FILES.manifest}`);
    const bytes = await fetchBytes(base + name, onBytes);
    if (bytes.byteLength !== expect.bytes) {
      throw new ModelIntegrityError(`${name} has ${bytes.byteLength} bytes, expected ${expect.bytes} (incomplete download?)`);
    }
    if ((await sha256Hex(bytes)) !== expect.sha256) throw new ModelIntegrityError(`${name} is corrupted (sha256 mismatch)`);
    return bytes;
  };
  const graphBytes = await verified(MODEL_FILES.graph, () => {});
  const json = JSON.parse(new TextDecoder().decode(graphBytes));
  const paths: string[] = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
  const total = paths.reduce((n, p) => n + (manifest.files[p]?.bytes ?? 0), 0);
  let loaded = 0;
  onProgress(0, total);
  const shards = await Promise.all(paths.map((p) => verified(p, (n) => onProgress((loaded += n), total))));
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let pos = 0;
  for (const s of shards) {
    weightData.set(new Uint8Array(s), pos);
    pos += s.byteLength;
  }
  const labels = (JSON.parse(new TextDecoder().decode(await verified(MODEL_FILES.labels, () => {}))) as LabelsFile).labels;
  const vocab = modelKindOf(json.format) === 'tagger'
    ? (JSON.parse(new TextDecoder().decode(await verified(MODEL_FILES.vocab, () => {}))) as TaggerVocabFile)
    : undefined;
  const dictionaryFile = (json.userDefinedMetadata as Partial<TaggerMetadata> | undefined)?.dictionary?.file;
  const dictionary = dictionaryFile ? new Uint8Array(await verified(dictionaryFile, () => {})) : undefined;
  return {
    labels,
    vocab,
    dictionary,
    artifacts: modelArtifacts(json, weightData.buffer),
  };
}
