import { useEffect, useMemo, useRef } from 'react';
import type { Verdict } from '../formats/gold.ts';
import { qualifiedId } from '../linking/lexicon-files.ts';
import { speciesNote } from '../formats/species-note.ts';
import type { EntityLink } from '../ner/span.ts';
import { typeColor } from './colors.ts';
import { groupKey } from './mentions.ts';

/** An entry of the entity panel: its occurrences are marked in the text (mentions.ts groups them). */
export interface Mention {
  type: string;
  key: string;
  label: string;
}

/** A highlight: a model span (with its score), or in comparison mode a mention with its verdict. */
export interface Shown {
  type: string;
  start: number;
  end: number;
  text: string;
  score?: number;
  verdict?: Verdict;
  link?: EntityLink;
}

/**
 * "MESH:D003920 Diabetes Mellitus" (several for a composite mention; "~" before an uncertain link); a gene's
 * species and why after it ("rat, named in the sentence").
 */
function linkText(l: EntityLink, type: string): string {
  const ids = (l.score < 1 ? '~' : '') + l.ids.map((id, i) => `${qualifiedId(id, type)} ${l.names[i] ?? ''}`.trim()).join(' + ');
  return l.species ? `${ids} (${speciesNote(l.species)})` : ids;
}

const VERDICT_TEXT: Record<Verdict, string> = {
  agree: 'agrees with the annotation',
  extra: 'not in the annotations',
  missed: 'annotated, missed by the model',
};

interface Props {
  text: string;
  spans: readonly Shown[];
  hidden: ReadonlySet<string>;
  types: readonly string[];
  selected: Mention | null;
  /** The part of the text shown (a page of a long document); offsets stay those of the whole text. */
  from?: number;
  to?: number;
}

/**
 * The tagged text: plain text nodes with <mark> elements for entities. User text is never parsed as HTML.
 * Each mark is focusable and names its type and confidence for screen readers and on hover/focus.
 */
export function Highlighted({ text, spans, hidden, types, selected, from = 0, to = text.length }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const parts = useMemo(() => {
    const out: (string | { span: Shown; key: number; adjacent: boolean })[] = [];
    let pos = from;
    let lastEnd = -1;
    spans.forEach((s, i) => {
      if (hidden.has(s.type) || s.start < pos || s.end > to) return;
      if (s.start > pos) out.push(text.slice(pos, s.start));
      // A span that starts where the previous one ended ("MPTP-" then "lesioned macaques") is drawn apart from it.
      out.push({ span: s, key: i, adjacent: s.start === lastEnd });
      pos = s.end;
      lastEnd = s.end;
    });
    out.push(text.slice(pos, to));
    return out;
  }, [text, spans, hidden, from, to]);

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
        const pct = s.score === undefined ? null : Math.round(s.score * 100);
        const isSel = selected && selected.key === groupKey(s);
        const linked = s.link ? linkText(s.link, s.type) : null;
        const about = [s.type, pct === null ? null : `confidence ${pct}%`, linked, s.verdict ? VERDICT_TEXT[s.verdict] : null].filter(Boolean).join(', ');
        const tip = [s.type, pct === null ? null : `${pct}%`, linked, s.verdict ? VERDICT_TEXT[s.verdict] : null].filter(Boolean).join(' · ');
        return (
          <mark
            key={`m${p.key}`}
            className={['ent', isSel ? 'selected' : '', p.adjacent ? 'adjacent' : '', s.verdict ? `verdict-${s.verdict}` : ''].filter(Boolean).join(' ')}
            // --s: the span's confidence sets how strong its highlight is (a missed gold mention has none).
            style={{ '--c': typeColor(s.type, types), '--s': s.score ?? 1 } as React.CSSProperties}
            tabIndex={0}
            data-type={s.type}
            data-start={s.start}
            data-end={s.end}
            data-score={s.score?.toFixed(3)}
            data-verdict={s.verdict}
            data-ids={s.link?.ids.join('|')}
            aria-label={`${s.text}: ${about}`}
            title={tip}
          >
            {s.text}
            <span className="ent-tip" aria-hidden="true">{tip}</span>
          </mark>
        );
      })}
    </div>
  );
}
