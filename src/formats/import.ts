/**
 * Reading a file's text as documents: BioC XML, BioC JSON, the app's own JSON, PubTator, or plain text (one
 * document per file). The format is recognised from the content, with the file name as a hint.
 */
import { looksLikeBiocJson, parseBiocJson } from './bioc-json.ts';
import { looksLikeBiocXml, parseBiocXml } from './bioc-xml.ts';
import { FormatError, plainPassages, type CorpusDocument } from './document.ts';
import { looksLikeSpansJson, parseSpansJson } from './json.ts';
import { looksLikePubTator, parsePubTator } from './pubtator.ts';

export type ImportFormat = 'text' | 'pubtator' | 'bioc-json' | 'bioc-xml' | 'json';

export interface Imported {
  format: ImportFormat;
  documents: CorpusDocument[];
  warnings: string[];
}

/** Throws FormatError with a message naming what is wrong when a file claims a format but breaks it. */
export function importText(name: string, text: string): Imported {
  const lower = name.toLowerCase();
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (lower.endsWith('.xml') || looksLikeBiocXml(head)) {
    if (!looksLikeBiocXml(head)) throw new FormatError('an XML file that is not BioC (no <collection> element)');
    return { format: 'bioc-xml', ...parseBiocXml(text) };
  }
  if (lower.endsWith('.json') || head.startsWith('{') || head.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(head);
    } catch (e) {
      if (lower.endsWith('.json')) throw new FormatError(`not valid JSON: ${(e as Error).message}`);
    }
    if (value !== undefined) {
      if (looksLikeSpansJson(value)) return { format: 'json', ...parseSpansJson(value) };
      if (looksLikeBiocJson(value)) return { format: 'bioc-json', ...parseBiocJson(head) };
      if (lower.endsWith('.json')) throw new FormatError('a JSON file that is neither BioC JSON nor this app\'s export');
    }
  }
  if (looksLikePubTator(head)) return { format: 'pubtator', ...parsePubTator(text) };
  const id = name.replace(/\.[^.]*$/, '') || name;
  return { format: 'text', documents: [{ id, text, passages: plainPassages(text) }], warnings: [] };
}
