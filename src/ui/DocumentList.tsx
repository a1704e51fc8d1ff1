import { displayName, type Doc } from './documents.ts';

interface Props {
  docs: Doc[];
  current: string | null;
  onSelect(id: string): void;
  onRemove(id: string): void;
}

const STATUS: Record<Doc['status'], string> = {
  new: 'not tagged', queued: 'queued', tagging: 'tagging', done: 'tagged', error: 'failed', cancelled: 'cancelled',
};

export function DocumentList({ docs, current, onSelect, onRemove }: Props) {
  if (!docs.length) return <p className="muted">No documents yet.</p>;
  return (
    <ul className="doc-list" aria-label="Documents">
      {docs.map((d) => (
        <li key={d.id} className={d.id === current ? 'current' : undefined} data-testid="doc-item" data-status={d.status}>
          <button type="button" className="doc-name" aria-current={d.id === current} onClick={() => onSelect(d.id)}>
            {displayName(d)}
          </button>
          <span className={`doc-status ${d.status}`}>
            {d.status === 'tagging' ? `${Math.round(d.progress * 100)}%` : STATUS[d.status]}
            {d.status === 'done' && d.spans ? ` · ${d.spans.length}` : ''}
          </span>
          {d.status === 'tagging' && <progress max={1} value={d.progress} aria-label={`Progress of ${displayName(d)}`} />}
          {d.error && <span className="error small">{d.error}</span>}
          <button type="button" className="icon" aria-label={`Remove ${displayName(d)}`} onClick={() => onRemove(d.id)}>×</button>
        </li>
      ))}
    </ul>
  );
}
