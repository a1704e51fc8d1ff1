import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { entityTypes } from '../model/format.ts';
import { decodeTextFile, MAX_FILE_BYTES } from '../formats/text-file.ts';
import { JobCancelled } from '../worker/client.ts';
import type { BackendChoice } from '../worker/protocol.ts';
import { DocumentList } from './DocumentList.tsx';
import { docsReducer, newDoc, type Doc } from './documents.ts';
import { EntityPanel } from './EntityPanel.tsx';
import { EXAMPLE_TEXT, EXAMPLE_TITLE } from './example.ts';
import { Highlighted, type Mention } from './Highlighted.tsx';
import { InstallButton } from './InstallButton.tsx';
import { Legend } from './Legend.tsx';
import { ModelStatus } from './ModelStatus.tsx';
import { clearDocs, loadDocs, saveDocs } from './storage.ts';
import { UpdateBanner } from './UpdateBanner.tsx';
import { useNer } from './useNer.ts';

const BACKEND_KEY = 'bioner.backend';

function initialBackend(): BackendChoice {
  const fromUrl = new URLSearchParams(location.search).get('backend');
  const stored = localStorage.getItem(BACKEND_KEY);
  const ok = (v: string | null): v is BackendChoice => !!v && ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'].includes(v);
  return ok(fromUrl) ? fromUrl : ok(stored) ? stored : 'auto';
}

