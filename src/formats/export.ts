/** The export formats, one registry for the UI and the command line. */
import { serializeBiocJson } from './bioc-json.ts';
import { serializeBiocXml } from './bioc-xml.ts';
import { serializeBrat } from './brat.ts';
import type { CorpusDocument } from './document.ts';
import { serializeJson } from './json.ts';
import { serializePubTator } from './pubtator.ts';
import { serializeTsv } from './tsv.ts';
import { spansAtLeast } from '../ner/span.ts';
import { strToU8, zipSync } from 'fflate';

export type ExportFormat = 'pubtator' | 'bioc-json' | 'bioc-xml' | 'json' | 'tsv' | 'brat';

export const EXPORT_FORMATS: { id: ExportFormat; label: string; extension: string; mime: string }[] = [
  { id: 'pubtator', label: 'PubTator', extension: 'pubtator.txt', mime: 'text/plain' },
  { id: 'bioc-json', label: 'BioC JSON', extension: 'bioc.json', mime: 'application/json' },
  { id: 'bioc-xml', label: 'BioC XML', extension: 'bioc.xml', mime: 'application/xml' },
  { id: 'json', label: 'JSON (spans)', extension: 'json', mime: 'application/json' },
  { id: 'tsv', label: 'TSV (one mention per line)', extension: 'tsv', mime: 'text/tab-separated-values' },
  { id: 'brat', label: 'brat standoff (.zip of .txt + .ann)', extension: 'brat.zip', mime: 'application/zip' },
];

/** File-system-safe, unique names for brat pairs. */
function bratNames(docs: readonly CorpusDocument[]): string[] {
  const seen = new Map<string, number>();
  return docs.map((d) => {
    const base = d.id.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'document';
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    return k === 1 ? base : `${base}-${k}`;
  });
}

export interface ExportOptions {
  /** Only spans scoring at least this were kept (the page's confidence threshold): the formats that have a place
   * for it say so (BioC: a collection infon `min_score`; JSON: `minScore`), the others in the file name. */
  minScore?: number;
}

/** The exported file's content: text for every format but brat, which is a ZIP archive. */
export function exportDocuments(docs: readonly CorpusDocument[], format: ExportFormat, opts: ExportOptions = {}): string | Uint8Array {
  const kept = opts.minScore ? docs.map((d) => ({ ...d, spans: spansAtLeast(d.spans ?? [], opts.minScore!) })) : docs;
  return exportKept(kept, format, opts);
}

function exportKept(docs: readonly CorpusDocument[], format: ExportFormat, opts: ExportOptions): string | Uint8Array {
  const infons = opts.minScore ? { min_score: String(opts.minScore) } : undefined;
  switch (format) {
    case 'pubtator': return serializePubTator(docs);
    case 'bioc-json': return serializeBiocJson(docs, 'spans', undefined, infons);
    case 'bioc-xml': return serializeBiocXml(docs, 'spans', undefined, infons);
    case 'json': return serializeJson(docs, opts.minScore);
    case 'tsv': return serializeTsv(docs);
    case 'brat': {
      // One ZIP (fflate) with a .txt and an .ann per document, so a multi-document export is one download.
      const names = bratNames(docs);
      return zipSync(Object.fromEntries(docs.flatMap((d, i) => {
        const f = serializeBrat(d);
        return [[`${names[i]}.txt`, strToU8(f.txt)], [`${names[i]}.ann`, strToU8(f.ann)]];
      })));
    }
  }
}
