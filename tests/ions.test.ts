import { describe, expect, it } from 'vitest';
import { ionElement, withIonsAsChemicals } from '../src/ner/ions.ts';
import type { EntitySpan } from '../src/ner/span.ts';

const span = (type: string, text: string): EntitySpan => ({ type, start: 0, end: text.length, text, score: 0.6 });

describe('ions', () => {
  it('reads an element symbol with its charge, written plain, in parentheses or in superscripts', () => {
    for (const [text, symbol, name] of [['Ca2+', 'Ca', 'calcium'], ['Ca²⁺', 'Ca', 'calcium'], ['Zn(2+)', 'Zn', 'zinc'], ['Fe³⁺', 'Fe', 'iron'], ['K⁺', 'K', 'potassium'], ['Cl−', 'Cl', 'chlorine'], ['Na(+)', 'Na', 'sodium'], ['Cu²⁺', 'Cu', 'copper']]) {
      expect(ionElement(text)).toEqual({ symbol, name });
    }
  });

  it('reads no charge, no symbol it does not know, nothing around the ion', () => {
    for (const text of ['Ca', 'CA2', 'Cu2', 'CA2+ channel', 'Xx2+', 'Ca2+-ATPase', 'IL-2', 'C3+', 'ca2+']) expect(ionElement(text)).toBeNull();
  });

  it('makes an ion tagged as a gene or disease a chemical, and leaves every other span as it was', () => {
    const spans = [span('Gene', 'Cu²⁺'), span('Disease', 'Fe³⁺'), span('Chemical', 'Ca2+'), span('Gene', 'CA2'), span('Species', 'K+')];
    expect(withIonsAsChemicals(spans).map((s) => `${s.type}:${s.text}`)).toEqual(['Chemical:Cu²⁺', 'Chemical:Fe³⁺', 'Chemical:Ca2+', 'Gene:CA2', 'Species:K+']);
  });
});
