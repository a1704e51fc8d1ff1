import { describe, expect, it } from 'vitest';
import { geneSpecies, geneTableTaxon, speciesContext } from '../src/linking/gene-species.ts';
import { findAbbreviations } from '../src/ner/abbreviations.ts';
import { SpeciesDictionary, withSpecies } from '../src/linking/species.ts';
import { speciesCues } from '../src/linking/species-cues.ts';
import { speciesTaxon } from '../src/linking/species-link.ts';
import { CorpusPairs } from '../src/linking/lexicon.ts';
import { nameWords } from '../src/linking/normalize.ts';
import { qualifiedId, recordUrl } from '../src/linking/lexicon-files.ts';
import { speciesNote } from '../src/formats/species-note.ts';
import { pluralOf } from '../tools/lexicon/species-names.ts';

const dict = SpeciesDictionary.parse([
  '562\tEscherichia coli\tEscherichia coli\t',
  '7227\tDrosophila melanogaster\tDrosophila|Drosophila melanogaster\tfruit fly|fruit flies',
  '9606\tHomo sapiens\tHomo sapiens\thuman|humans|patients',
  '10090\tMus musculus\tMus musculus\tmouse|mice|murine',
  '10116\tRattus norvegicus\tRattus norvegicus\trat|rats',
  '11676\tHuman immunodeficiency virus 1\tHIV-1\t',
].join('\n'));

describe('species vocabulary', () => {
  it('matches names with their case, common names folded, the longest first, at word edges only', () => {
    const text = 'Escherichia coli, E. coli and E.coli; Mice, mice and MICE; rats, not rates; HIV-1 but not hiv-1; Drosophila melanogaster.';
    expect(dict.find(text).map((m) => [m.text, m.taxId])).toEqual([
      ['Escherichia coli', 562], ['E. coli', 562], ['E.coli', 562], ['Mice', 10090], ['mice', 10090], ['rats', 10116], ['HIV-1', 11676], ['Drosophila melanogaster', 7227],
    ]);
  });

  it('finds the same mentions compiled as parsed, and names the same taxa', () => {
    const compiled = SpeciesDictionary.fromCompiled(dict.compile().buffer);
    const text = 'Escherichia coli, E. coli and E.coli; Mice, mice and MICE; rats, not rates; HIV-1 but not hiv-1; Drosophila melanogaster.';
    expect(compiled.find(text)).toEqual(dict.find(text));
    expect([562, 10090, 4, 11676].map((t) => compiled.nameOf(t))).toEqual(['Escherichia coli', 'Mus musculus', undefined, 'Human immunodeficiency virus 1']);
    expect(() => SpeciesDictionary.fromCompiled(new ArrayBuffer(8))).toThrow();
  });

  it('derives a binomial\'s abbreviation for the first taxon that has it, unless a form claims it', () => {
    const d = SpeciesDictionary.parse(['100\tAlpha beta\tAlpha beta\t', '200\tAnother beta\tAnother beta|A. beta\t', '300\tAmber beta\tAmber beta\t'].join('\n'));
    expect(d.taxonOf('A. beta')).toBe(200);
    const e = SpeciesDictionary.parse(['100\tAlpha beta\tAlpha beta\t', '300\tAmber beta\tAmber beta\t'].join('\n'));
    expect(e.taxonOf('A. beta')).toBe(100);
  });

  it('adds Species spans where no other span covers them, once however often it runs', () => {
    const text = 'HIV-1 infection in mice.';
    const spans = [{ type: 'Disease', start: 0, end: 15, text: 'HIV-1 infection', score: 0.9 }];
    const once = withSpecies(text, spans, dict);
    expect(once.map((s) => [s.type, s.text, s.link?.ids[0]])).toEqual([['Disease', 'HIV-1 infection', undefined], ['Species', 'mice', '10090']]);
    expect(withSpecies(text, once, dict)).toEqual(once);
  });

  it('makes plurals of common names', () => {
    expect(['mouse', 'fruit fly', 'zebrafish', 'sheep', 'rat', 'box jellyfish', 'louse'].map(pluralOf)).toEqual(['mice', 'fruit flies', 'zebrafish', 'sheep', 'rats', 'box jellyfish', 'lice']);
  });

  it('qualifies and links taxon ids of Species spans, and says a gene\'s species', () => {
    expect(qualifiedId('9606', 'Species')).toBe('NCBITaxon:9606');
    expect(qualifiedId('9606', 'Gene')).toBe('NCBIGene:9606');
    expect(recordUrl('10116', 'Species')).toBe('https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id=10116');
    expect(speciesNote({ taxId: 9606, name: 'Homo sapiens', why: 'default' })).toBe('Homo sapiens (NCBITaxon:9606), human: the text names no species');
    expect(speciesNote({ taxId: 9606, name: 'Homo sapiens', why: 'sentence', assigned: 9031 })).toMatch(/no gene of this name in the table of NCBITaxon:9031/);
    expect(speciesNote({ taxId: 9606, name: 'Homo sapiens', why: 'sentence', named: 'HEK293T' })).toBe('Homo sapiens (NCBITaxon:9606), named in the sentence ("HEK293T")');
  });
});

