import { describe, expect, it } from 'vitest';
import type { EntitySpan } from '../src/ner/span.ts';
import { parseBiocJson, serializeBiocJson } from '../src/formats/bioc-json.ts';
import { escapeXml, parseBiocXml, serializeBiocXml } from '../src/formats/bioc-xml.ts';
import { parseBratAnn, serializeBrat } from '../src/formats/brat.ts';
import { FormatError, plainPassages, type CorpusDocument } from '../src/formats/document.ts';
import { exportDocuments } from '../src/formats/export.ts';
import { compareWithGold } from '../src/formats/gold.ts';
import { importText } from '../src/formats/import.ts';
import { parseSpansJson, serializeJson } from '../src/formats/json.ts';
import { parsePubTator, serializePubTator } from '../src/formats/pubtator.ts';
import { TSV_HEADER, serializeTsv, unescapeTsv } from '../src/formats/tsv.ts';
import { strFromU8, unzipSync } from 'fflate';

/** mulberry32: a small seeded generator, so every failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['aspirin', 'BRCA1', 'TNF-α', 'β-catenin', 'µg', '±', '≥5', 'naïve', 'e\u0301', '😀', '𝛂-helix', 'Ca2+', '<b>', '&amp;', '"q"', "l'eau", 'x|y', '\u200b', 'IL-6', 'Müller'];
const SEPS_PLAIN = [' ', ' ', ' ', ', ', '; '];
const SEPS_ANY = [...SEPS_PLAIN, '\r\n', '\n', '\t', '  '];

/** A random text (code points from WORDS) and non-overlapping spans on word boundaries. */
function randomDoc(r: () => number, i: number, seps: string[], titleBreak: boolean): CorpusDocument {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  let text = '';
  const words: [number, number][] = [];
  const n = 1 + Math.floor(r() * 30);
  for (let k = 0; k < n; k++) {
    if (k) text += titleBreak && k === Math.floor(n / 2) ? '\n' : pick(seps);
    words.push([text.length, text.length + 0]);
    text += pick(WORDS);
    words[words.length - 1][1] = text.length;
  }
  const spans: EntitySpan[] = [];
  for (let k = 0; k < words.length; k++) {
    if (r() < 0.35) {
      const last = Math.min(words.length - 1, k + Math.floor(r() * 3));
      const start = words[k][0];
      const end = words[last][1];
      if (!/[\r\n]/.test(text.slice(start, end)) || seps === SEPS_ANY) {
        spans.push({ type: pick(['Chemical', 'Disease', 'Gene']), start, end, text: text.slice(start, end), score: Math.round(r() * 1e4) / 1e4 });
      }
      k = last;
    }
  }
  return { id: `doc${i}`, text, passages: plainPassages(text), spans };
}

const simple = (xs: readonly { type?: string | null; sourceType?: string; start: number; end: number; text?: string }[]) =>
  xs.map((s) => ({ type: s.sourceType ?? s.type, start: s.start, end: s.end, text: s.text }));

