/**
 * BC2GM's gene convention from NCBI's: the model tags a gene as its name alone ("SRD5A2"), BC2GM marks the
 * generic word after it too ("SRD5A2 gene", "APOE promoter"). To score BC2GM in its own convention, a found
 * gene span takes the generic words that follow it (training/corpora.json geneConvention.after, the words the
 * trainer trims off; "protein" only after a symbol such as "p53"), with or without a hyphen between.
 */
import { readFileSync } from 'node:fs';
import type { EntitySpan } from '../../src/ner/span.ts';
import { CORPORA_FILE } from './corpora.ts';

interface GeneConvention {
  after: string[];
  afterSymbol: string[];
}

const convention = (JSON.parse(readFileSync(CORPORA_FILE, 'utf8')) as { geneConvention: GeneConvention }).geneConvention;
const AFTER = new Set(convention.after);
const AFTER_SYMBOL = new Set(convention.afterSymbol);
const NEXT_WORD = /^([ -])(\p{L}+)/u;
const symbolLike = (word: string) => /\d/.test(word) || (word.match(/\p{Lu}/gu)?.length ?? 0) >= 2;

export function bc2gmConvention(text: string, spans: readonly EntitySpan[]): EntitySpan[] {
  return spans.map((s) => {
    if (s.type !== 'Gene') return s;
    let end = s.end;
    for (;;) {
      const m = NEXT_WORD.exec(text.slice(end, end + 40));
      if (!m) break;
      const word = m[2].toLowerCase();
      const last = text.slice(s.start, end).split(/[\s-]/).pop() ?? '';
      if (!AFTER.has(word) && !(AFTER_SYMBOL.has(word) && symbolLike(last))) break;
      if (spans.some((o) => o !== s && o.start >= end && o.start < end + m[0].length)) break;
      end += m[0].length;
    }
    return end === s.end ? s : { ...s, end, text: text.slice(s.start, end) };
  });
}
