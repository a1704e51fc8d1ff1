/**
 * Keeps the user's documents and results in this browser (IndexedDB) so a reload loses nothing.
 * Nothing here ever leaves the machine.
 */
import type { Doc } from './documents.ts';

const DB = 'bioner';
const STORE = 'state';
const KEY = 'documents';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = f(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function loadDocs(): Promise<Doc[]> {
  const docs = await withStore<Doc[] | undefined>('readonly', (s) => s.get(KEY));
  // A job that was running when the page closed did not finish.
  return (docs ?? []).map((d) => (d.status === 'tagging' || d.status === 'queued' ? { ...d, status: 'new', progress: 0 } : d));
}

export async function saveDocs(docs: Doc[]): Promise<void> {
  await withStore('readwrite', (s) => s.put(docs, KEY));
}

export async function clearDocs(): Promise<void> {
  await withStore('readwrite', (s) => s.delete(KEY));
}