describe('round trips over random documents (Unicode, astral characters, markup-like text)', () => {
  it('PubTator: text, offsets and types survive export and import', () => {
    const r = rng(1);
    for (let i = 0; i < 200; i++) {
      const docs = [randomDoc(r, i, SEPS_PLAIN, r() < 0.5), randomDoc(r, i + 1000, SEPS_PLAIN, false)];
      const back = parsePubTator(serializePubTator(docs));
      expect(back.warnings).toEqual([]);
      expect(back.documents.map((d) => d.text)).toEqual(docs.map((d) => d.text));
      expect(back.documents.map((d) => d.id)).toEqual(docs.map((d) => d.id));
      back.documents.forEach((d, k) => expect(simple(d.gold!)).toEqual(simple(docs[k].spans!)));
    }
  });

  it('BioC JSON and BioC XML: text (CRLF, tabs included), offsets, types and scores survive', () => {
    const r = rng(2);
    for (let i = 0; i < 200; i++) {
      const docs = [randomDoc(r, i, SEPS_ANY, r() < 0.5), randomDoc(r, i + 1, SEPS_ANY, true)];
      for (const [ser, parse] of [[serializeBiocJson, parseBiocJson], [serializeBiocXml, parseBiocXml]] as const) {
        const back = parse(ser(docs));
        expect(back.warnings).toEqual([]);
        expect(back.documents.map((d) => d.text)).toEqual(docs.map((d) => d.text));
        back.documents.forEach((d, k) => {
          expect(d.passages).toEqual(docs[k].passages);
          expect(d.gold!.map((g) => ({ ...simple([g])[0], score: g.score }))).toEqual(docs[k].spans!.map((s) => ({ ...simple([s])[0], score: s.score })));
        });
      }
    }
  });

  it('JSON: documents and spans with scores survive', () => {
    const r = rng(3);
    for (let i = 0; i < 100; i++) {
      const docs = [randomDoc(r, i, SEPS_ANY, true)];
      const back = parseSpansJson(JSON.parse(serializeJson(docs)));
      expect(back.documents[0].text).toBe(docs[0].text);
      expect(back.documents[0].gold!.map((g) => ({ ...simple([g])[0], score: g.score }))).toEqual(docs[0].spans!.map((s) => ({ ...simple([s])[0], score: s.score })));
    }
  });

  it('TSV: one row per mention whatever the mention text holds', () => {
    const r = rng(4);
    for (let i = 0; i < 100; i++) {
      const doc = randomDoc(r, i, SEPS_ANY, true);
      const lines = serializeTsv([doc]).split('\n').filter(Boolean);
      expect(lines[0].split('\t')).toEqual(TSV_HEADER);
      const rows = lines.slice(1).map((l) => l.split('\t'));
      expect(rows.every((c) => c.length === TSV_HEADER.length)).toBe(true);
      expect(rows.map((c) => ({ type: c[3], start: Number(c[1]), end: Number(c[2]), text: unescapeTsv(c[4]) }))).toEqual(simple(doc.spans!));
    }
  });

  it('brat: .txt is the text and .ann offsets (code points, as brat counts) point at the mentions, split at line breaks', () => {
    const r = rng(5);
    for (let i = 0; i < 100; i++) {
      const doc = randomDoc(r, i, SEPS_ANY, true);
      const f = serializeBrat(doc);
      const codePoints = [...doc.text];
      expect(f.txt).toBe(doc.text);
      expect(parseBratAnn(f.txt, f.ann)).toEqual(doc.spans!.map(({ type, start, end }) => ({ type, start, end })));
      for (const line of f.ann.split('\n').filter(Boolean)) {
        const [, frags] = line.split('\t');
        for (const fr of frags.split(' ').slice(1).join(' ').split(';')) {
          const [a, b] = fr.split(' ').map(Number);
          expect(/[\r\n]/.test(codePoints.slice(a, b).join(''))).toBe(false);
        }
      }
    }
  });
});

