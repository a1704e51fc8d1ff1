import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LEXICON_MANIFEST, type LexiconManifest } from '../../src/linking/lexicon-files.ts';
import { loadCompiledLexicon, type Lexicon } from '../../src/linking/lexicon.ts';

export const DEFAULT_LEXICON_DIR = 'public/lexicons';

/** The app's lexicon (its compiled dictionaries, as the worker loads them) read from a folder that `npm run build-lexicon` wrote. */
export async function readLexiconDir(dir: string): Promise<Lexicon> {
  let manifest: LexiconManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, LEXICON_MANIFEST), 'utf8')) as LexiconManifest;
  } catch {
    throw new Error(`no lexicon in ${dir}: run npm run build-lexicon first`);
  }
  const inflate = (file: string) => gunzipSync(readFileSync(join(dir, file)));
  return loadCompiledLexicon(manifest, async (file) => {
    const b = inflate(file);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }, async (file) => inflate(file).toString('utf8'));
}
