import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusEntries, readCorpusSplit, type CorpusEntry } from '../tools/lib/corpora.ts';
import { bc2gmConvention } from '../tools/lib/gene-convention.ts';
import type { EntitySpan } from '../src/ner/span.ts';

const DATA = '../shared/data';
const haveData = existsSync(join(DATA, 'extra'));
const python = ['/usr/bin/python3', 'python3'].find((p) => {
  try {
    execFileSync(p, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

describe('corpus loaders (training/corpora.json)', () => {
  it("pass the trainer's own loader tests (every format, every corpus, NCBI's gene convention, merging)", () => {
    expect(python, 'python3 is needed to test the trainer').toBeTruthy();
    // Throws (failing the test) when any Python test fails; its report is in the error.
    execFileSync(python!, ['-m', 'unittest', 'training/test_corpus_loaders.py'], { stdio: 'pipe', timeout: 0 });
  });

  it.runIf(haveData)('read the same documents and mentions for npm run eval as the trainer reads, each mention its text', () => {
    const fromPython = JSON.parse(execFileSync(python!, ['training/corpus_counts.py', '--split', 'test', '--data', DATA], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Record<string, { documents: number; mentions: number; masked: number; characters: number }>;
    for (const entry of corpusEntries()) {
      const docs = readCorpusSplit(entry, 'test', DATA);
      const count = { documents: docs.length, mentions: docs.reduce((n, d) => n + d.gold.length, 0), masked: docs.reduce((n, d) => n + d.masked.length, 0), characters: docs.reduce((n, d) => n + d.text.length, 0) };
      expect({ corpus: entry.name, ...count }).toEqual({ corpus: entry.name, ...fromPython[entry.name] });
      for (const d of docs) for (const g of d.gold) expect(entry.annotates).toContain(g.type);
    }
  });

  it('cut a one-file corpus into fifths of its documents, the last fifth its test', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpora-'));
    writeFileSync(join(dir, 'all.conll'), Array.from({ length: 10 }, (_, i) => `Gene${i} B-Gene +\nrises O -\n. O +\n`).join('\n'));
    const entry: CorpusEntry = { name: 'x', format: 'conll', path: '{split}.conll', annotates: ['Gene'], tags: { Gene: 'Gene' }, splits: { train: { file: 'all', fifths: [0, 1, 2] }, devel: { file: 'all', fifths: [3] }, test: { file: 'all', fifths: [4] } } };
    expect(readCorpusSplit(entry, 'test', dir).map((d) => d.text)).toEqual(['Gene8 rises.', 'Gene9 rises.']);
    expect(readCorpusSplit(entry, 'train', dir)).toHaveLength(6);
    expect(readCorpusSplit(entry, 'test', dir)[0].gold).toEqual([{ type: 'Gene', start: 0, end: 5 }]);
  });
});

describe("BC2GM's convention for scoring BC2GM", () => {
  const gene = (text: string, mention: string): EntitySpan => {
    const start = text.indexOf(mention);
    return { type: 'Gene', start, end: start + mention.length, text: mention, score: 1 };
  };
  it('puts the generic words after a gene back on, "protein" only after a symbol', () => {
    const t = 'The SRD5A2 gene and APOE promoter variants, p53 protein, C-reactive protein and Brca1-deficient mice.';
    const out = bc2gmConvention(t, [gene(t, 'SRD5A2'), gene(t, 'APOE'), gene(t, 'p53'), gene(t, 'C-reactive'), gene(t, 'Brca1')]);
    expect(out.map((s) => t.slice(s.start, s.end))).toEqual(['SRD5A2 gene', 'APOE promoter variants', 'p53 protein', 'C-reactive', 'Brca1-deficient']);
    out.forEach((s) => expect(s.text).toBe(t.slice(s.start, s.end)));
  });
});
