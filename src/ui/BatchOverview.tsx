import { useMemo, useState } from 'react';
import { qualifiedId } from '../linking/lexicon-files.ts';
import { typeColor } from './colors.ts';
import { displayName, type Doc } from './documents.ts';
import { groupKey, mostFrequent, numbersOnly } from './mentions.ts';
import { spansAtLeast } from '../ner/span.ts';

interface Props {
  docs: Doc[];
  types: readonly string[];
  minScore: number;
  onOpen(docId: string): void;
}

/** Entities per type in the chart. */
const TOP = 10;

interface Entry {
  key: string;
  type: string;
  label: string;
  id?: string;
  mentions: number;
  docs: Map<string, number>;
  spellings: Map<string, number>;
}

/**
 * The most frequent entities of each type across every tagged document, as bars (grouped by concept, as the
 * entity panel groups them); clicking an entity lists the documents that mention it, and one opens.
 */
export function BatchOverview({ docs, types, minScore, onOpen }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const tagged = docs.filter((d) => d.spans);
  const byType = useMemo(() => {
    const entries = new Map<string, Entry>();
    for (const d of tagged) {
      for (const s of spansAtLeast(d.spans!, minScore)) {
        const key = groupKey(s);
        const e = entries.get(key) ?? { key, type: s.type, label: s.text, id: s.link?.ids.join('|'), mentions: 0, docs: new Map(), spellings: new Map() };
        e.mentions++;
        e.docs.set(d.id, (e.docs.get(d.id) ?? 0) + 1);
        e.spellings.set(s.text, (e.spellings.get(s.text) ?? 0) + 1);
        entries.set(key, e);
      }
    }
    for (const e of entries.values()) e.label = mostFrequent(e.spellings);
    return types.map((t) => ({
      type: t,
      top: [...entries.values()].filter((e) => e.type === t && !numbersOnly(e.label))
        .sort((a, b) => b.docs.size - a.docs.size || b.mentions - a.mentions || a.label.localeCompare(b.label)).slice(0, TOP),
    })).filter((g) => g.top.length);
  }, [tagged, types, minScore]);

  if (tagged.length < 2) return <p className="muted">Tag two or more documents for an overview of the batch.</p>;
  return (
    <section className="overview" aria-label="Batch overview" data-testid="batch-overview">
      <h2>Most frequent entities in {tagged.length} documents</h2>
      <p className="muted small">Bars count the documents that mention each entity (mentions in all in brackets); click one for the documents.</p>
      {byType.map((g) => {
        const max = g.top[0].docs.size;
        return (
          <div key={g.type} className="overview-type">
            <h3 style={{ borderColor: typeColor(g.type, types) }}>{g.type}</h3>
            <ul>
              {g.top.map((e) => (
                <li key={e.key} data-testid="overview-entity">
                  <button type="button" className="bar-row" aria-expanded={open === e.key} onClick={() => setOpen(open === e.key ? null : e.key)}>
                    <span className="bar-label">{e.label}{e.id ? <span className="muted small"> {e.id.split('|').map((id) => qualifiedId(id, g.type)).join(' + ')}</span> : null}</span>
                    <span className="bar" style={{ width: `${(100 * e.docs.size) / max}%`, background: typeColor(g.type, types) }} />
                    <span className="bar-count">{e.docs.size} <span className="muted">({e.mentions})</span></span>
                  </button>
                  {open === e.key && (
                    <ul className="bar-docs" aria-label={`Documents that mention ${e.label}`}>
                      {tagged.filter((d) => e.docs.has(d.id)).map((d) => (
                        <li key={d.id}><button type="button" className="link-button" onClick={() => onOpen(d.id)}>{displayName(d)}</button> <span className="muted small">×{e.docs.get(d.id)}</span></li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
