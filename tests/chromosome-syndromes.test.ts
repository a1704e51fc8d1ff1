import { describe, expect, it } from 'vitest';
import { withChromosomeSyndromes } from '../src/ner/chromosome-syndromes.ts';
import type { EntitySpan } from '../src/ner/span.ts';

const span = (text: string, type: string, m: string, from = 0): EntitySpan => {
  const start = text.indexOf(m, from);
  return { type, start, end: start + m.length, text: m, score: 0.6 };
};
const shown = (text: string, spans: EntitySpan[]) => spans.map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

describe('chromosomal syndromes', () => {
  it('are Disease spans, whatever the tagger made of their parts', () => {
    const text = 'Children with 22q11.2 deletion syndrome, 1p36 deletion syndrome or the 15q13.3 microdeletion syndrome; 3p deletion syndrome and 7q11.23 duplication syndromes; Xp22 deletion syndrome.';
    const spans = [span(text, 'Gene', '22q11.2'), span(text, 'Disease', 'microdeletion syndrome'), span(text, 'Disease', 'syndrome', text.indexOf('3p '))];
    const out = withChromosomeSyndromes(text, spans);
    expect(shown(text, out)).toEqual([
      'Disease:22q11.2 deletion syndrome', 'Disease:1p36 deletion syndrome', 'Disease:15q13.3 microdeletion syndrome',
      'Disease:3p deletion syndrome', 'Disease:7q11.23 duplication syndromes', 'Disease:Xp22 deletion syndrome',
    ]);
    expect(out.every((s) => s.score === 1 && s.text === text.slice(s.start, s.end))).toBe(true);
  });

  it('leave a span that reaches beyond them, and text that names no syndrome', () => {
    const text = 'A 22q11.2 deletion was found; the 22q11.2 deletion syndrome-associated psychosis; BRCA1 deletion syndrome; p53 deletion syndrome.';
    const spans = [span(text, 'Disease', '22q11.2 deletion syndrome-associated psychosis')];
    expect(shown(text, withChromosomeSyndromes(text, spans))).toEqual(['Disease:22q11.2 deletion syndrome-associated psychosis']);
    expect(withChromosomeSyndromes('Aspirin.', [])).toEqual([]);
  });
});
