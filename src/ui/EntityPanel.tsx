import { useMemo } from 'react';
import type { EntitySpan } from '../ner/span.ts';
import { typeColor } from './colors.ts';
import type { Mention } from './Highlighted.tsx';

interface Props {
  spans: EntitySpan[];
  types: readonly string[];
  hidden: ReadonlySet<string>;
  selected: Mention | null;
  onSelect(m: Mention | null): void;
}

/** The most frequent mentions listed per type; a long document can have tens of thousands. */
const MAX_LISTED = 300;

/** Unique mentions grouped by type, most frequent first; clicking one marks its occurrences in the text. */
export function EntityPanel({ spans, types, hidden, selected, onSelect }: Props) {
  const groups = useMemo(() => {
    const byType = new Map<string, Map<string, number>>();
    for (const s of spans) {
      const m = byType.get(s.type) ?? new Map<string, number>();
      m.set(s.text, (m.get(s.text) ?? 0) + 1);
      byType.set(s.type, m);
    }
    return types
      .filter((t) => byType.has(t))
      .map((t) => ({ type: t, mentions: [...byType.get(t)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) }));
  }, [spans, types]);

  if (!spans.length) return <p className="muted">No entities found.</p>;
  return (
    <div className="entity-panel">
      {groups.filter((g) => !hidden.has(g.type)).map((g) => (
        <section key={g.type} aria-label={`${g.type} mentions`}>
          <h3 style={{ borderColor: typeColor(g.type, types) }}>
            {g.type} <span className="count">{g.mentions.reduce((n, [, c]) => n + c, 0)}</span>
          </h3>
          <ul>
            {g.mentions.slice(0, MAX_LISTED).map(([text, count]) => {
              const active = selected?.type === g.type && selected.text === text;
              return (
                <li key={text}>
                  <button
                    type="button"
                    className={active ? 'mention active' : 'mention'}
                    aria-pressed={active}
                    onClick={() => onSelect(active ? null : { type: g.type, text })}
                  >
                    <span className="mention-text">{text}</span>
                    <span className="count" aria-label={`${count} occurrences`}>{count}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          {g.mentions.length > MAX_LISTED && <p className="muted small">… and {g.mentions.length - MAX_LISTED} more (export for the full list)</p>}
        </section>
      ))}
    </div>
  );
}
