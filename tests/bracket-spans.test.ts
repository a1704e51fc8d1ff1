import { describe, expect, it } from 'vitest';
import { balanceBrackets } from '../src/ner/bracket-spans.ts';
import { applyDocumentRules } from '../src/ner/document-rules.ts';
import type { EntitySpan } from '../src/ner/span.ts';

const span = (text: string, s: string, type = 'Chemical'): EntitySpan => {
  const start = text.indexOf(s);
  if (start < 0) throw new Error(`${s} is not in the text`);
  return { type, start, end: start + s.length, text: s, score: 0.8 };
};
/** The texts of the spans the rule makes of one span, each checked against its offsets. */
const repaired = (text: string, s: string, type = 'Chemical') => {
  const out = balanceBrackets(text, [span(text, s, type)]);
  for (const x of out) {
    expect(text.slice(x.start, x.end)).toBe(x.text);
    expect(x.type).toBe(type);
  }
  return out.map((x) => x.text);
};

describe('balance-brackets', () => {
  it('leaves paired brackets and bracket-free spans as they are', () => {
    const text = 'Bz-Phe substitution of [Bz-Phe6]-PACAP-(1-27)-peptide and aspirin.';
    const spans = [span(text, '[Bz-Phe6]-PACAP-(1-27)-peptide'), span(text, 'aspirin')];
    expect(balanceBrackets(text, spans)).toEqual(spans);
  });

  it('drops an opener that starts a span and a closer that ends one', () => {
    expect(repaired('the concentration of [(3)H]-siRNAs', '[(3)H')).toEqual(['(3)H']);
    expect(repaired('levels of p21(CIP1) and p53', 'CIP1)', 'Gene')).toEqual(['CIP1']);
  });

  it('takes in the opener that stands just before the span', () => {
    expect(repaired('to CH(3)SeH, (CH(3))(2)Se, and', 'CH(3))(2)Se')).toEqual(['(CH(3))(2)Se']);
    expect(repaired('toxicity, (insulin-dependent) diabetes mellitus (IDDM)', 'insulin-dependent) diabetes mellitus', 'Disease'))
      .toEqual(['(insulin-dependent) diabetes mellitus']);
  });

  it('ends the span at a closer followed by a space, where its opener is further off', () => {
    const text = 'VPAC2 (vasoactive intestinal peptide receptor type 2) receptor deficient mice';
    expect(repaired(text, 'peptide receptor type 2) receptor', 'Gene')).toEqual(['peptide receptor type 2']);
    // with the opener just before the span, the span takes it in instead
    expect(repaired(text, 'vasoactive intestinal peptide receptor type 2) receptor', 'Gene'))
      .toEqual(['(vasoactive intestinal peptide receptor type 2) receptor']);
  });

  it('splits a long form from its short form into two spans of the same type', () => {
    expect(repaired('and elevated PARP (poly ADP ribose polymerase) activity', 'PARP (poly ADP ribose polymerase', 'Gene'))
      .toEqual(['PARP', 'poly ADP ribose polymerase']);
    expect(repaired('feeding rats a Met (L-methionine)-restricted diet', 'Met (L-methionine')).toEqual(['Met', 'L-methionine']);
  });

  it('takes in the closer just after an opener inside a word', () => {
    expect(repaired('polymers such as poly(D,L-lactide) (PLA) and', 'poly(D,L-lactide')).toEqual(['poly(D,L-lactide)']);
  });

  it('leaves a span it cannot pair, and drops one with nothing left', () => {
    expect(repaired('odd [x(y] text', 'x(y]')).toEqual(['x(y]']);
    expect(balanceBrackets('a ( b', [{ type: 'Chemical', start: 2, end: 3, text: '(', score: 0.5 }])).toEqual([]);
  });

  it('runs before the abbreviation rule, so the short form it cuts off takes the long form type', () => {
    const text = 'N-acetylcysteine (NAC) protects. NAC lowered ROS.';
    const spans = [span(text, 'N-acetylcysteine (NAC')];
    const out = applyDocumentRules(text, spans, ['balance-brackets', 'abbreviation-type-chemical']);
    expect(out.map((s) => [s.text, s.start])).toEqual([['N-acetylcysteine', 0], ['NAC', 18], ['NAC', 33]]);
  });
});
