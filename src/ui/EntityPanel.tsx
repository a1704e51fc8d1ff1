import { useMemo } from 'react';
import { qualifiedId, recordUrl } from '../linking/lexicon-files.ts';
import { speciesNote } from '../formats/species-note.ts';
import type { EntityLink, EntitySpan } from '../ner/span.ts';
import { typeColor } from './colors.ts';
import type { Mention } from './Highlighted.tsx';
import { groupKey, mostFrequent, numbersOnly } from './mentions.ts';
import type { LexiconState } from './useNer.ts';

interface Props {
  spans: EntitySpan[];
  types: readonly string[];
  hidden: ReadonlySet<string>;
  selected: Mention | null;
  onSelect(m: Mention | null): void;
  lexicon: LexiconState;
}

/** The most frequent mentions listed per type; a long document can have tens of thousands. */
const MAX_LISTED = 300;

interface Group {
  key: string;
  /** The group's most frequent spelling. */
  label: string;
  count: number;
  link?: EntityLink;
  spellings: Map<string, number>;
}

const VIA_TEXT: Record<EntityLink['via'], string> = {
  corpus: 'as annotated in the training corpora',
  exact: 'dictionary name',
  abbreviation: 'through its long form in this text (defined, or spelled by another mention)',
  composite: 'each part of a composite mention',
  stem: 'dictionary name, word endings aside',
  similar: 'most similar dictionary name',
  head: 'by its head words (a broader concept)',
  pattern: 'a sequence variant, in its normal form',
  ortholog: "the assigned species' ortholog (HomoloGene) of the human gene of this name",
};

function Concept({ link, type }: { link: EntityLink; type: string }) {
  const sure = link.score >= 1;
  return (
    <span className="concept small" title={`${VIA_TEXT[link.via]}${sure ? '' : `, score ${link.score.toFixed(2)}`}`}>
      {link.ids.map((id, i) => {
        const url = recordUrl(id, type);
        return (
          <span key={id} className="concept-id">
            {link.names[i] ?? id}{' '}
            {url ? <a href={url} target="_blank" rel="noopener noreferrer">{qualifiedId(id, type)}</a> : qualifiedId(id, type)}
          </span>
        );
      })}
      {link.species && <span className="species-note muted" data-testid="gene-species" title={speciesNote(link.species)}> · {link.species.name}</span>}
      {!sure && <span className="muted"> (uncertain: {link.score.toFixed(2)})</span>}
      {link.alternatives?.length ? <span className="muted"> · ambiguous: also {link.alternatives.slice(0, 3).map((id) => qualifiedId(id)).join(', ')}{link.alternatives.length > 3 ? ', …' : ''}</span> : null}
    </span>
  );
}

/** Mentions grouped by concept (or case-folded text), most frequent first; clicking one marks its occurrences. */
export function EntityPanel({ spans, types, hidden, selected, onSelect, lexicon }: Props) {
  const groups = useMemo(() => {
    const byType = new Map<string, Map<string, Group>>();
    for (const s of spans) {
      const m = byType.get(s.type) ?? new Map<string, Group>();
      const key = groupKey(s);
      const g = m.get(key) ?? { key, label: s.text, count: 0, link: s.link, spellings: new Map() };
      g.count++;
      g.spellings.set(s.text, (g.spellings.get(s.text) ?? 0) + 1);
      m.set(key, g);
      byType.set(s.type, m);
    }
    return types.filter((t) => byType.has(t)).map((t) => {
      const list = [...byType.get(t)!.values()];
      for (const g of list) g.label = mostFrequent(g.spellings);
      list.sort((a, b) => Number(numbersOnly(a.label)) - Number(numbersOnly(b.label)) || b.count - a.count || a.label.localeCompare(b.label));
      return { type: t, groups: list };
    });
  }, [spans, types]);

  if (!spans.length) return <p className="muted">No entities found.</p>;
  return (
    <div className="entity-panel">
      {groups.filter((g) => !hidden.has(g.type)).map((g) => (
        <section key={g.type} aria-label={`${g.type} mentions`}>
          <h3 style={{ borderColor: typeColor(g.type, types) }}>
            {g.type} <span className="count">{g.groups.reduce((n, x) => n + x.count, 0)}</span>
          </h3>
          <ul>
            {g.groups.slice(0, MAX_LISTED).map((x) => {
              const active = selected?.key === x.key;
              const others = [...x.spellings.keys()].filter((s) => s !== x.label);
              return (
                <li key={x.key} data-testid="entity-group">
                  <button
                    type="button"
                    className={active ? 'mention active' : 'mention'}
                    aria-pressed={active}
                    title={others.length ? `also written: ${others.slice(0, 5).join(', ')}` : undefined}
                    onClick={() => onSelect(active ? null : { type: g.type, key: x.key, label: x.label })}
                  >
                    <span className="mention-text">{x.label}</span>
                    <span className="count" aria-label={`${x.count} occurrences`}>{x.count}</span>
                  </button>
                  {x.link && <Concept link={x.link} type={g.type} />}
                </li>
              );
            })}
          </ul>
          {g.groups.length > MAX_LISTED && <p className="muted small">… and {g.groups.length - MAX_LISTED} more (export for the full list)</p>}
        </section>
      ))}
      <p className="muted small lexicon-status" data-testid="lexicon-status" data-state={lexicon.phase}>
        {lexicon.phase === 'loading' && 'Loading the database names for linking…'}
        {lexicon.phase === 'error' && `Linking is off: ${lexicon.message}`}
        {lexicon.phase === 'ready' && <>Ids from {lexicon.sources.map((s) => s.short).join(', ')}. {lexicon.notice}</>}
      </p>
    </div>
  );
}
