import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { entityTypes } from '../model/format.ts';
import { VARIANT_TYPE } from '../ner/variant-spans.ts';
import { SPECIES_TYPE } from '../linking/species.ts';
import { decodeTextFile, MAX_FILE_BYTES } from '../formats/text-file.ts';
import { compareWithGold, idScoresOf, scoresOf } from '../formats/gold.ts';
import { importText } from '../formats/import.ts';
import type { BackendChoice } from '../worker/protocol.ts';
import { BatchOverview } from './BatchOverview.tsx';
import { BatchProgress } from './BatchProgress.tsx';
import { DocumentList } from './DocumentList.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { GoldScores } from './GoldScores.tsx';
import { displayName, newDoc, UNTITLED, type Doc } from './documents.ts';
import { EntityPanel } from './EntityPanel.tsx';
import { EXAMPLE_TEXT, EXAMPLE_TITLE } from './example.ts';
import { Highlighted, type Mention, type Shown } from './Highlighted.tsx';
import { InstallButton } from './InstallButton.tsx';
import { Legend } from './Legend.tsx';
import { ModelStatus } from './ModelStatus.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';
import { useDocumentQueue, type Notice } from './useDocumentQueue.ts';
import { useNer } from './useNer.ts';
import { pageBounds } from './paging.ts';
import { groupKey } from './mentions.ts';
import { spansAtLeast } from '../ner/span.ts';

const BACKEND_KEY = 'bioner.backend';
/** The confidence threshold: spans below it are hidden in the text, the panel and exports. */
const MIN_SCORE_KEY = 'bioner.minScore';
/** Texts longer than this are shown read-only (a textarea with megabytes of text stalls the page). */
const LARGE_TEXT = 300_000;
const PREVIEW_CHARS = 20_000;
/** Characters of tagged text rendered at once. */
const PAGE_CHARS = 50_000;

function initialBackend(): BackendChoice {
  const fromUrl = new URLSearchParams(location.search).get('backend');
  const stored = localStorage.getItem(BACKEND_KEY);
  const ok = (v: string | null): v is BackendChoice => !!v && ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'].includes(v);
  return ok(fromUrl) ? fromUrl : ok(stored) ? stored : 'auto';
}

