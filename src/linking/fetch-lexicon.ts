/**
 * Downloads the linking lexicon in the worker: the manifest, then each file the app reads (the compiled
 * dictionaries, the corpus pairs, the name encoder), gzip-compressed, checked against its sha256 and inflated
 * with DecompressionStream. Nothing but these same-origin files is fetched.
 */
import { sha256Hex } from '../model/fetch-model.ts';
import { LEXICON_MANIFEST, type LexiconManifest } from './lexicon-files.ts';
import { loadCompiledLexicon, type Lexicon } from './lexicon.ts';

export async function fetchLexicon(base: string): Promise<Lexicon> {
  const root = base.endsWith('/') ? base : base + '/';
  const res = await fetch(root + LEXICON_MANIFEST);
  if (!res.ok) throw new Error(`lexicon list: HTTP ${res.status}`);
  const manifest = (await res.json()) as LexiconManifest;
  if (manifest.format !== 'bioner-lexicon/1') throw new Error(`lexicon format ${manifest.format} is not one this app reads`);
  const entries = [...manifest.files, ...(manifest.compiled ?? [])];
  const read = async (file: string): Promise<ArrayBuffer> => {
    const r = await fetch(root + file);
    if (!r.ok) throw new Error(`lexicon file ${file}: HTTP ${r.status}`);
    const bytes = await r.arrayBuffer();
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
