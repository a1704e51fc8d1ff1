/**
 * The documents and their tagging queue, beside useNer: the list (restored from and saved to this browser),
 * the current document (reopened after a reload), the queue that tags one document at a time in list order,
 * the batch it belongs to (for progress and time left), linking of documents tagged before the lexicon was in,
 * and what a crashed worker leaves behind. App only lays these out.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import { JobCancelled, type NerClient } from '../worker/client.ts';
import type { Batch } from './BatchProgress.tsx';
import { docsReducer, newDoc, UNTITLED, type Doc, type DocAction } from './documents.ts';
import { clearDocs, loadDocs, saveDocs } from './storage.ts';
import type { LexiconState, ModelState } from './useNer.ts';

/** The document last viewed, reopened after a reload. */
const CURRENT_KEY = 'bioner.currentDoc';

export interface Notice {
  text: string;
  error?: boolean;
}

export interface DocumentQueue {
  docs: Doc[];
  dispatch(a: DocAction): void;
  current: string | null;
  setCurrent(id: string | null): void;
  /** Something is queued or being tagged. */
  busy: boolean;
  batch: Batch | null;
  /** Now, ticking each second while the queue runs (for the time-left estimate). */
  now: number;
  /** Queues documents for tagging, in the running batch if there is one. */
  queue(ids: string[]): void;
  /** Adds documents already queued (dropped files) and puts them in the batch. */
  addQueued(docs: Doc[]): void;
  cancel(): void;
  remove(id: string): void;
  /** Removes every document and result from this browser. */
  clearAll(): Promise<void>;
}

export function useDocumentQueue(state: ModelState, lexicon: LexiconState, client: React.RefObject<NerClient | null>, onNotice: (n: Notice) => void): DocumentQueue {
  const [docs, dispatch] = useReducer(docsReducer, []);
  const [current, setCurrent] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [batch, setBatch] = useState<Batch | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const running = useRef<{ docId: string; jobId: number } | null>(null);
  const linking = useRef<Set<string>>(new Set());
  const busy = docs.some((d) => d.status === 'tagging' || d.status === 'queued');

  // A clock for the batch's time-left estimate, ticking only while something runs.
  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [busy]);
  useEffect(() => setNow(Date.now()), [busy]);

  // Restore the documents of the last visit (empty ones left out) and the one last viewed, or start with an empty one.
  useEffect(() => {
    loadDocs()
      .catch(() => [] as Doc[])
      .then((saved) => {
        const kept = saved.filter((d) => d.text.trim());
        const list = kept.length ? kept : [newDoc(UNTITLED, '')];
        dispatch({ type: 'replace-all', docs: list });
        const last = localStorage.getItem(CURRENT_KEY);
        setCurrent(list.find((d) => d.id === last)?.id ?? list[0].id);
        setRestored(true);
      });
  }, []);
  useEffect(() => {
    if (current) localStorage.setItem(CURRENT_KEY, current);
  }, [current]);

  // Save on every change (after restoring), debounced.
  useEffect(() => {
    if (!restored) return;
    const t = setTimeout(() => saveDocs(docs).catch((e) => onNotice({ text: `Could not save your documents locally: ${e?.message ?? e}`, error: true })), 300);
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
      .then((r) => dispatch({ type: 'done', id: next.id, spans: r.spans[0], linked: r.linked }))
      .catch((e: Error) => {
        if (!(e instanceof JobCancelled)) dispatch({ type: 'failed', id: next.id, error: e.message });
      })
      .finally(() => {
        if (running.current?.jobId === job.jobId) running.current = null;
        dispatch({ type: 'progress', id: next.id, progress: 1 }); // re-run this effect for the next document
      });
  }, [docs, state, client]);

  // Documents tagged before the lexicon was loaded (or in an earlier visit) are linked once it is.
  useEffect(() => {
    const c = client.current;
    if (lexicon.phase !== 'ready' || !c) return;
    const todo = docs.filter((d) => d.spans && !d.linked && d.status === 'done' && !linking.current.has(d.id));
    if (!todo.length) return;
    for (const d of todo) linking.current.add(d.id);
    c.link(todo.map((d) => d.text), todo.map((d) => d.spans!))
      .then((res) => res.forEach((spans, i) => dispatch({ type: 'linked', id: todo[i].id, text: todo[i].text, spans })))
      .catch((e: Error) => onNotice({ text: `Linking to database ids failed: ${e.message}`, error: true }))
      .finally(() => { for (const d of todo) linking.current.delete(d.id); });
  }, [docs, lexicon, client]);

  // A crashed or restarted worker takes its running job with it.
  useEffect(() => {
    if (state.phase !== 'ready' && running.current) {
      const { docId } = running.current;
      running.current = null;
      dispatch({ type: 'failed', id: docId, error: 'the tagging worker stopped; restart it and tag again' });
    }
  }, [state.phase]);

  const joinBatch = (ids: string[]) =>
    setBatch((b) => (b && busy ? { ...b, ids: [...b.ids, ...ids.filter((id) => !b.ids.includes(id))] } : { ids, start: Date.now() }));

  return {
    docs, dispatch, current, setCurrent, busy, batch, now,
    queue(ids) {
      dispatch({ type: 'queue', ids });
      joinBatch(ids);
    },
    addQueued(added) {
      dispatch({ type: 'add', docs: added });
      joinBatch(added.map((d) => d.id));
    },
    cancel() {
      if (running.current) client.current?.cancel(running.current.jobId);
      dispatch({ type: 'cancel-all' });
    },
    remove(id) {
      if (running.current?.docId === id) client.current?.cancel(running.current.jobId);
      dispatch({ type: 'remove', id });
      if (current === id) setCurrent(docs.find((d) => d.id !== id)?.id ?? null);
    },
    async clearAll() {
      if (running.current) client.current?.cancel(running.current.jobId);
      await clearDocs().catch(() => undefined);
      const d = newDoc(UNTITLED, '');
      dispatch({ type: 'replace-all', docs: [d] });
      setCurrent(d.id);
    },
  };
}
