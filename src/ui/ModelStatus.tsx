import { BACKEND_ORDER, type BackendChoice, type BackendName, type LoadPhase } from '../worker/protocol.ts';
import type { ModelState } from './useNer.ts';

const NAMES: Record<string, string> = { auto: 'Automatic', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU (JavaScript)' };

const STEPS: { step: LoadPhase; label: (backend?: BackendName) => string }[] = [
  { step: 'download', label: () => 'Download' },
  { step: 'verify', label: () => 'Verify' },
  { step: 'start', label: (b) => `Start ${b ? NAMES[b] : 'backend'}` },
  { step: 'warm-up', label: (b) => `Warm up${b ? ` on ${NAMES[b]}` : ''}` },
];

interface Props {
  state: ModelState;
  backend: BackendChoice;
  onBackend(b: BackendChoice): void;
  onRestart(): void;
}

const mb = (n: number) => (n / 1e6).toFixed(1);

/** Why this backend: measured fastest (with the timings), remembered from an earlier measurement, or picked. */
function why(state: Extract<ModelState, { phase: 'ready' }>): string | null {
  const s = state.selection;
  if (s.how === 'measured' && s.timings) {
    return `fastest here: ${Object.entries(s.timings).sort((a, b) => a[1]! - b[1]!).map(([b, ms]) => `${NAMES[b]} ${Math.round(ms!)} ms`).join(', ')}`;
  }
  if (s.how === 'remembered') return 'measured fastest here on an earlier visit';
  return null;
}

/** The loading phases with their progress, then the backend in use (how it was chosen, what was skipped), and the setting. */
export function ModelStatus({ state, backend, onBackend, onRestart }: Props) {
  return (
    <div className="model-status">
      {state.phase === 'loading' && (
        <ol className="loading" role="status" aria-label="Loading the model" data-testid="model-loading" data-step={state.step}>
          {STEPS.map(({ step, label }, i) => {
            const at = STEPS.findIndex((s) => s.step === state.step);
            const stage = i < at ? 'done' : i === at ? 'now' : 'next';
            return (
              <li key={step} className={`load-step ${stage}`} aria-current={stage === 'now' ? 'step' : undefined}>
                {stage === 'done' ? '✓ ' : ''}{label(i === at ? state.backend : undefined)}
                {step === 'download' && stage === 'now' && (
                  <> {state.total ? `${mb(state.loaded)} / ${mb(state.total)} MB` : '…'} <progress max={state.total || 1} value={state.loaded} aria-label="Download progress" /></>
                )}
                {step !== 'download' && stage === 'now' && <> <progress aria-label={`${label(state.backend)} in progress`} /></>}
              </li>
            );
          })}
        </ol>
      )}
      {state.phase === 'ready' && (
        <span role="status" data-testid="model-ready" data-backend={state.backend} data-engine={state.engine} data-selection={state.selection.how}>
          Model ready · <strong>{NAMES[state.backend]}</strong>
          {state.engine.startsWith('kernel') && <span className="muted small"> · SIMD kernel</span>}
          {why(state) && <span className="muted small"> ({why(state)})</span>}
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
