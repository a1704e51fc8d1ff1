/**
 * Downloads the linking lexicon in the worker: the manifest, then each file the app reads (the compiled
 * dictionaries, the corpus pairs, the name encoder), gzip-compressed, checked against its sha256 and inflated
 * with DecompressionStream. Nothing but these same-origin files is fetched.
 */
import { sha256Hex } from '../model/fetch-model.ts';
import { LEXICON_MANIFEST, type LexiconManifest } from './lexicon-files.ts';
import { loadCompiledLexicon, type Lexicon } from './lexicon.ts';

/** A download started early (`prefetchLexicon`): the manifest and the bytes of the files read at load. */
export interface LexiconDownload {
  manifest: Promise<LexiconManifest>;
  bytes: Promise<Map<string, Promise<ArrayBuffer>>>;
}

const rootOf = (base: string) => (base.endsWith('/') ? base : base + '/');

async function fetchManifest(root: string): Promise<LexiconManifest> {
  const res = await fetch(root + LEXICON_MANIFEST);
  if (!res.ok) throw new Error(`lexicon list: HTTP ${res.status}`);
  const manifest = (await res.json()) as LexiconManifest;
  if (manifest.format !== 'bioner-lexicon/1') throw new Error(`lexicon format ${manifest.format} is not one this app reads`);
  return manifest;
}

async function fetchBytes(root: string, file: string): Promise<ArrayBuffer> {
  const r = await fetch(root + file);
  if (!r.ok) throw new Error(`lexicon file ${file}: HTTP ${r.status}`);
  return r.arrayBuffer();
}

/**
 * Starts downloading the manifest and the files the lexicon reads when it loads (not the gene tables read on
 * demand), checking nothing yet: the worker calls it once the model's bytes are in, so the transfer overlaps
 * the backend's start instead of following the model. A failed prefetch is no error: fetchLexicon asks again.
 */
export function prefetchLexicon(base: string): LexiconDownload {
  const root = rootOf(base);
  const manifest = fetchManifest(root);
  const bytes = manifest.then((m) => {
    const files = [...m.files.filter((f) => f.type === 'encoder' || f.type === 'pairs'), ...(m.compiled ?? []).filter((f) => !f.onDemand)];
    return new Map(files.map((f) => {
      const p = fetchBytes(root, f.file);
      p.catch(() => undefined);
      return [f.file, p] as const;
    }));
  });
  manifest.catch(() => undefined);
  bytes.catch(() => undefined);
  return { manifest, bytes };
}

export async function fetchLexicon(base: string, early?: LexiconDownload): Promise<Lexicon> {
  const root = rootOf(base);
  const manifest = early ? await early.manifest.catch(() => fetchManifest(root)) : await fetchManifest(root);
  const prefetched = early ? await early.bytes.catch(() => new Map<string, Promise<ArrayBuffer>>()) : new Map<string, Promise<ArrayBuffer>>();
  const entries = [...manifest.files, ...(manifest.compiled ?? [])];
  const read = async (file: string): Promise<ArrayBuffer> => {
    const pending = prefetched.get(file);
    prefetched.delete(file); // each is read once: the map lets go of its bytes
    const bytes = pending ? await pending.catch(() => fetchBytes(root, file)) : await fetchBytes(root, file);
    const entry = entries.find((f) => f.file === file)!;
    const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      // A server that sends .gz files with Content-Encoding: gzip hands over the content already inflated.
      if ((await sha256Hex(bytes)) !== entry.textSha256) throw new Error(`lexicon file ${file} is damaged (checksum mismatch)`);
      return bytes;
    }
    if ((await sha256Hex(bytes)) !== entry.sha256) throw new Error(`lexicon file ${file} is damaged (checksum mismatch)`);
    const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(inflated).arrayBuffer();
  };
  return loadCompiledLexicon(manifest, read, async (file) => new TextDecoder().decode(await read(file)));
}