describe('the taxon of a Species span', () => {
  const vocabulary = SpeciesDictionary.parse([
    '562\tEscherichia coli\tEscherichia coli\t',
    '317\tPseudomonas syringae\tPseudomonas syringae\t',
    '67594\tPhytophthora syringae\tPhytophthora syringae|P. syringae\t',
    '1286640\tSinorhizobium meliloti\tSinorhizobium meliloti\t',
    '10407\tHepatitis B virus\tHepatitis B virus\t',
    '10244\tMonkeypox virus\tMonkeypox virus\t',
    '12262\tRed clover mottle virus\tRed clover mottle virus|RCMV\t',
    '1261657\tRat cytomegalovirus\tRat cytomegalovirus\t',
    '505693\tChromera velia\tChromera velia\t',
    '2697049\tSevere acute respiratory syndrome coronavirus 2\tSevere acute respiratory syndrome coronavirus 2|SARS-CoV-2\t',
    '561\tEscherichia\tEscherichia\t',
    '573\tKlebsiella pneumoniae\tKlebsiella pneumoniae\t',
    '6687\tPenaeus monodon\tPenaeus monodon\t',
    '10116\tRattus norvegicus\tRattus norvegicus|rat\t',
    '7955\tDanio rerio\tDanio rerio|zebrafish\t',
    '4577\tZea mays\tZea mays|corn\t',
    '10359\tHuman cytomegalovirus\tHuman cytomegalovirus|cytomegalovirus\t',
  ].join('\n'));
  const pairs = new CorpusPairs();
  pairs.add('Species', nameWords('Sinorhizobium meliloti').join(' '), ['382'], 3);
  const ctx = (text: string, longForms: [string, string][] = []) => ({ text, species: vocabulary, pairs, longForms: new Map(longForms) });
  const taxon = (mention: string, text = mention, longForms: [string, string][] = []) => {
    const t = speciesTaxon(mention, ctx(text, longForms));
    return t && [t.taxId, t.via];
  };

  it('takes the corpora\'s pair before the vocabulary, and the vocabulary as written', () => {
    expect(taxon('Sinorhizobium meliloti')).toEqual([382, 'corpus']);
    expect(taxon('Escherichia coli')).toEqual([562, 'exact']);
    expect(taxon('Unheard-of beast')).toBeNull();
    expect(taxon('  ')).toBeNull();
  });
  it('reads an abbreviated binomial as the text spells it out, a genus cut to one or two letters', () => {
    expect(taxon('P. syringae', 'Pseudomonas syringae pv. tomato; P. syringae grew.')).toEqual([317, 'abbreviation']);
    expect(taxon('P. syringae', 'P. syringae alone.')).toEqual([67594, 'exact']);
    expect(taxon('Ch. velia', 'Chromera velia, and Ch. velia.')).toEqual([505693, 'abbreviation']);
  });
  it('takes a defined short form through its long form, before the vocabulary\'s reading of it', () => {
    const text = 'rat cytomegalovirus (RCMV) infects; RCMV spreads.';
    expect(taxon('RCMV', text, [['RCMV', 'rat cytomegalovirus']])).toEqual([1261657, 'abbreviation']);
    expect(taxon('RCMV')).toEqual([12262, 'exact']);
  });
  it('reads a scientific name in lower case, a plural, and a strain or pathovar by its species', () => {
    expect(taxon('hepatitis B virus')).toEqual([10407, 'stem']);
    expect(taxon('monkeypox viruses')).toEqual([10244, 'stem']);
    expect(taxon('E. coli K-12', 'Escherichia coli ... E. coli K-12')).toEqual([562, 'head']);
    expect(taxon('Pseudomonas syringae pv. tomato')).toEqual([317, 'head']);
    expect(taxon('BL21 Escherichia coli')).toEqual([562, 'head']);
  });
  it('reads a virus\'s variant by its acronym, but no genus alone at a mention\'s start', () => {
    expect(taxon('SARS-CoV-2 Omicron BA.5')).toEqual([2697049, 'head']);
    expect(taxon('Escherichia strain 12')).toBeNull();
  });
  it('reads a defined short form by the species its long form ends in, and no virus as its host', () => {
    const text = 'carbapenem-resistant Klebsiella pneumoniae (CRKP) spread; CRKP persisted.';
    expect(taxon('CRKP', text, [['CRKP', 'carbapenem-resistant Klebsiella pneumoniae']])).toEqual([573, 'abbreviation']);
    expect(taxon('Penaeus monodon nucleopolyhedrovirus')).toBeNull();
    expect(taxon('Penaeus monodon shrimp')).toEqual([6687, 'head']);
  });
  it('reads an animal by its kind after a strain, breed or sex, or before its life stage; nothing else by one word', () => {
    expect(taxon('Sprague-Dawley rats')).toEqual([10116, 'head']);
    expect(taxon('male rats')).toEqual([10116, 'head']);
    expect(taxon('zebrafish larvae')).toEqual([7955, 'head']);
    expect(taxon('corn smut')).toBeNull();
    expect(taxon('mouse cytomegalovirus')).toBeNull();
  });
});

