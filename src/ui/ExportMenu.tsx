import { useState } from 'react';
import { EXPORT_FORMATS, exportDocuments, type ExportFormat } from '../formats/export.ts';
import { displayName, toCorpusDocument, type Doc } from './documents.ts';

interface Props {
  doc: Doc | null;
  docs: Doc[];
  /** The page's confidence threshold: weaker spans are left out of exports as they are hidden on the page. */
  minScore: number;
  onNotice(n: { text: string; error?: boolean }): void;
}

const FORMAT_KEY = 'bioner.exportFormat';
const safeName = (s: string) => s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'document';

/** Download or copy the current document or all documents in one of the export formats; empty documents never. */
export function ExportMenu({ doc, docs: all, minScore, onNotice }: Props) {
  const docs = all.filter((d) => d.text.trim());
  const current = doc && doc.text.trim() ? doc : null;
  const [format, setFormat] = useState<ExportFormat>(() => (localStorage.getItem(FORMAT_KEY) as ExportFormat | null) ?? 'pubtator');
  const info = EXPORT_FORMATS.find((f) => f.id === format) ?? EXPORT_FORMATS[0];
  const choose = (f: ExportFormat) => {
    localStorage.setItem(FORMAT_KEY, f);
    setFormat(f);
  };
  const build = (which: Doc[]) => {
    const untagged = which.filter((d) => !d.spans).length;
    const content = exportDocuments(which.map(toCorpusDocument), format, { minScore });
    const notes = [
      untagged ? `${untagged} not tagged yet, exported without mentions` : '',
      minScore ? `only spans with confidence ≥ ${minScore.toFixed(2)}` : '',
    ].filter(Boolean);
    return { content, note: notes.length ? ` (${notes.join('; ')})` : '' };
  };
  const download = (which: Doc[], name: string) => {
    const { content, note } = build(which);
    const url = URL.createObjectURL(new Blob([content as BlobPart], { type: info.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}${minScore ? `.min${minScore.toFixed(2)}` : ''}.${info.extension}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    onNotice({ text: `Exported ${which.length} document(s) as ${info.label}${note}.` });
  };
  const copy = async () => {
    if (!current) return;
    const { content, note } = build([current]);
    try {
      await navigator.clipboard.writeText(content as string);
      onNotice({ text: `Copied as ${info.label}${note}.` });
    } catch (e) {
      onNotice({ text: `Could not copy to the clipboard: ${(e as Error).message}`, error: true });
    }
  };
  return (
    <div className="export" role="group" aria-label="Export">
      <label>
        Export as{' '}
        <select value={format} onChange={(e) => choose(e.target.value as ExportFormat)} aria-label="Export format">
          {EXPORT_FORMATS.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
        </select>
      </label>
      <div className="toolbar">
        <button type="button" disabled={!current} onClick={() => current && download([current], safeName(current.sourceId ?? displayName(current)))}>Download this</button>
        <button type="button" disabled={!docs.length} onClick={() => download(docs, `bioner-${docs.length}-documents`)}>Download all</button>
        <button type="button" disabled={!current || format === 'brat'} onClick={() => void copy()}>Copy</button>
      </div>
    </div>
  );
}
