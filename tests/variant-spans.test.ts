import { describe, expect, it } from 'vitest';
import { withoutAllele, withVariants } from '../src/ner/variant-spans.ts';
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

  it('drop a disease span that holds a variant, where a cut would leave a word that names no disease', () => {
    const text = 'The 879delG defect and C7 deficiency 1195delC, with breast cancer.';
    const out = withVariants(text, [span(text, 'Disease', '879delG defect'), span(text, 'Disease', 'C7 deficiency 1195delC'), span(text, 'Disease', 'breast cancer')]);
    expect(out.map((s) => [s.type, s.text])).toEqual([['Variant', '879delG'], ['Variant', '1195delC'], ['Disease', 'breast cancer']]);
  });

  it('take a star allele or a promoter position off a gene symbol, and leave gene numbers alone', () => {
    const cut = (m: string, type = 'Gene') => withoutAllele({ type, start: 3, end: 3 + m.length, text: m, score: 0.9 });
    expect(['CYP2E1*1B', 'ALDH2*2', 'HLA-B*5701', 'IL1B-511', 'TNF-308GA'].map((m) => cut(m).text)).toEqual(['CYP2E1', 'ALDH2', 'HLA-B', 'IL1B', 'TNF']);
    expect(cut('CYP2E1*1B')).toMatchObject({ start: 3, end: 9 });
    expect(['MMP-2', 'IL-12', 'miR-124', 'hsa-mir-503', 'FAM-161', 'CCDC-104', 'FAS-670'].map((m) => cut(m).text))
      .toEqual(['MMP-2', 'IL-12', 'miR-124', 'hsa-mir-503', 'FAM-161', 'CCDC-104', 'FAS-670']);
    expect(cut('ALDH2*2', 'Chemical').text).toBe('ALDH2*2');
    expect(['p-Akt', 'phospho-ERK1/2', 'miR424-5p', 'miR-483-3p'].map((m) => cut(m).text)).toEqual(['Akt', 'ERK1/2', 'miR424', 'miR-483']);
    expect(cut('p-Akt')).toMatchObject({ start: 5, end: 8 });
    expect(['p-glycoprotein', 'p-A', 'ERK-5p'].map((m) => cut(m).text)).toEqual(['p-glycoprotein', 'p-A', 'ERK-5p']);
    const text = 'The CYP2E1*1B allele.';
    expect(withVariants(text, [span(text, 'Gene', 'CYP2E1*1B')]).map((s) => text.slice(s.start, s.end))).toEqual(['CYP2E1']);
  });

  it('drop a gene span that is only a genotype at a position, a sequence length or a chromosome band, and no chemical isotope', () => {
    const text = 'The IL1B 511CC and -31TT genotypes of a 6Mb region; 13C glucose; ERK2; t(4;11)(p16.2;p15.4) and 11q23 with p16 and p53.';
    const spans = [span(text, 'Gene', 'IL1B'), span(text, 'Gene', '511CC'), span(text, 'Gene', '-31TT'), span(text, 'Gene', '6Mb'), span(text, 'Chemical', '13C'), span(text, 'Gene', 'ERK2'),
      span(text, 'Gene', 'p16.2'), span(text, 'Gene', 'p15.4'), span(text, 'Gene', '11q23'), span(text, 'Gene', 'p16', text.indexOf('p16 ')), span(text, 'Gene', 'p53')];
    expect(withVariants(text, spans).map((s) => `${s.type}:${s.text}`)).toEqual(['Gene:IL1B', 'Chemical:13C', 'Gene:ERK2', 'Gene:p16', 'Gene:p53']);
  });

  it('drop a chemical or gene span that is a genotype in nucleotide letters the text calls one, and no other', () => {
    const text = 'The CC genotype and carriers of the CT and TT genotypes; genotypes (AG) and C/T heterozygotes; CC was given; AT heterozygotes; CT scans.';
    const spans = [
      span(text, 'Chemical', 'CC'), span(text, 'Chemical', 'CT'), span(text, 'Gene', 'TT'), span(text, 'Chemical', 'AG'),
      span(text, 'Chemical', 'C/T'), span(text, 'Chemical', 'CC', text.indexOf('CC was')), span(text, 'Disease', 'AT'),
      span(text, 'Chemical', 'CT', text.indexOf('CT scans')),
    ];
    expect(withVariants(text, spans).map((s) => `${s.type}:${text.slice(s.start, s.end + 4)}`)).toEqual(['Chemical:CC was', 'Disease:AT het', 'Chemical:CT sca']);
  });

  it('leave a text without variants as it was', () => {
    const text = 'Aspirin and asthma.';
    const spans = [span(text, 'Chemical', 'Aspirin'), span(text, 'Disease', 'asthma')];
    expect(withVariants(text, spans)).toEqual(spans);
  });
});
