import { BACKEND_ORDER, type BackendChoice } from '../worker/protocol.ts';
import type { ModelState } from './useNer.ts';

const NAMES: Record<string, string> = { auto: 'Automatic', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU (JavaScript)' };

interface Props {
  state: ModelState;
  backend: BackendChoice;
  onBackend(b: BackendChoice): void;
  onRestart(): void;
}

const mb = (n: number) => (n / 1e6).toFixed(1);

/** Model download progress, the backend in use (and why others were skipped), and the backend setting. */
export function ModelStatus({ state, backend, onBackend, onRestart }: Props) {
  return (
    <div className="model-status">
      {state.phase === 'loading' && (
        <div className="loading" role="status">
          <label htmlFor="model-progress">Loading model {state.total ? `${mb(state.loaded)} / ${mb(state.total)} MB` : '…'}</label>
          <progress id="model-progress" max={state.total || 1} value={state.loaded} />
        </div>
      )}
      {state.phase === 'ready' && (
        <span role="status" data-testid="model-ready" data-backend={state.backend}>
          Model ready · <strong>{NAMES[state.backend]}</strong>
          {state.fallbacks.length > 0 && (
            <span className="muted" title={state.fallbacks.map((f) => `${NAMES[f.backend]}: ${f.reason}`).join('\n')}>
              {' '}(skipped {state.fallbacks.map((f) => NAMES[f.backend]).join(', ')})
            </span>
          )}
        </span>
      )}
      {(state.phase === 'error' || state.phase === 'crashed') && (
        <span role="alert" className="error">
          {state.phase === 'crashed' ? 'The tagging worker stopped: ' : 'The model could not be loaded: '}
          {state.message}{' '}
          <button type="button" onClick={onRestart}>{state.phase === 'crashed' ? 'Restart' : 'Retry'}</button>
        </span>
      )}
      <label className="backend-select">
        Backend{' '}
        <select value={backend} onChange={(e) => onBackend(e.target.value as BackendChoice)} aria-label="Compute backend">
          {(['auto', ...BACKEND_ORDER] as const).map((b) => (
            <option key={b} value={b}>{NAMES[b]}</option>
          ))}
        </select>
      </label>
    </div>
  );
}
