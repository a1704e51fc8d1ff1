import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { develFifth, extraCorpusDocuments } from '../tools/lib/extra-corpora.ts';

/** A data folder with an 11-abstract train file for corpus "X". */
function dataWithTrain(): string {
  const data = mkdtempSync(join(tmpdir(), 'extra-'));
  mkdirSync(join(data, 'extra/pubtator/X'), { recursive: true });
  const docs = Array.from({ length: 11 }, (_, i) => `${i + 1}|t|Title ${i + 1}\n${i + 1}|a|Text ${i + 1}.\n`);
  writeFileSync(join(data, 'extra/pubtator/X/train.PubTator'), docs.join('\n'));
  return data;
}

const ids = (data: string, split: string, fifth?: number) => extraCorpusDocuments(data, 'X', split, fifth).map((d) => Number(d.id));

describe('the devel part of a train file', () => {
  it('is the last fifth by default, cut as before, and train is the rest', () => {
    const data = dataWithTrain();
    expect(ids(data, 'devel', 4)).toEqual([10, 11]);
    expect(ids(data, 'train', 4)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('can be another fifth, so that train and devel still split the file without overlap', () => {
    const data = dataWithTrain();
    for (const fifth of [0, 1, 2, 3, 4]) {
      const devel = ids(data, 'devel', fifth);
      const train = ids(data, 'train', fifth);
      expect(devel.length).toBeGreaterThan(0);
      expect([...devel, ...train].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    }
    expect(ids(data, 'devel', 0)).toEqual([1, 2]);
  });

  it('is chosen by EXTRA_DEVEL_FIFTH, and a value other than 0 to 4 is refused', () => {
    expect(develFifth({})).toBe(4);
    expect(develFifth({ EXTRA_DEVEL_FIFTH: '0' })).toBe(0);
    expect(() => develFifth({ EXTRA_DEVEL_FIFTH: '5' })).toThrow(/EXTRA_DEVEL_FIFTH/);
    expect(() => develFifth({ EXTRA_DEVEL_FIFTH: 'last' })).toThrow(/EXTRA_DEVEL_FIFTH/);
  });
});
