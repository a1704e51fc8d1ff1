import { describe, expect, it } from 'vitest';
import { bestLongFormStart, findAbbreviations } from '../src/ner/abbreviations.ts';
import { applyDocumentRules, DEFAULT_DOCUMENT_RULES, type DocumentRule } from '../src/ner/document-rules.ts';
import { isDrugStemWord } from '../src/ner/drug-stems.ts';
import type { EntitySpan } from '../src/ner/span.ts';

describe('abbreviation definitions (Schwartz & Hearst)', () => {
  it('finds long forms with exact offsets', () => {
    const text = 'Patients took N-acetylcysteine (NAC) daily. Heat shock protein (HSP) rose; NAC helped.';
    const found = findAbbreviations(text);
    expect(found.map((a) => [a.short, a.long])).toEqual([['NAC', 'N-acetylcysteine'], ['HSP', 'Heat shock protein']]);
    for (const a of found) {
      expect(text.slice(a.longStart, a.longEnd)).toBe(a.long);
      expect(text.slice(a.shortStart, a.shortEnd)).toBe(a.short);
    }
  });
  it('takes the shortest long form whose words start the letters', () => {
    expect(bestLongFormStart('PD', 'patients with Parkinson disease')).toBe('patients with '.length);
    expect(bestLongFormStart('XYZ', 'nothing matches here')).toBe(-1);
  });
  it('takes the short form before a semicolon or comma inside the parentheses', () => {
    const text = 'two hamartoma syndromes, Cowden disease (CD; MIM 158350), were studied.';
    const [a] = findAbbreviations(text);
    expect(a).toMatchObject({ short: 'CD', long: 'Cowden disease' });
    expect(text.slice(a.shortStart, a.shortEnd)).toBe('CD');
    expect(text.slice(a.longStart, a.longEnd)).toBe('Cowden disease');
  });

  it('ignores parentheses that are no short form', () => {
    expect(findAbbreviations('the dose (see below) was 5 mg (n = 3) and (p < 0.05)')).toEqual([]);
  });
});

const span = (text: string, s: string, type: string, score = 0.9, from = 0): EntitySpan => {
  const start = text.indexOf(s, from);
  return { type, start, end: start + s.length, text: s, score };
};

