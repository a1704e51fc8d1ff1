import { useEffect, useMemo, useRef } from 'react';
import type { EntitySpan } from '../ner/span.ts';
import { typeColor } from './colors.ts';

export interface Mention {
  type: string;
  text: string;
}

interface Props {
  text: string;
  spans: EntitySpan[];
  hidden: ReadonlySet<string>;
  types: readonly string[];
  selected: Mention | null;
}

/**
 * The tagged text: plain text nodes with <mark> elements for entities. User text is never parsed as HTML.
 * Each mark is focusable and names its type and confidence for screen readers and on hover/focus.
 */
export function Highlighted({ text, spans, hidden, types, selected }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const parts = useMemo(() => {
    const out: (string | { span: EntitySpan; key: number })[] = [];
    let pos = 0;
    spans.forEach((s, i) => {
      if (hidden.has(s.type) || s.start < pos) return;
      if (s.start > pos) out.push(text.slice(pos, s.start));
      out.push({ span: s, key: i });
      pos = s.end;
    });
    out.push(text.slice(pos));
    return out;
  }, [text, spans, hidden]);

  useEffect(() => {
    if (!selected) return;
    const first = root.current?.querySelector('mark.selected');
    first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [selected]);

  return (
    <div className="highlighted" ref={root} data-testid="highlighted">
      {parts.map((p, i) => {
        if (typeof p === 'string') return p;
        const s = p.span;
        const pct = Math.round(s.score * 100);
        const isSel = selected && selected.type === s.type && selected.text === s.text;
        return (
          <mark
            key={`m${p.key}`}
            className={isSel ? 'ent selected' : 'ent'}
            style={{ '--c': typeColor(s.type, types) } as React.CSSProperties}
            tabIndex={0}
            data-type={s.type}
            data-start={s.start}
            data-end={s.end}
            data-score={s.score.toFixed(3)}
            aria-label={`${s.text}: ${s.type}, confidence ${pct}%`}
            title={`${s.type} · ${pct}%`}
          >
            {s.text}
            <span className="ent-tip" aria-hidden="true">{s.type} · {pct}%</span>
          </mark>
        );
      })}
    </div>
  );
}