describe('PubTator import', () => {
  const title = 'Cisplatin-induced nephrotoxicity in mice.';
  const abstract = 'Cisplatin caused acute kidney injury; BRCA1 was unchanged.';
  const full = `${title} ${abstract}`;
  const at = (m: string, from = 0) => `${full.indexOf(m, from)}\t${full.indexOf(m, from) + m.length}\t${m}`;
  const file = [
    `12345|t|${title}`,
    `12345|a|${abstract}`,
    `12345\t${at('Cisplatin')}\tChemical\tD002945`,
    `12345\t${at('nephrotoxicity')}\tDisease\tD007674`,
    `12345\t${at('Cisplatin', 10)}\tChemical\tD002945`,
    `12345\t${at('acute kidney injury')}\tDiseaseOrPhenotypicFeature\tD058186`,
    `12345\t${at('BRCA1')}\tGeneOrGeneProduct\t672`,
    '12345\tCID\tD002945\tD007674',
    '',
    '777|t|Second title',
    '777|a|',
    '777\t0\t6\tSecond\tSpecies\t9606',
    '',
  ].join('\n');

  it('reads documents, passages and mentions, maps type names and keeps concept ids', () => {
    const { documents, warnings } = parsePubTator(file);
    expect(warnings).toEqual([]);
    expect(documents).toHaveLength(2);
    const d = documents[0];
    expect(d.passages).toEqual([{ type: 'title', offset: 0, length: title.length }, { type: 'abstract', offset: title.length + 1, length: abstract.length }]);
    expect(d.gold!.map((g) => g.text)).toEqual(['Cisplatin', 'nephrotoxicity', 'Cisplatin', 'acute kidney injury', 'BRCA1']);
    for (const g of d.gold!) expect(d.text.slice(g.start, g.end)).toBe(g.text);
    expect(d.gold!.map((g) => g.type)).toEqual(['Chemical', 'Disease', 'Chemical', 'Disease', 'Gene']);
    expect(d.gold![4].conceptId).toBe('672');
    expect(documents[1].text).toBe('Second title');
    // Species (PubTator's, S800's) is one of the app's types now, compared like the others.
    expect(documents[1].gold![0].type).toBe('Species');
  });

  it('skips broken lines with a warning naming the line, and keeps the rest', () => {
    const { documents, warnings } = parsePubTator('1|t|Aspirin works.\n1|a|Yes.\n1\tx\t9\n1\t0\t7\tAspirin\tChemical\n1\t0\t900\tfar\tChemical\n2\t0\t1\tz\tGene\n');
    expect(documents[0].gold!.map((g) => g.text)).toEqual(['Aspirin']);
    expect(warnings.join('\n')).toMatch(/line 3: not a mention line/);
    expect(warnings.join('\n')).toMatch(/past the end of the text/);
    expect(warnings.join('\n')).toMatch(/line 6: not part of a document/);
  });

  it('is recognised by importText and a plain text is one document', () => {
    expect(importText('x.txt', file).format).toBe('pubtator');
    const plain = importText('notes.txt', 'Aspirin | not a title line');
    expect(plain.format).toBe('text');
    expect(plain.documents[0]).toMatchObject({ id: 'notes', text: 'Aspirin | not a title line' });
  });
});

