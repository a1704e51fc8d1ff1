import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LEXICON_MANIFEST, type LexiconManifest } from '../../src/linking/lexicon-files.ts';
import { buildLexicon, type Lexicon } from '../../src/linking/lexicon.ts';

export const DEFAULT_LEXICON_DIR = 'public/lexicons';

/** The app's lexicon read from a folder that `npm run build-lexicon` wrote. */
export async function readLexiconDir(dir: string): Promise<Lexicon> {
  let manifest: LexiconManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, LEXICON_MANIFEST), 'utf8')) as LexiconManifest;
  } catch {
    throw new Error(`no lexicon in ${dir}: run npm run build-lexicon first`);
  }
  return buildLexicon(manifest, async (file) => gunzipSync(readFileSync(join(dir, file))).toString('utf8'));
}