export function App() {
  const [backend, setBackend] = useState<BackendChoice>(initialBackend);
  const { state, lexicon, client, restart } = useNer(backend);
  const [notice, setNotice] = useState<Notice | null>(null);
  const { docs, dispatch, current, setCurrent, busy, batch, now, queue, addQueued, cancel, remove, clearAll: clearDocuments } = useDocumentQueue(state, lexicon, client, setNotice);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [minScore, setMinScore] = useState(() => Math.min(0.95, Math.max(0, Number(localStorage.getItem(MIN_SCORE_KEY)) || 0)));
  useEffect(() => localStorage.setItem(MIN_SCORE_KEY, String(minScore)), [minScore]);
  const [selected, setSelected] = useState<Mention | null>(null);
  const [dragging, setDragging] = useState(false);
  const [compare, setCompare] = useState(true);
  /** The main area shows the current document, or the overview of every tagged document. */
  const [view, setView] = useState<'document' | 'overview'>('document');
  const taggedCount = docs.filter((d) => d.spans).length;
  const fileInput = useRef<HTMLInputElement>(null);

  const doc = docs.find((d) => d.id === current) ?? null;
  // The spans kept at the confidence threshold: what the text, the panel, the comparison and the counts show.
  const kept = useMemo(() => (doc?.spans ? spansAtLeast(doc.spans, minScore) : null), [doc?.spans, minScore]);
  // The model's types, the sequence variants the patterns add to every model's output, and the species the
  // lexicon's vocabulary adds (unless the model tags them itself).
  const types = useMemo(() => [...new Set([...(state.phase === 'ready' ? entityTypes(state.labels) : ['Gene', 'Chemical', 'Disease']), VARIANT_TYPE, SPECIES_TYPE])], [state]);
  // Comparison with the file's annotations, for this document and every annotated, tagged one.
  const comparison = useMemo(() => (doc?.gold?.length && kept ? compareWithGold(kept, doc.gold, types) : null), [doc?.gold, kept, types]);
  const setComparison = useMemo(() => {
    const compared = docs.filter((d) => d.gold?.length && d.spans).map((d) => compareWithGold(spansAtLeast(d.spans!, minScore), d.gold!, types));
    const ignoredTypes: Record<string, number> = {};
    for (const c of compared) for (const [t, n] of Object.entries(c.ignoredTypes)) ignoredTypes[t] = (ignoredTypes[t] ?? 0) + n;
    const mentions = compared.map((c) => c.mentions);
    return { scores: scoresOf(mentions, types), idScores: idScoresOf(mentions, types), documents: compared.length, ignoredTypes };
  }, [docs, types, minScore]);
  const shown: Shown[] | null = useMemo(() => {
    if (!kept) return null;
    if (!(comparison && compare)) return kept;
    // Compared mentions carry the model span's link and score, so the tooltip and the panel's selection still work.
    const byKey = new Map(kept.map((s) => [`${s.type}:${s.start}:${s.end}`, s]));
    return comparison.mentions.map((m) => {
      const s = byKey.get(`${m.type}:${m.start}:${m.end}`);
      return { ...m, link: s?.link, score: s?.score };
    });
  }, [kept, comparison, compare]);
  const pages = useMemo(() => (doc && shown ? pageBounds(doc.text, shown, PAGE_CHARS) : []), [doc?.text, shown]);
  const [pageIndex, setPageIndex] = useState(0);
  useEffect(() => setPageIndex(0), [current]);
  const page = pages[Math.min(pageIndex, pages.length - 1)];

  const tagCurrent = useCallback(() => {
    if (!doc) return;
    if (!doc.text.trim()) {
      setNotice({ text: 'Nothing to tag: the text is empty. Paste or type an abstract, or drop text files here.', error: true });
      return;
    }
    setNotice(null);
    queue([doc.id]);
  }, [doc, queue]);

  const tagAll = () => {
    const ids = docs.filter((d) => d.text.trim() && d.status !== 'done').map((d) => d.id);
    if (!ids.length) return setNotice({ text: 'Nothing to tag: every document is empty or already tagged.' });
    setNotice(null);
    queue(ids);
  };

  /** A new document (or another one opened): an error about the last action no longer applies. */
  const open = (id: string | null) => {
    setNotice((n) => (n?.error ? null : n));
    setCurrent(id);
    setView('document');
  };

  const addFiles = async (files: FileList | File[]) => {
    const added: Doc[] = [];
    const refused: string[] = [];
    const warnings: string[] = [];
    for (const f of Array.from(files)) {
      if (f.size > MAX_FILE_BYTES) {
        refused.push(`${f.name}: it is ${(f.size / 1e6).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1e6} MB`);
        continue;
      }
      const r = decodeTextFile(new Uint8Array(await f.arrayBuffer()));
      if (!r.ok) {
        refused.push(`${f.name}: ${r.reason}`);
        continue;
      }
      try {
        const imported = importText(f.name, r.text);
        warnings.push(...imported.warnings.slice(0, 3).map((w) => `${f.name}: ${w}`));
        if (imported.warnings.length > 3) warnings.push(`${f.name}: ${imported.warnings.length - 3} more warning(s)`);
        for (const d of imported.documents) {
          const name = imported.format === 'text' ? f.name : imported.documents.length > 1 ? `${d.id} (${f.name})` : `${d.id} · ${f.name}`;
          added.push({ ...newDoc(name, d.text), status: 'queued', sourceId: d.id, passages: d.passages, gold: d.gold?.length ? d.gold : undefined });
        }
      } catch (e) {
        refused.push(`${f.name}: ${(e as Error).message}`);
      }
    }
    if (added.length) {
      addQueued(added);
      setCurrent(added[0].id);
    }
    const said = [
      refused.length ? `Not opened — ${refused.join('; ')}.` : '',
      added.length ? `${added.length} document(s) added and queued for tagging.` : '',
      warnings.length ? `Warnings: ${warnings.join('; ')}.` : '',
    ].filter(Boolean).join(' ');
    setNotice(said ? { text: said, error: refused.length > 0 } : null);
  };

  const loadExample = () => {
    const d = { ...newDoc(EXAMPLE_TITLE, EXAMPLE_TEXT), status: 'queued' as const };
    dispatch({ type: 'add', docs: [d] });
    open(d.id);
  };

  const clearAll = async () => {
    await clearDocuments();
    setNotice({ text: 'All documents and results were removed from this browser.' });
  };

  const chooseBackend = (b: BackendChoice) => {
    localStorage.setItem(BACKEND_KEY, b);
    setBackend(b);
  };

  // Diagnostics for the console and end-to-end tests: the same worker the page uses.
  useEffect(() => {
    (window as unknown as { __bioner: unknown }).__bioner = {
      state: () => state,
      lexicon: () => lexicon,
      tag: (texts: string[], batchSize?: number) => client.current!.tag(texts, undefined, batchSize).promise,
      probe: (ids: number[]) => client.current!.probe(ids),
      loseDevice: () => client.current!.loseDevice(),
      stats: () => client.current!.stats(),
      peak: (size: number, repeats: number) => client.current!.peak(size, repeats),
    };
  }, [state, lexicon, client]);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const s of kept ?? []) c[s.type] = (c[s.type] ?? 0) + 1;
    return c;
  }, [kept]);
  return (
    <div
      className={dragging ? 'app dragging' : 'app'}
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
      onDrop={(e) => { e.preventDefault(); setDragging(false); if (e.dataTransfer.files.length) void addFiles(e.dataTransfer.files); }}
    >
      <header>
        <h1>BioNER <span className="muted">genes · chemicals · diseases · species · variants, tagged in your browser</span></h1>
        <ModelStatus state={state} backend={backend} onBackend={chooseBackend} onRestart={restart} />
        <InstallButton />
      </header>
      <UpdateBanner />
      <aside className="sidebar">
        <div className="toolbar">
          <button type="button" onClick={() => { const d = newDoc(UNTITLED, ''); dispatch({ type: 'add', docs: [d] }); open(d.id); }}>New</button>
          <button type="button" onClick={() => fileInput.current?.click()}>Open files…</button>
          <input ref={fileInput} type="file" multiple hidden accept=".txt,.text,.pubtator,.xml,.json,text/plain,application/xml,application/json" aria-label="Open files"
            onChange={(e) => { if (e.target.files) void addFiles(e.target.files); e.target.value = ''; }} />
          <button type="button" onClick={loadExample}>Example</button>
        </div>
        <DocumentList docs={docs} current={current} onSelect={open} onRemove={remove} />
        {batch && <BatchProgress batch={batch} docs={docs} now={now} />}
        <div className="toolbar">
          <button type="button" onClick={tagAll}>Tag all</button>
          <button type="button" disabled={taggedCount < 2} aria-pressed={view === 'overview'} onClick={() => setView(view === 'overview' ? 'document' : 'overview')}>Overview</button>
          <button type="button" onClick={clearAll}>Clear</button>
        </div>
        <ExportMenu doc={doc} docs={docs} minScore={minScore} onNotice={setNotice} />
        <p className="muted small">Your text never leaves this browser. Drop text, PubTator or BioC (XML, JSON) files anywhere on the page.</p>
      </aside>
      <main>
        {view === 'overview' && <BatchOverview docs={docs} types={types} minScore={minScore} onOpen={open} />}
        {view === 'document' && doc && (
          <>
            <div className="editor-bar">
              <input className="doc-title" aria-label="Document name" value={doc.name === UNTITLED ? '' : doc.name} placeholder={displayName(doc)}
                onChange={(e) => dispatch({ type: 'rename', id: doc.id, name: e.target.value.trim() ? e.target.value : UNTITLED })} />
              <button type="button" className="primary" onClick={tagCurrent} aria-keyshortcuts="Control+Enter Meta+Enter">Tag <kbd>Ctrl+Enter</kbd></button>
              {busy && <button type="button" onClick={cancel}>Cancel</button>}
            </div>
            {doc.text.length > LARGE_TEXT ? (
              <div className="editor large" role="region" aria-label="Text to tag (large document, read-only)">
                <p className="muted small">
                  A large document ({doc.text.length.toLocaleString('en-US')} characters): shown read-only; the tagged text appears
                  below in pages. The first {PREVIEW_CHARS.toLocaleString('en-US')} characters:
                </p>
                <pre>{doc.text.slice(0, PREVIEW_CHARS)}</pre>
              </div>
            ) : <textarea
              className="editor"
              aria-label="Text to tag"
              placeholder="Paste or type an abstract here, then press Tag (Ctrl+Enter)."
              value={doc.text}
              onChange={(e) => {
                if (notice?.error) setNotice(null);
                dispatch({ type: 'edit', id: doc.id, text: e.target.value });
              }}
              onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); tagCurrent(); } }}
              spellCheck={false}
            />}
            <div aria-live="polite" className={notice?.error ? 'notice error' : 'notice'} data-testid="notice">{notice?.text}</div>
            {doc.status === 'tagging' && <progress className="doc-progress" max={1} value={doc.progress} aria-label="Tagging progress" />}
            {shown && (
              <section className="result" aria-label="Tagged text">
                <div className="result-bar">
                  <Legend types={types} hidden={hidden} counts={counts} onToggle={(t) => setHidden((h) => {
                    const n = new Set(h);
                    if (n.has(t)) n.delete(t); else n.add(t);
                    return n;
                  })} />
                  <label className="threshold">
                    Min. confidence{' '}
                    <input type="range" min={0} max={0.95} step={0.05} value={minScore} aria-label="Minimum confidence"
                      onChange={(e) => setMinScore(Number(e.target.value))} />
                    <output data-testid="min-score">{minScore.toFixed(2)}</output>
                    {minScore > 0 && doc.spans && <span className="muted small"> ({doc.spans.length - kept!.length} hidden)</span>}
                  </label>
                  {comparison && (
                    <label className="compare-toggle">
                      <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} />
                      Compare with the file's annotations
                    </label>
                  )}
                </div>
                {pages.length > 1 && (
                  <nav className="pager" aria-label="Pages of the tagged text">
                    <button type="button" disabled={pageIndex === 0} onClick={() => setPageIndex((i) => i - 1)}>Previous</button>
                    <span className="small">Characters {page.from.toLocaleString('en-US')}–{page.to.toLocaleString('en-US')} of {doc.text.length.toLocaleString('en-US')} (page {pageIndex + 1} of {pages.length})</span>
                    <button type="button" disabled={pageIndex >= pages.length - 1} onClick={() => setPageIndex((i) => i + 1)}>Next</button>
                  </nav>
                )}
                <Highlighted text={doc.text} spans={shown} hidden={hidden} types={types} selected={selected} from={page.from} to={page.to} />
                {comparison && compare && <GoldScores doc={comparison} set={setComparison} />}
              </section>
            )}
          </>
        )}
      </main>
      <aside className="entities" aria-label="Entities">
        <h2>Entities</h2>
        {kept ? <EntityPanel spans={kept} types={types} hidden={hidden} selected={selected} lexicon={lexicon} onSelect={(m) => {
          setSelected(m);
          // Show the page that holds the first occurrence.
          const first = m && shown?.find((x) => groupKey(x) === m.key);
          if (first) setPageIndex(Math.max(0, pages.findIndex((p) => first.start >= p.from && first.start < p.to)));
        }} /> : <p className="muted">Tag a document to list its entities.</p>}
      </aside>
      {dragging && <div className="drop-overlay" aria-hidden="true">Drop text files to add them</div>}
    </div>
  );
}