export function App() {
  const [backend, setBackend] = useState<BackendChoice>(initialBackend);
  const { state, client, restart } = useNer(backend);
  const [docs, dispatch] = useReducer(docsReducer, []);
  const [current, setCurrent] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<Mention | null>(null);
  const [dragging, setDragging] = useState(false);
  const running = useRef<{ docId: string; jobId: number } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const doc = docs.find((d) => d.id === current) ?? null;
  const types = useMemo(() => (state.phase === 'ready' ? entityTypes(state.labels) : ['Gene', 'Chemical', 'Disease']), [state]);

  // Restore the documents of the last visit, or start with an empty one.
  useEffect(() => {
    loadDocs()
      .catch(() => [] as Doc[])
      .then((saved) => {
        const list = saved.length ? saved : [newDoc('Untitled', '')];
        dispatch({ type: 'replace-all', docs: list });
        setCurrent(list[0].id);
        setRestored(true);
      });
  }, []);

  // Save on every change (after restoring), debounced.
  useEffect(() => {
    if (!restored) return;
    const t = setTimeout(() => saveDocs(docs).catch((e) => setNotice({ text: `Could not save your documents locally: ${e?.message ?? e}`, error: true })), 300);
    return () => clearTimeout(t);
  }, [docs, restored]);

  // The queue: one document at a time, in list order.
  useEffect(() => {
    if (state.phase !== 'ready' || running.current) return;
    const next = docs.find((d) => d.status === 'queued');
    const c = client.current;
    if (!next || !c) return;
    dispatch({ type: 'start', id: next.id });
    const job = c.tag([next.text], (done, total) => dispatch({ type: 'progress', id: next.id, progress: done / total }));
    running.current = { docId: next.id, jobId: job.jobId };
    job.promise
      .then((r) => dispatch({ type: 'done', id: next.id, spans: r.spans[0] }))
      .catch((e: Error) => {
        if (!(e instanceof JobCancelled)) dispatch({ type: 'failed', id: next.id, error: e.message });
      })
      .finally(() => {
        if (running.current?.jobId === job.jobId) running.current = null;
        dispatch({ type: 'progress', id: next.id, progress: 1 }); // re-run this effect for the next document
      });
  }, [docs, state, client]);

  // A crashed or restarted worker takes its running job with it.
  useEffect(() => {
    if (state.phase !== 'ready' && running.current) {
      const { docId } = running.current;
      running.current = null;
      dispatch({ type: 'failed', id: docId, error: 'the tagging worker stopped; restart it and tag again' });
    }
  }, [state.phase]);

  const tagCurrent = useCallback(() => {
    if (!doc) return;
    if (!doc.text.trim()) {
      setNotice({ text: 'Nothing to tag: the text is empty. Paste or type an abstract, or drop text files here.', error: true });
      return;
    }
    setNotice(null);
    dispatch({ type: 'queue', ids: [doc.id] });
  }, [doc]);

  const tagAll = () => {
    const ids = docs.filter((d) => d.text.trim() && d.status !== 'done').map((d) => d.id);
    if (!ids.length) return setNotice({ text: 'Nothing to tag: every document is empty or already tagged.' });
    dispatch({ type: 'queue', ids });
  };

  const cancel = () => {
    if (running.current) client.current?.cancel(running.current.jobId);
    dispatch({ type: 'cancel-all' });
  };

  const addFiles = async (files: FileList | File[]) => {
    const added: Doc[] = [];
    const refused: string[] = [];
    for (const f of Array.from(files)) {
      if (f.size > MAX_FILE_BYTES) {
        refused.push(`${f.name}: it is ${(f.size / 1e6).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1e6} MB`);
        continue;
      }
      const r = decodeTextFile(new Uint8Array(await f.arrayBuffer()));
      if (r.ok) added.push({ ...newDoc(f.name, r.text), status: 'queued' });
      else refused.push(`${f.name}: ${r.reason}`);
    }
    if (added.length) {
      dispatch({ type: 'add', docs: added });
      setCurrent(added[0].id);
    }
    setNotice(refused.length
      ? { text: `Not opened — ${refused.join('; ')}.${added.length ? ` ${added.length} other file(s) added.` : ''}`, error: true }
      : added.length ? { text: `${added.length} file(s) added and queued for tagging.` } : null);
  };

  const loadExample = () => {
    const d = { ...newDoc(EXAMPLE_TITLE, EXAMPLE_TEXT), status: 'queued' as const };
    dispatch({ type: 'add', docs: [d] });
    setCurrent(d.id);
  };

  const clearAll = async () => {
    if (running.current) client.current?.cancel(running.current.jobId);
    await clearDocs().catch(() => undefined);
    const d = newDoc('Untitled', '');
    dispatch({ type: 'replace-all', docs: [d] });
    setCurrent(d.id);
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
      tag: (texts: string[], batchSize?: number) => client.current!.tag(texts, undefined, batchSize).promise,
      probe: (ids: number[]) => client.current!.probe(ids),
      stats: () => client.current!.stats(),
      peak: (size: number, repeats: number) => client.current!.peak(size, repeats),
    };
  }, [state, client]);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const s of doc?.spans ?? []) c[s.type] = (c[s.type] ?? 0) + 1;
    return c;
  }, [doc]);
  const busy = docs.some((d) => d.status === 'tagging' || d.status === 'queued');

  return (
    <div
      className={dragging ? 'app dragging' : 'app'}
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
      onDrop={(e) => { e.preventDefault(); setDragging(false); if (e.dataTransfer.files.length) void addFiles(e.dataTransfer.files); }}
    >
      <header>
        <h1>BioNER <span className="muted">genes · chemicals · diseases, tagged in your browser</span></h1>
        <ModelStatus state={state} backend={backend} onBackend={chooseBackend} onRestart={restart} />
        <InstallButton />
      </header>
      <UpdateBanner />
      <aside className="sidebar">
        <div className="toolbar">
          <button type="button" onClick={() => { const d = newDoc('Untitled', ''); dispatch({ type: 'add', docs: [d] }); setCurrent(d.id); }}>New</button>
          <button type="button" onClick={() => fileInput.current?.click()}>Open files…</button>
          <input ref={fileInput} type="file" multiple hidden accept=".txt,text/plain" aria-label="Open text files"
            onChange={(e) => { if (e.target.files) void addFiles(e.target.files); e.target.value = ''; }} />
          <button type="button" onClick={loadExample}>Example</button>
        </div>
        <DocumentList docs={docs} current={current} onSelect={setCurrent} onRemove={(id) => {
          if (running.current?.docId === id) client.current?.cancel(running.current.jobId);
          dispatch({ type: 'remove', id });
          if (current === id) setCurrent(docs.find((d) => d.id !== id)?.id ?? null);
        }} />
        <div className="toolbar">
          <button type="button" onClick={tagAll}>Tag all</button>
          <button type="button" onClick={clearAll}>Clear</button>
        </div>
        <p className="muted small">Your text never leaves this browser. Drop .txt files anywhere on the page.</p>
      </aside>
      <main>
        {doc && (
          <>
            <div className="editor-bar">
              <input className="doc-title" aria-label="Document name" value={doc.name} onChange={(e) => dispatch({ type: 'rename', id: doc.id, name: e.target.value })} />
              <button type="button" className="primary" onClick={tagCurrent} aria-keyshortcuts="Control+Enter Meta+Enter">Tag <kbd>Ctrl+Enter</kbd></button>
              {busy && <button type="button" onClick={cancel}>Cancel</button>}
            </div>
            <textarea
              className="editor"
              aria-label="Text to tag"
              placeholder="Paste or type an abstract here, then press Tag (Ctrl+Enter)."
              value={doc.text}
              onChange={(e) => dispatch({ type: 'edit', id: doc.id, text: e.target.value })}
              onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); tagCurrent(); } }}
              spellCheck={false}
            />
            <div aria-live="polite" className={notice?.error ? 'notice error' : 'notice'} data-testid="notice">{notice?.text}</div>
            {doc.status === 'tagging' && <progress className="doc-progress" max={1} value={doc.progress} aria-label="Tagging progress" />}
            {doc.spans && (
              <section className="result" aria-label="Tagged text">
                <Legend types={types} hidden={hidden} counts={counts} onToggle={(t) => setHidden((h) => {
                  const n = new Set(h);
                  if (n.has(t)) n.delete(t); else n.add(t);
                  return n;
                })} />
                <Highlighted text={doc.text} spans={doc.spans} hidden={hidden} types={types} selected={selected} />
              </section>
            )}
          </>
        )}
      </main>
      <aside className="entities" aria-label="Entities">
        <h2>Entities</h2>
        {doc?.spans ? <EntityPanel spans={doc.spans} types={types} hidden={hidden} selected={selected} onSelect={setSelected} /> : <p className="muted">Tag a document to list its entities.</p>}
      </aside>
      {dragging && <div className="drop-overlay" aria-hidden="true">Drop text files to add them</div>}
    </div>
  );
}
