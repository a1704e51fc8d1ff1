import { describe, expect, it } from 'vitest';
import { withVariants } from '../src/ner/variant-spans.ts';
import type { EntitySpan } from '../src/ner/span.ts';
import { qualifiedId, recordUrl } from '../src/linking/lexicon-files.ts';

const span = (text: string, type: string, m: string, from = 0): EntitySpan => {
  const start = text.indexOf(m, from);
  return { type, start, end: start + m.length, text: m, score: 0.9 };
};

describe('variant spans', () => {
  it('win over the spans they overlap; a gene that held the variant at its end keeps its own name', () => {
    const text = 'CBR3 V244M and the variant N372H (rs3761422) in SCN5A.';
    const spans = [span(text, 'Gene', 'CBR3 V244M'), span(text, 'Chemical', 'N372H'), span(text, 'Gene', 'SCN5A')];
    const out = withVariants(text, spans);
    expect(out.map((s) => [s.type, s.text, text.slice(s.start, s.end)])).toEqual([
      ['Gene', 'CBR3', 'CBR3'], ['Variant', 'V244M', 'V244M'], ['Variant', 'N372H', 'N372H'], ['Variant', 'rs3761422', 'rs3761422'], ['Gene', 'SCN5A', 'SCN5A'],
    ]);
    expect(out[1].link).toEqual({ ids: ['p.V244M'], names: ['ProteinMutation'], via: 'pattern', score: 1 });
    expect(out[3].link!.ids).toEqual(['rs3761422']);
    expect(recordUrl('rs3761422')).toBe('https://www.ncbi.nlm.nih.gov/snp/rs3761422');
    expect(recordUrl('dbSNP:rs3761422')).toBe('https://www.ncbi.nlm.nih.gov/snp/rs3761422');
    expect(recordUrl('p.V244M')).toBeNull();
    expect([qualifiedId('rs3761422'), qualifiedId('p.V244M'), qualifiedId('c.1799T>A'), qualifiedId('D003920')]).toEqual(['dbSNP:rs3761422', 'HGVS:p.V244M', 'HGVS:c.1799T>A', 'MESH:D003920']);
  });

  it('keep a gene whose variant comes first, and drop a span that has the variant in its middle', () => {
    const text = 'V600E BRAF and the BRAF V600E mutant protein.';
    const out = withVariants(text, [span(text, 'Gene', 'V600E BRAF'), span(text, 'Gene', 'BRAF V600E mutant protein')]);
    expect(out.map((s) => [s.type, s.text])).toEqual([['Variant', 'V600E'], ['Gene', 'BRAF'], ['Variant', 'V600E']]);
  });

  it('leave a text without variants as it was', () => {
    const text = 'Aspirin and asthma.';
    const spans = [span(text, 'Chemical', 'Aspirin'), span(text, 'Disease', 'asthma')];
    expect(withVariants(text, spans)).toEqual(spans);
  });
});
