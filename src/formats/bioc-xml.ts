/**
 * BioC XML, as the BioC DTD defines it: <collection> (source, date, key, infon*, document+); <document> (id,
 * infon*, passage+, relation*); <passage> (infon*, offset, (text?, annotation*) | sentence*, relation*);
 * <annotation id> (infon*, location*, text); <location offset length/>.
 */
import { XMLParser } from 'fast-xml-parser';
import { fromBioc, toBioc, type BiocAnnotation, type BiocPassage } from './bioc.ts';
import { FormatError, type CorpusDocument } from './document.ts';

type Node = Record<string, unknown>;
const ARRAYS = new Set(['document', 'passage', 'annotation', 'location', 'infon', 'sentence', 'relation', 'node']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  trimValues: false, // text is data: its spaces count for offsets
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true, // numeric character references (&#13; &#x1F600;) too
  isArray: (name) => ARRAYS.has(name),
});

const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && '#text' in (v as Node)) return String((v as Node)['#text']);
  return '';
};
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);
const infons = (v: unknown): Record<string, string> => Object.fromEntries(list(v).map((i) => [String(i['@_key'] ?? ''), text(i)]));
const int = (v: unknown, what: string): number => {
  const n = Number(text(v).trim() || (typeof v === 'string' ? v : NaN));
  if (!Number.isInteger(n) || n < 0) throw new FormatError(`${what} is not a non-negative integer: "${text(v)}"`);
  return n;
};

function annotations(v: unknown, where: string): BiocAnnotation[] {
  return list(v).map((a) => ({
    id: String(a['@_id'] ?? ''),
    infons: infons(a.infon),
    text: text(a.text),
    locations: list(a.location).map((l) => ({ offset: int(l['@_offset'], `${where}: location offset`), length: int(l['@_length'], `${where}: location length`) })),
  }));
}

export function looksLikeBiocXml(input: string): boolean {
  return /<collection[\s>]/.test(input.slice(0, 4096));
}

export function parseBiocXml(input: string): { documents: CorpusDocument[]; warnings: string[] } {
  let root: Node;
  try {
    root = parser.parse(input.replace(/^\uFEFF/, ''), true) as Node;
  } catch (e) {
    throw new FormatError(`not well-formed XML: ${(e as Error).message}`);
  }
  const c = root.collection as Node | undefined;
  if (!c || typeof c !== 'object') throw new FormatError('not a BioC XML file (no <collection> element)');
  return fromBioc({
    source: text(c.source), date: text(c.date), key: text(c.key), infons: infons(c.infon),
    documents: list(c.document).map((d, i) => {
      const id = text(d.id) || `document-${i + 1}`;
      const where = `document ${id}`;
      return {
        id,
        infons: infons(d.infon),
        passages: list(d.passage).map((p): BiocPassage => {
          const out: BiocPassage = { offset: int(p.offset ?? '0', `${where}: passage offset`), infons: infons(p.infon), annotations: annotations(p.annotation, where) };
          if (p.sentence) {
            out.sentences = list(p.sentence).map((s) => ({ offset: int(s.offset ?? '0', `${where}: sentence offset`), infons: infons(s.infon), text: text(s.text), annotations: annotations(s.annotation, where) }));
          } else out.text = text(p.text);
          return out;
        }),
      };
    }),
  });
}

/**
 * Text as XML character data. Characters XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE/F)
 * become U+FFFD, one code unit for one, so offsets stay right; CR is written as &#13; so no parser folds CRLF.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
}

export function serializeBiocXml(docs: readonly CorpusDocument[], which: 'spans' | 'gold' = 'spans', date?: Date, infons?: Record<string, string>): string {
  const c = toBioc(docs, which, date, infons);
  const e = escapeXml;
  const inf = (o: Record<string, string>, pad: string) => Object.entries(o).map(([k, v]) => `${pad}<infon key="${e(k)}">${e(v)}</infon>\n`).join('');
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE collection SYSTEM "BioC.dtd">\n<collection>\n';
  out += `<source>${e(c.source)}</source>\n<date>${c.date}</date>\n<key>${e(c.key)}</key>\n${inf(c.infons, '')}`;
  for (const d of c.documents) {
    out += `<document>\n<id>${e(d.id)}</id>\n${inf(d.infons, '')}`;
    for (const p of d.passages) {
      out += `<passage>\n${inf(p.infons, '  ')}  <offset>${p.offset}</offset>\n  <text>${e(p.text ?? '')}</text>\n`;
      for (const a of p.annotations) {
        out += `  <annotation id="${e(a.id)}">\n${inf(a.infons, '    ')}`;
        for (const l of a.locations) out += `    <location offset="${l.offset}" length="${l.length}"/>\n`;
        out += `    <text>${e(a.text)}</text>\n  </annotation>\n`;
      }
      out += '</passage>\n';
    }
    out += '</document>\n';
  }
  return out + '</collection>\n';
}