describe('document rules', () => {
  const text = 'N-acetylcysteine (NAC) protects. NAC lowered ROS, and NAC-treated cells survived. The NAC group.';
  it('a short form takes its long form type everywhere as a whole word', () => {
    const spans = [span(text, 'N-acetylcysteine', 'Chemical', 0.8), span(text, 'NAC', 'Gene', 0.6, 30)];
    const out = applyDocumentRules(text, spans, ['abbreviation-type']);
    expect(out.map((s) => [s.type, text.slice(s.start, s.end), s.start])).toEqual([
      ['Chemical', 'N-acetylcysteine', 0], ['Chemical', 'NAC', 18], ['Chemical', 'NAC', 33], ['Chemical', 'NAC', 54], ['Chemical', 'NAC', 86],
    ]);
    expect(out.every((s) => s.text === text.slice(s.start, s.end))).toBe(true);
  });
  it('a type-restricted rule acts only where the long form is of its type', () => {
    const t = 'Tomato bushy stunt virus (TBSV) and N-acetylcysteine (NAC) were used. TBSV spread; NAC did not.';
    const spans = [span(t, 'Tomato bushy stunt virus', 'Species', 0.9), span(t, 'N-acetylcysteine', 'Chemical', 0.9)];
    const found = (rules: DocumentRule[]) => applyDocumentRules(t, spans, rules).map((s) => `${s.type}:${s.text}`);
    expect(found(['abbreviation-type-species'])).toEqual(['Species:Tomato bushy stunt virus', 'Species:TBSV', 'Chemical:N-acetylcysteine', 'Species:TBSV']);
    expect(found(['abbreviation-type-chemical'])).toEqual(['Species:Tomato bushy stunt virus', 'Chemical:N-acetylcysteine', 'Chemical:NAC', 'Chemical:NAC']);
    expect(found(['abbreviation-type-gene'])).toEqual(['Species:Tomato bushy stunt virus', 'Chemical:N-acetylcysteine']);
    expect(found([...DEFAULT_DOCUMENT_RULES])).toHaveLength(6);
  });
  it("a measure's short form is no entity", () => {
    const t = 'The estimated glomerular filtration rate (eGFR) fell; eGFR and EGFR (epidermal growth factor receptor) differ.';
    const spans = [span(t, 'eGFR', 'Gene', 0.6), span(t, 'eGFR', 'Gene', 0.6, 50), span(t, 'EGFR', 'Gene', 0.9, 60), span(t, 'epidermal growth factor receptor', 'Gene', 0.9)];
    expect(applyDocumentRules(t, spans, ['abbreviation-measure']).map((s) => [s.text, s.start])).toEqual([['EGFR', t.indexOf('EGFR')], ['epidermal growth factor receptor', t.indexOf('epidermal')]]);
    expect(applyDocumentRules(t, spans, ['balance-brackets'])).toHaveLength(4);
  });

  it('a word no span touches that ends in a drug stem is a chemical', () => {
    const t = 'Baricitinib and gantenerumab, not anticocaine antibodies or the intercept; ibrutinib-treated mTOR, rapamycin, avibactam, not the pril.';
    const spans = [span(t, 'ibrutinib-treated mTOR', 'Gene', 0.6)];
    const out = applyDocumentRules(t, spans, ['drug-stems']);
    expect(out.map((s) => [s.type, s.text])).toEqual([['Chemical', 'Baricitinib'], ['Chemical', 'gantenerumab'], ['Gene', 'ibrutinib-treated mTOR'], ['Chemical', 'rapamycin'], ['Chemical', 'avibactam']]);
    expect(out.every((s) => s.text === t.slice(s.start, s.end))).toBe(true);
    expect(applyDocumentRules(t, spans, ['balance-brackets'])).toHaveLength(1);
  });

  it('tells a word that ends in a drug stem', () => {
    for (const w of ['paclitaxel', 'ritonavir', 'avibactam', 'Baricitinib']) expect(isDrugStemWord(w)).toBe(true);
    for (const w of ['serine', 'pril', 'anticocaine', 'paclitaxel-treated', 'xpaclitaxel2']) expect(isDrugStemWord(w)).toBe(false);
  });

  it('a name tagged once as its type is tagged at its untouched whole-word occurrences', () => {
    const t = 'Infected mice and rats. The rats, unlike the mice, lived; ratsbane and Rats too. mice-derived cells.';
    const spans = [span(t, 'mice', 'Species', 0.7), span(t, 'rats', 'Species', 0.8), span(t, 'mice-derived cells', 'Gene', 0.4)];
    const out = applyDocumentRules(t, spans, ['repeat-species']);
    // Whole words only, the same case, never inside another span; the best score the name had.
    expect(out.map((s) => [s.type, s.text, s.start, s.score])).toEqual([
      ['Species', 'mice', 9, 0.7], ['Species', 'rats', 18, 0.8], ['Species', 'rats', 28, 0.8], ['Species', 'mice', 45, 0.7],
      ['Gene', 'mice-derived cells', 81, 0.4],
    ]);
    expect(out.every((s) => s.text === t.slice(s.start, s.end))).toBe(true);
    // Only the rule's type; a name tagged as two types is left alone.
    expect(applyDocumentRules(t, spans, ['repeat-gene'])).toEqual(spans);
    const twoTypes = [span(t, 'mice', 'Species', 0.7), span(t, 'mice', 'Chemical', 0.7, 40)];
    expect(applyDocumentRules(t, twoTypes, ['repeat-species'])).toEqual(twoTypes);
  });
  it('a short form whose long form is no entity is dropped, only with that rule', () => {
    const t = 'Whole exome sequencing (WES) was done. WES found it.';
    const spans = [span(t, 'WES', 'Gene', 0.5, 30)];
    expect(applyDocumentRules(t, spans, ['abbreviation-untagged'])).toEqual([]);
    expect(applyDocumentRules(t, spans, [])).toEqual(spans);
  });
});