describe('BioC import', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE collection SYSTEM "BioC.dtd">
<collection><source>PubTator</source><date>20240101</date><key>BioC.key</key>
<document><id>999</id>
<passage><infon key="type">title</infon><offset>0</offset><text>Tamoxifen &amp; breast cancer</text>
<annotation id="1"><infon key="type">Chemical</infon><infon key="identifier">MESH:D013629</infon><location offset="0" length="9"/><text>Tamoxifen</text></annotation>
</passage>
<passage><infon key="type">abstract</infon><offset>28</offset>
<sentence><offset>28</offset><text>BRCA1 matters.</text>
<annotation id="2"><infon key="type">Gene</infon><location offset="28" length="5"/><text>BRCA1</text></annotation></sentence>
</passage></document></collection>`;

  it('reads passages at their offsets, sentences and annotations with document offsets', () => {
    const { documents, warnings } = importText('c.xml', xml);
    expect(warnings).toEqual([]);
    const d = documents[0];
    expect(d.id).toBe('999');
    expect(d.text).toBe('Tamoxifen & breast cancer\n  BRCA1 matters.');
    expect(d.gold!.map((g) => [g.text, g.type, g.conceptId])).toEqual([['Tamoxifen', 'Chemical', 'MESH:D013629'], ['BRCA1', 'Gene', undefined]]);
  });

  it('reads PubTator3-style BioC JSON', () => {
    const json = JSON.stringify({ PubTator3: [{ id: '42', passages: [{ offset: 0, infons: { type: 'title' }, text: 'Aspirin and asthma', annotations: [{ id: 'a', infons: { type: 'Chemical', identifier: 'D001241' }, text: 'Aspirin', locations: [{ offset: 0, length: 7 }] }] }] }] });
    const { format, documents } = importText('p.json', json);
    expect(format).toBe('bioc-json');
    expect(documents[0].gold![0]).toMatchObject({ text: 'Aspirin', type: 'Chemical', conceptId: 'D001241' });
  });

  it('names what is wrong in a broken file', () => {
    expect(() => importText('bad.xml', '<collection><document>')).toThrow(FormatError);
    expect(() => importText('bad.json', '{"documents": [{"id": 1}]}')).toThrow(/has no "passages" array/);
    expect(() => importText('bad.json', '{oops')).toThrow(/not valid JSON/);
    expect(() => importText('a.json', '{"x": 1}')).toThrow(/neither BioC JSON/);
    expect(() => importText('bad.xml', '<html></html>')).toThrow(/not BioC/);
  });

  it('writes characters XML cannot hold as U+FFFD, keeping every offset', () => {
    expect(escapeXml('a\u0001b\r\n<&>')).toBe('a\uFFFDb&#13;\n&lt;&amp;&gt;');
    const doc: CorpusDocument = { id: 'c', text: 'x\u0001 aspirin', passages: [{ type: 'title', offset: 0, length: 10 }], spans: [{ type: 'Chemical', start: 3, end: 10, text: 'aspirin', score: 0.9 }] };
    const back = parseBiocXml(serializeBiocXml([doc])).documents[0];
    expect(back.text).toBe('x\uFFFD aspirin');
    expect(back.gold![0]).toMatchObject({ start: 3, end: 10, text: 'aspirin' });
  });
});

describe('gold comparison', () => {
  it('counts agreements, misses and extras per type and ignores unmapped types', () => {
    const spans: EntitySpan[] = [
      { type: 'Chemical', start: 0, end: 9, text: 'Cisplatin', score: 1 },
      { type: 'Disease', start: 18, end: 25, text: 'nephro', score: 1 },
      { type: 'Gene', start: 81, end: 86, text: 'BRCA1', score: 1 },
    ];
    const { documents } = parsePubTator('1|t|' + 'x'.repeat(100) + '\n1\t0\t9\tx\tChemical\n1\t18\t32\tx\tDisease\n1\t81\t86\tx\tGeneOrGeneProduct\n1\t40\t45\tx\tSpecies\n');
    const c = compareWithGold(spans, documents[0].gold!, ['Chemical', 'Disease', 'Gene']);
    expect(c.mentions.map((m) => m.verdict)).toEqual(['agree', 'extra', 'missed', 'agree']);
    expect(c.scores.Chemical).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 100 });
    expect(c.scores.Disease).toMatchObject({ tp: 0, fp: 1, fn: 1, f1: 0 });
    expect(c.scores.all.precision).toBeCloseTo(200 / 3);
    expect(c.scores.all.recall).toBeCloseTo(200 / 3);
    expect(c.ignoredTypes).toEqual({ Species: 1 });
  });
});

describe('export', () => {
  it('brat for several documents is one ZIP with a .txt and .ann per document', () => {
    const docs: CorpusDocument[] = [
      { id: 'a/b', text: 'aspirin', passages: plainPassages('aspirin'), spans: [{ type: 'Chemical', start: 0, end: 7, text: 'aspirin', score: 1 }] },
      { id: 'a/b', text: 'none', passages: plainPassages('none'), spans: [] },
    ];
    const zip = exportDocuments(docs, 'brat') as Uint8Array;
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['a_b.txt', 'a_b.ann', 'a_b-2.txt', 'a_b-2.ann']);
    expect(strFromU8(files['a_b.txt'])).toBe('aspirin');
    expect(strFromU8(files['a_b.ann'])).toMatch(/^T1\tChemical 0 7\taspirin/);
    expect(strFromU8(files['a_b-2.txt'])).toBe('none');
    expect(strFromU8(files['a_b-2.ann'])).toBe('');
  });
});

describe('the official BC5CDR PubTator files (../shared)', () => {
  it('parse into 500 test documents whose every mention sits on its own text', async () => {
    const { readFileSync } = await import('node:fs');
    const { sharedPath } = await import('./helpers/shared.ts');
    const raw = readFileSync(sharedPath('data/pubtator/BC5CDR/test.PubTator.txt'), 'utf8');
    const { documents, warnings } = parsePubTator(raw);
    expect(warnings).toEqual([]);
    expect(documents).toHaveLength(500);
    const fileMentions = raw.split('\n').filter((l) => l.split('\t').length >= 5).map((l) => l.split('\t')[3]);
    expect(documents.flatMap((d) => d.gold!.map((g) => g.text))).toEqual(fileMentions);
    expect(documents.flatMap((d) => d.gold!).filter((g) => g.type === 'Chemical')).toHaveLength(5385);
    // and they write back as they were (the six standard columns; relation lines are not kept)
    const six = (text: string) => text.split('\n').filter((l) => l.split('\t').length >= 5).map((l) => l.split('\t').slice(0, 6).join('\t'));
    expect(six(serializePubTator(documents, 'gold'))).toEqual(six(raw));
  });
});
