import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tokenizerConfigJson, tokenizerJson } from '../../tools/convert/tokenizer-files.ts';

/** ../shared beside the checkout (CI puts it there), or $SHARED_DIR. */
export const SHARED = resolve(process.env.SHARED_DIR ?? join(import.meta.dirname, '../../../shared'));

export function sharedPath(...parts: string[]): string {
  const p = join(SHARED, ...parts);
  if (!existsSync(p)) throw new Error(`${p} not found: tests need ../shared beside the checkout (or SHARED_DIR)`);
  return p;
}

/** Writes tokenizer.json/tokenizer_config.json for a vocabulary into `<root>/<id>/` as the converter does. */
export function writeTokenizerFolder(root: string, id: string, vocabFile: string, lowercase = false): string {
  const vocab = readFileSync(vocabFile, 'utf8').split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab, lowercase, 512)));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfigJson(lowercase, 512)));
  return dir;
}
