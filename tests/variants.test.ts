import { describe, expect, it } from 'vitest';
import { findVariants, NOT_VARIANTS, VARIANT_PATTERNS } from '../src/ner/variants.ts';

describe.each(VARIANT_PATTERNS.map((p) => [p.id, p] as const))('variant pattern %s', (_, p) => {
  it.each(p.examples)('finds all of %j, normalised to %j', (example, normal) => {
    const text = `The ${example} variant.`;
    const found = findVariants(text);
    expect(found.map((f) => [f.text, f.normalized, f.kind, f.pattern])).toEqual([[example, normal, p.kind, p.id]]);
    expect(text.slice(found[0].start, found[0].end)).toBe(example);
  });
  it.each(p.nonExamples.map((n) => [n]))('finds nothing in %j', (non) => {
    expect(findVariants(`The ${non} here.`)).toEqual([]);
  });
});

describe('variants in running text', () => {
  it('finds the variants of a sentence with their offsets, and no gene or cell name', () => {
    const text = 'CBR3 V244M and PNPLA3 I148M (rs738409) were typed in T47D and A549 cells; SCN5A, PIK3CA and E2F1 were not mutated; c.1799T>A (p.Val600Glu) and delF508.';
    const found = findVariants(text);
    expect(found.map((f) => f.text)).toEqual(['V244M', 'I148M', 'rs738409', 'c.1799T>A', 'p.Val600Glu', 'delF508']);
    expect(found.map((f) => f.normalized)).toEqual(['p.V244M', 'p.I148M', 'rs738409', 'c.1799T>A', 'p.V600E', 'p.F508del']);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('keeps the more specific pattern where two would overlap, and counts offsets in UTF-16 after an emoji', () => {
    const text = '😀 IVS2+1G>A and p.G204VfsX28';
    expect(findVariants(text).map((f) => [f.text, f.pattern, text.slice(f.start, f.end)])).toEqual([
      ['IVS2+1G>A', 'ivs-substitution', 'IVS2+1G>A'], ['p.G204VfsX28', 'hgvs-protein-frameshift', 'p.G204VfsX28'],
    ]);
  });

  it('leaves out the named look-alikes, each with what it is', () => {
    for (const [name, what] of NOT_VARIANTS) {
      expect(what.length).toBeGreaterThan(0);
      expect(findVariants(`in ${name} here`)).toEqual([]);
    }
  });

  it('finds nothing in empty text or text without variants', () => {
    expect(findVariants('')).toEqual([]);
    expect(findVariants('Aspirin reduced the risk of colorectal cancer in 1,000 patients (p < 0.05).')).toEqual([]);
  });
});
