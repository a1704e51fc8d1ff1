import { typeColor } from './colors.ts';

interface Props {
  types: readonly string[];
  hidden: ReadonlySet<string>;
  counts: Record<string, number>;
  onToggle(type: string): void;
}

/** One toggle per entity type: hides or shows that type everywhere. */
export function Legend({ types, hidden, counts, onToggle }: Props) {
  return (
    <div className="legend" role="group" aria-label="Entity types">
      {types.map((t) => (
        <button
          key={t}
          type="button"
          className={hidden.has(t) ? 'legend-item off' : 'legend-item'}
          aria-pressed={!hidden.has(t)}
          onClick={() => onToggle(t)}
          title={hidden.has(t) ? `Show ${t}` : `Hide ${t}`}
        >
          <span className="swatch" style={{ background: typeColor(t, types) }} aria-hidden="true" />
          {t} <span className="count">{counts[t] ?? 0}</span>
        </button>
      ))}
    </div>
  );
}
