import { describe, expect, it } from 'vitest';
import { parseBiocJson, serializeBiocJson } from '../src/formats/bioc-json.ts';
import { parseBiocXml, serializeBiocXml } from '../src/formats/bioc-xml.ts';
import { serializeBrat } from '../src/formats/brat.ts';
import type { CorpusDocument } from '../src/formats/document.ts';
import { compareWithGold, conceptIds, idScoresOf } from '../src/formats/gold.ts';
import { parseSpansJson, serializeJson } from '../src/formats/json.ts';
import { parsePubTator, serializePubTator } from '../src/formats/pubtator.ts';
import { serializeTsv } from '../src/formats/tsv.ts';
import type { EntitySpan } from '../src/ner/span.ts';

const TEXT = 'Cisplatin and BRCA1 in breast and ovarian cancer.';
const SPANS: EntitySpan[] = [
  { type: 'Chemical', start: 0, end: 9, text: 'Cisplatin', score: 0.99, link: { ids: ['D002945'], names: ['Cisplatin'], via: 'exact', score: 1 } },
  { type: 'Gene', start: 14, end: 19, text: 'BRCA1', score: 0.97, link: { ids: ['672'], names: ['BRCA1'], via: 'exact', score: 1 } },
  { type: 'Disease', start: 23, end: 48, text: 'breast and ovarian cancer', score: 0.9, link: { ids: ['D001943', 'D010051'], names: ['Breast Neoplasms', 'Ovarian Neoplasms'], via: 'composite', score: 1 } },
];
const doc: CorpusDocument = { id: '42', text: TEXT, passages: [{ type: 'title', offset: 0, length: TEXT.length }], spans: SPANS };

describe('exports carry the linker ids and imports read them back', () => {
  it('PubTator: the id column, composite ids joined by |', () => {
    const back = parsePubTator(serializePubTator([doc])).documents[0].gold!;
    expect(back.map((g) => g.conceptId)).toEqual(['D002945', '672', 'D001943|D010051']);
  });

  it('BioC JSON and XML: an identifier infon with database prefixes', () => {
    for (const [write, read] of [[serializeBiocJson, parseBiocJson], [serializeBiocXml, parseBiocXml]] as const) {
      const back = read(write([doc])).documents[0].gold!;
      expect(back.map((g) => g.conceptId)).toEqual(['MESH:D002945', 'NCBIGene:672', 'MESH:D001943|MESH:D010051']);
      expect(back.map((g) => conceptIds(g.conceptId))).toEqual([['D002945'], ['672'], ['D001943', 'D010051']]);
    }
  });

  it('JSON: the link is kept whole, and read back as the concept id', () => {
    const json = JSON.parse(serializeJson([doc]));
    expect(json.documents[0].spans[2].link).toEqual(SPANS[2].link);
    expect(parseSpansJson(json).documents[0].gold!.map((g) => g.conceptId)).toEqual(['D002945', '672', 'D001943|D010051']);
  });

  it('TSV: ids, the preferred name and a gene\'s species as the last columns; an unlinked mention has them empty', () => {
    const rat = { type: 'Gene', start: 0, end: 6, text: 'Cyp2e1', score: 1, link: { ids: ['25086'], names: ['Cyp2e1'], via: 'exact' as const, score: 1, species: { taxId: 10116, name: 'Rattus norvegicus', why: 'sentence' as const } } };
    const rows = serializeTsv([{ ...doc, spans: [...SPANS, { type: 'Disease', start: 41, end: 47, text: 'cancer', score: 0.5 }, rat] }]).replace(/\n$/, '').split('\n').map((l) => l.split('\t'));
    expect(rows[0].slice(-3)).toEqual(['ids', 'name', 'species']);
    expect(rows[1].slice(-3)).toEqual(['MESH:D002945', 'Cisplatin', '']);
    expect(rows[3].slice(-3)).toEqual(['MESH:D001943|MESH:D010051', 'Breast Neoplasms', '']);
    expect(rows[4].slice(-3)).toEqual(['', '', '']);
    expect(rows[5].slice(-3)).toEqual(['NCBIGene:25086', 'Cyp2e1', 'Rattus norvegicus (NCBITaxon:10116), named in the sentence']);
  });

  it('brat: one normalization line per id, pointing at its text-bound annotation', () => {
    const notes = serializeBrat(doc).ann.split('\n').filter((l) => l.startsWith('N'));
    expect(notes).toEqual([
      'N1\tReference T1 MESH:D002945\tCisplatin',
      'N2\tReference T2 NCBIGene:672\tBRCA1',
      'N3\tReference T3 MESH:D001943\tBreast Neoplasms',
      'N4\tReference T3 MESH:D010051\tOvarian Neoplasms',
    ]);
  });
});

