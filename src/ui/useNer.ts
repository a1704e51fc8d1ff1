import { useCallback, useEffect, useRef, useState } from 'react';
import type { LexiconSource } from '../linking/lexicon-files.ts';
import type { ModelIndex } from '../model/format.ts';
import { NerClient } from '../worker/client.ts';
import { BACKEND_ORDER, type BackendChoice, type BackendFallback, type BackendName, type BackendSelection, type LoadPhase, type TaggerEngine } from '../worker/protocol.ts';

export const MODEL_BASE = `${import.meta.env.BASE_URL}models/`;
export const LEXICON_BASE = `${import.meta.env.BASE_URL}lexicons/`;

export type LexiconState =
  | { phase: 'loading' }
  | { phase: 'ready'; sources: LexiconSource[]; notice: string; loadMs: number }
  | { phase: 'error'; message: string };

export type ModelState =
  | { phase: 'loading'; loaded: number; total: number; step: LoadPhase; backend?: BackendName }
  | { phase: 'ready'; modelId: string; backend: BackendName; engine: string; fallbacks: BackendFallback[]; labels: string[]; loadMs: number; selection: BackendSelection }
  | { phase: 'error'; message: string }
  | { phase: 'crashed'; message: string };

/** Owns the worker: loads the default model on the chosen backend (then the linking lexicon) and restarts on demand. */
/** Per model, the backend automatic mode measured fastest on this machine (tried first on the next visit). */
const fastestKey = (modelId: string) => `bioner.fastestBackend.${modelId}`;

export function useNer(backend: BackendChoice): { state: ModelState; lexicon: LexiconState; client: React.RefObject<NerClient | null>; restart(): void } {
  const [state, setState] = useState<ModelState>({ phase: 'loading', loaded: 0, total: 0, step: 'download' });
  const [lexicon, setLexicon] = useState<LexiconState>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const client = useRef<NerClient | null>(null);

  useEffect(() => {
    let live = true;
    setState({ phase: 'loading', loaded: 0, total: 0, step: 'download' });
    setLexicon({ phase: 'loading' });
    const c = new NerClient({
      onLoadPhase: (step, b) => live && setState((s) => (s.phase === 'loading' ? { ...s, step, backend: b } : s)),
      onLexicon: (info) => live && setLexicon(info.state === 'ready' ? { phase: 'ready', sources: info.sources, notice: info.notice, loadMs: info.loadMs } : { phase: 'error', message: info.message }),
      onLoadProgress: (loaded, total) => live && setState((s) => (s.phase === 'loading' ? { ...s, loaded, total } : s)),
      onBackendChanged: (b, engine, fallbacks) => live && setState((s) => (s.phase === 'ready' ? { ...s, backend: b, engine, fallbacks } : s)),
      onCrash: (message) => live && setState({ phase: 'crashed', message }),
    });
    client.current = c;
    (async () => {
      const res = await fetch(MODEL_BASE + 'index.json');
      if (!res.ok) throw new Error(`model list: HTTP ${res.status}`);
      const index = (await res.json()) as ModelIndex;
      // ?model=<id> picks another listed model (used by the benchmark's quantization comparison).
      const asked = new URLSearchParams(location.search).get('model');
      const modelId = asked && index.models.some((m) => m.id === asked) ? asked : index.default;
      const stored = localStorage.getItem(fastestKey(modelId)) as BackendName | null;
      const remembered = backend === 'auto' && stored && BACKEND_ORDER.includes(stored) ? stored : undefined;
      // ?engine=tfjs keeps the tagger on tfjs ops (the benchmark's comparison with the WebAssembly kernel).
      const engine: TaggerEngine = new URLSearchParams(location.search).get('engine') === 'tfjs' ? 'tfjs' : 'kernel';
      const ready = await c.load(modelId, MODEL_BASE, backend, LEXICON_BASE, remembered, engine);
      if (ready.selection.how === 'measured') localStorage.setItem(fastestKey(modelId), ready.backend);
      if (live) setState({ phase: 'ready', modelId: ready.modelId, backend: ready.backend, engine: ready.engine, fallbacks: ready.fallbacks, labels: ready.labels, loadMs: ready.loadMs, selection: ready.selection });
    })().catch((e: Error) => live && setState((s) => (s.phase === 'crashed' ? s : { phase: 'error', message: e.message })));
    return () => {
      live = false;
      c.terminate();
      if (client.current === c) client.current = null;
    };
  }, [backend, generation]);

  const restart = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, lexicon, client, restart };
}