describe('a species for every gene mention', () => {
  const symbols: Record<number, string[]> = { 9606: ['IL-6', 'TOR', 'BMP-2', 'HtrA2', 'RPTP mu', 'tau'], 10090: ['Cd36', 'mTOR', 'Lyl1', 'Pim3', 'Socs3'], 10116: ['GH'] };
  const hasSymbol = (taxId: number, s: string) => symbols[taxId]?.includes(s) ?? false;
  const at = (text: string, mention: string, from = 0) => {
    const start = text.indexOf(mention, from);
    return geneSpecies(text, start, start + mention.length, speciesContext(text, dict.find(text)), dict, hasSymbol);
  };

  it('takes a species named in the mention, or its prefix letter where the rest is a symbol of that species', () => {
    expect(at('We measured human IL-6 in mice.', 'human IL-6')).toEqual({ taxId: 9606, why: 'mention', bare: 'IL-6' });
    expect(at('hIL-6 was given to mice.', 'hIL-6')).toEqual({ taxId: 9606, why: 'prefix', bare: 'IL-6' });
    expect(at('rGH in the serum.', 'rGH')).toEqual({ taxId: 10116, why: 'prefix', bare: 'GH' });
    // "rh": recombinant human.
    expect(at('rhBMP-2 was given to mice.', 'rhBMP-2')).toEqual({ taxId: 9606, why: 'prefix', bare: 'BMP-2' });
    // "hum", and a Greek letter's name after the symbol.
    expect(at('HumHtrA2 in mice.', 'HumHtrA2')).toEqual({ taxId: 9606, why: 'prefix', bare: 'HtrA2' });
    expect(at('hRPTP mu in mice.', 'hRPTP mu')).toEqual({ taxId: 9606, why: 'prefix', bare: 'RPTP mu' });
    // "h" before a human gene's name in lower case.
    expect(at('htau in mice.', 'htau')).toEqual({ taxId: 9606, why: 'prefix', bare: 'tau' });
    expect(at('hdac in mice.', 'hdac').why).not.toBe('prefix');
    // mTOR is a symbol of its own, not a mouse "TOR".
    expect(at('mTOR in patients.', 'mTOR').why).not.toBe('prefix');
  });

  it('then a species just before it, the sentence\'s (before the mention first), the paragraph\'s, the document\'s, else human', () => {
    expect(at('In the liver of rats, mouse and rat Pax6 differ.', 'Pax6')).toMatchObject({ taxId: 10116, why: 'before' });
    expect(at('Pax6 levels rose in mice but not in rats.', 'Pax6')).toEqual({ taxId: 10090, why: 'sentence', named: 'mice' });
    expect(at('In rats we found that Pax6 levels rose in mice.', 'Pax6')).toMatchObject({ taxId: 10116, why: 'sentence' });
    expect(at('A title about Pax6\nWe studied rats. Then Pax6 again.', 'Pax6', 20)).toMatchObject({ taxId: 10116, why: 'passage' });
    // The nearest gives way to a species the text names twice as often (the text's, then, not the paragraph's).
    expect(at('A title\nRats, rats and rats were used. Mice once. Then Pax6 again.', 'Pax6')).toMatchObject({ taxId: 10116, why: 'document' });
    expect(at('A title\nRats and rats were used. Mice, mice. Then Pax6 again.', 'Pax6')).toEqual({ taxId: 10090, why: 'passage', named: 'mice' });
    expect(at('Pax6 rose. Mice were used. Mice again. Rats once.', 'Pax6')).toMatchObject({ taxId: 10090, why: 'document' });
    expect(at('Pax6 rose in the tissue.', 'Pax6')).toMatchObject({ taxId: 9606, why: 'default' });
    // A species named right after a list of symbols as where they are ("… and Pax6 in rats") is theirs, before
    // the sentence's nearest before them; a verb between says less ("levels rose in mice", above).
    expect(at('In mice we saw that Sox2 and Pax6 in rats differ.', 'Sox2')).toEqual({ taxId: 10116, why: 'sentence', named: 'rats' });
    expect(at('In mice we saw that Pax6 expression in the rats differs.', 'Pax6')).toEqual({ taxId: 10116, why: 'sentence', named: 'rats' });
  });

  it('gives a defined short form the species named in or just before its long form', () => {
    const withShortForms = (text: string, mention: string, from = 0) => {
      const start = text.indexOf(mention, from);
      return geneSpecies(text, start, start + mention.length, speciesContext(text, dict.find(text), [], hasSymbol, findAbbreviations(text)), dict, hasSymbol);
    };
    const text = 'Mice that express human liver-type fatty acid binding protein (L-FABP) were used. L-FABP rose in mice.';
    expect(withShortForms(text, 'L-FABP', 70)).toEqual({ taxId: 9606, why: 'long-form', named: 'human' });
    // Without such a name the context decides, as for any mention; so it does before the definition.
    const plain = 'Mice that express liver-type fatty acid binding protein (L-FABP) were used. L-FABP rose in mice.';
    expect(withShortForms(plain, 'L-FABP', 70)).toMatchObject({ taxId: 10090, why: 'sentence' });
    const early = 'L-FABP rose in mice. Mice that express human liver-type fatty acid binding protein (L-FABP) were used.';
    expect(withShortForms(early, 'L-FABP')).toMatchObject({ taxId: 10090, why: 'sentence' });
  });

  it("gives a gene of the abstract the title's species before the paragraph's", () => {
    const text = 'A human BRCA2 complex\nBRCA2 binds it. Mouse embryos express it. Then BRCA2 again.';
    expect(at(text, 'BRCA2', 25)).toEqual({ taxId: 9606, why: 'title', named: 'human' });
    // The sentence's still comes first; a title that names none leaves the paragraph's.
    expect(at(text, 'BRCA2', 3)).toMatchObject({ taxId: 9606, why: 'before' });
    expect(at('A human BRCA2 complex\nBRCA2 binds it in mice.', 'BRCA2', 22)).toMatchObject({ taxId: 10090, why: 'sentence' });
    // A title that names two species leaves the paragraph's.
    const two = 'BRCA2 in human xenograft and murine knockout models\nBRCA2 binds it. Patients, patients. Then BRCA2 again.';
    expect(at(two, 'BRCA2', 60)).toMatchObject({ taxId: 9606, why: 'passage' });
  });

  it('gives every gene of a text that names no species to mouse where most of its gene names are in mouse nomenclature', () => {
    const genesOf = (text: string, genes: string[], mention: string) => {
      const start = text.indexOf(mention);
      return geneSpecies(text, start, start + mention.length, speciesContext(text, dict.find(text), genes, hasSymbol), dict, hasSymbol);
    };
    const mouse = 'Lyl1, Pim3 and Socs3 rose with EPOR; EPOR again.';
    expect(genesOf(mouse, ['Lyl1', 'Pim3', 'Socs3', 'EPOR', 'EPOR'], 'EPOR')).toEqual({ taxId: 10090, why: 'case' });
    const human = 'Pim3 rose with EPOR and TP53.';
    expect(genesOf(human, ['Pim3', 'EPOR', 'TP53'], 'EPOR')).toEqual({ taxId: 9606, why: 'default' });
    // One or two such names say nothing (human symbols are written so too), for them or for the others.
    const few = 'Lyl1 and Pim3 rose.';
    expect(genesOf(few, ['Lyl1', 'Pim3'], 'Pim3')).toEqual({ taxId: 9606, why: 'default' });
    // Nor three beside as many in capitals: twice as many are needed.
    const mixed = 'Lyl1, Pim3 and Socs3 rose with EPOR, TP53 and MYC.';
    expect(genesOf(mixed, ['Lyl1', 'Pim3', 'Socs3', 'EPOR', 'TP53', 'MYC'], 'Pim3')).toEqual({ taxId: 9606, why: 'default' });
    // A text that names a species keeps it.
    const named = 'Lyl1, Pim3 and Socs3 rose with EPOR in patients.';
    expect(genesOf(named, ['Lyl1', 'Pim3', 'Socs3', 'EPOR'], 'EPOR')).toMatchObject({ taxId: 9606, why: 'sentence' });
    // A text that names only human, once, elsewhere: its mouse-case names count as naming mouse, each once.
    const once = 'Lyl1, Pim3 and Socs3 rose with EPOR. This may help patients.';
    expect(genesOf(once, ['Lyl1', 'Pim3', 'Socs3', 'EPOR'], 'EPOR')).toEqual({ taxId: 10090, why: 'case' });
    const twice = 'A study of patients\nLyl1, Pim3 and Socs3 rose with EPOR. This may help patients and women.';
    expect(genesOf(twice, ['Lyl1', 'Pim3', 'Socs3', 'EPOR'], 'EPOR')).toMatchObject({ taxId: 9606 });
  });

  it('in a text naming human and a rodent, gives a symbol written both ways the species its case tells', () => {
    const genesOf = (text: string, genes: string[], mention: string, from = 0) => {
      const start = text.indexOf(mention, from);
      return geneSpecies(text, start, start + mention.length, speciesContext(text, dict.find(text), genes, hasSymbol), dict, hasSymbol);
    };
    const text = 'A loss of CDSN in a family. A Cdsn knockout in the murine model agrees. Human skin models lack CDSN.';
    const genes = ['CDSN', 'Cdsn', 'CDSN'];
    // The sentence alone would give the first CDSN nothing and the paragraph's nearest, murine.
    expect(genesOf(text, genes, 'CDSN')).toEqual({ taxId: 9606, why: 'contrast' });
    expect(genesOf(text, genes, 'Cdsn')).toEqual({ taxId: 10090, why: 'contrast' });
    // Written one way only, or in a text that names one species (mouse proteins are written in capitals), the
    // context decides.
    expect(genesOf(text, ['CDSN', 'CDSN'], 'CDSN').why).not.toBe('contrast');
    const mouseOnly = 'A loss of CDSN in mice. The Cdsn gene of mice.';
    expect(genesOf(mouseOnly, ['CDSN', 'Cdsn'], 'CDSN')).toEqual({ taxId: 10090, why: 'sentence', named: 'mice' });
  });

  it('serves a species from the gene table of its reference strain or nearest relative', () => {
    expect([4932, 284812, 8355, 10090, 7227].map(geneTableTaxon)).toEqual([559292, 4896, 8364, 10090, 7227]);
  });
});

describe('species cues: cell lines and strains', () => {
  it("finds the cell lines and strains that tell a text's species, at word edges, and not gene symbols like them", () => {
    const text = 'IEC-6 crypt cells, HEK293T and HeLa cells, C57BL/6J and BALB/c mice, Sprague-Dawley rats; MEF2 and MEFs; MDCK.';
    expect(speciesCues(text).map((m) => [m.text, m.taxId])).toEqual([
      ['IEC-6', 10116], ['HEK293T', 9606], ['HeLa', 9606], ['C57BL/6J', 10090], ['BALB/c', 10090], ['Sprague-Dawley', 10116], ['MEFs', 10090], ['MDCK', 9615],
    ]);
    expect(speciesCues('HK-2 and CD-1 and PC12a and xHeLa')).toEqual([]);
    // Lung and blood cancer lines; PC-9 is left out, being PCSK9's synonym.
    expect(speciesCues('NCI-H1299, H1975, NCI-H460, Raji and PC-9 cells').map((m) => [m.text, m.taxId])).toEqual([
      ['NCI-H1299', 9606], ['H1975', 9606], ['NCI-H460', 9606], ['Raji', 9606],
    ]);
  });
});

