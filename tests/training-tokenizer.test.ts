import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWordPiece } from '../src/model/tokenizer.ts';
import { tokenizeWithOffsets } from '../src/ner/tokenize.ts';

// The shipped model folder: its tokenizer.json must give the ids the Python trainer used.
const MODEL_DIR = resolve('public/models/bioner-small');
const fixture = JSON.parse(readFileSync('tests/fixtures/tokenizer-python-ids.json', 'utf8')) as { text: string; ids: number[] }[];

describe('trainer and browser tokenizers', () => {
  it.each(fixture.map((f) => [f.text, f.ids] as const))('agree on %j', async (text, ids) => {
    const wp = await loadWordPiece(basename(MODEL_DIR), dirname(MODEL_DIR));
    expect(tokenizeWithOffsets(text, wp).tokens.map((t) => t.id)).toEqual(ids);
  });
});
