/**
 * The benchmark's fixed texts: abstract-length passages (150 to 400 words) made by joining consecutive devel
 * sentences of the corpora, deterministically, so every run and every machine tags the same input.
 */
import { join } from 'node:path';
import { readIob } from '../lib/iob.ts';

const SOURCES = ['BC5CDR-IOB', 'NCBI-disease-IOB', 'BC2GM-IOB'];

export function benchTexts(corporaDir: string, count: number): string[] {
  const pools = SOURCES.map((c) => readIob(join(corporaDir, c, 'devel.tsv')).map((s) => s.tokens.join(' ')));
  const cursor = pools.map(() => 0);
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const target = 150 + ((i * 97) % 251); // 150..400 words, spread evenly
    const k = i % pools.length;
    const parts: string[] = [];
    let words = 0;
    while (words < target) {
      const s = pools[k][cursor[k]++ % pools[k].length];
      const w = s.split(' ').length;
      if (words + w > 400 && words >= 150) break;
      parts.push(s);
      words += w;
    }
    out.push(parts.join(' '));
  }
  return out;
}

export const wordCount = (t: string) => t.split(/\s+/).filter(Boolean).length;