describe('the gold comparison scores ids', () => {
  it('counts agreeing mentions with a gold id: linked, and right when the first id is a gold one', () => {
    const gold = [
      { start: 0, end: 9, text: 'Cisplatin', sourceType: 'Chemical', type: 'Chemical', conceptId: 'D002945' },
      { start: 14, end: 19, text: 'BRCA1', sourceType: 'Gene', type: 'Gene', conceptId: '675' },
      { start: 23, end: 48, text: 'breast and ovarian cancer', sourceType: 'Disease', type: 'Disease', conceptId: 'D001943|D010051' },
    ];
    const c = compareWithGold(SPANS, gold, ['Chemical', 'Gene', 'Disease']);
    expect(c.idScores.Chemical).toMatchObject({ mentions: 1, linked: 1, correct: 1 });
    expect(c.idScores.Gene).toMatchObject({ mentions: 1, linked: 1, correct: 0 });
    expect(c.idScores.all).toMatchObject({ mentions: 3, linked: 3, correct: 2 });
    const unlinked = compareWithGold(SPANS.map(({ link: _, ...s }) => s), gold, ['Chemical', 'Gene', 'Disease']);
    expect(idScoresOf([unlinked.mentions], ['Chemical']).all).toMatchObject({ mentions: 3, linked: 0, correct: 0, accuracy: 0 });
    expect(conceptIds('MESH:D001|-1+OMIM:1234')).toEqual(['D001', 'OMIM:1234']);
  });
});

describe('brat offsets count code points', () => {
  it('an annotation after an emoji is offset by code points, and reads back to the UTF-16 span', async () => {
    const { parseBratAnn } = await import('../src/formats/brat.ts');
    const text = '😀 aspirin and 🧬 BRCA1';
    const spans: EntitySpan[] = [
      { type: 'Chemical', start: 3, end: 10, text: 'aspirin', score: 1 },
      { type: 'Gene', start: 18, end: 23, text: 'BRCA1', score: 1 },
    ];
    const { ann } = serializeBrat({ id: 'e', text, passages: [], spans });
    const lines = ann.trim().split('\n');
    expect(lines[0]).toBe('T1\tChemical 2 9\taspirin');
    expect(lines[1]).toBe('T2\tGene 16 21\tBRCA1');
    // What Python's str (brat) sees at those offsets.
    expect([...text].slice(2, 9).join('')).toBe('aspirin');
    expect([...text].slice(16, 21).join('')).toBe('BRCA1');
    expect(parseBratAnn(text, ann)).toEqual(spans.map(({ type, start, end }) => ({ type, start, end })));
  });
});

describe('PubTator export of a pasted text', () => {
  it('puts the first line on the title line, whatever the line break, and keeps every offset', async () => {
    const { plainPassages } = await import('../src/formats/document.ts');
    for (const sep of ['\n', '\r\n', '\n\n', '\r\n\r\n', '\r']) {
      const text = `Cisplatin nephrotoxicity.${sep}Patients given cisplatin had acute kidney injury.`;
      const start = text.lastIndexOf('cisplatin');
      const d: CorpusDocument = { id: 'p', text, passages: plainPassages(text), spans: [{ type: 'Chemical', start, end: start + 9, text: 'cisplatin', score: 1 }] };
      const out = serializePubTator([d]);
      expect(out.split('\n')[0]).toBe('p|t|Cisplatin nephrotoxicity.');
      const back = parsePubTator(out).documents[0];
      expect(back.text.slice(back.gold![0].start, back.gold![0].end)).toBe('cisplatin');
      expect(back.gold![0].start).toBe(start);
    }
  });
});
