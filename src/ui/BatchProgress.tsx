import type { Doc } from './documents.ts';

export interface Batch {
  ids: string[];
  start: number;
}

interface Props {
  batch: Batch;
  docs: Doc[];
  now: number;
}

const FINISHED = new Set(['done', 'error', 'cancelled', 'new']);

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Progress of a queued batch of documents, with the time left estimated from the rate so far. */
export function BatchProgress({ batch, docs, now }: Props) {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const inBatch = batch.ids.map((id) => byId.get(id)).filter((d): d is Doc => !!d);
  const finished = inBatch.filter((d) => FINISHED.has(d.status)).length;
  const running = inBatch.find((d) => d.status === 'tagging');
  const progress = inBatch.length ? (finished + (running?.progress ?? 0)) / inBatch.length : 1;
  const elapsed = now - batch.start;
  const done = finished === inBatch.length;
  const eta = progress > 0 && !done ? (elapsed / progress) * (1 - progress) : null;
  const label = done
    ? `Tagged ${inBatch.length} document(s) in ${duration(elapsed)}`
    : `Tagging ${Math.min(finished + 1, inBatch.length)} of ${inBatch.length}${eta !== null && finished > 0 ? ` · about ${duration(eta)} left` : ''}`;
  return (
    <div className="batch" data-testid="batch-progress" data-done={done}>
      <progress max={1} value={progress} aria-label="Batch progress" />
      <span className="small">{label}</span>
    </div>
  );
}
