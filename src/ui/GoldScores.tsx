import type { Comparison, IdScore, TypeScore } from '../formats/gold.ts';

interface Props {
  doc: Comparison;
  /** Over every document that has annotations and has been tagged. */
  set: { scores: Record<string, TypeScore>; idScores: Record<string, IdScore>; documents: number; ignoredTypes: Record<string, number> };
}

/** "Ids: 41 of 45 right (91.1 %)" over the agreeing mentions whose annotation carries an id. */
function IdLine({ caption, ids }: { caption: string; ids: Record<string, IdScore> }) {
  const all = ids.all;
  if (!all?.mentions) return null;
  const per = Object.entries(ids).filter(([t, s]) => t !== 'all' && s.mentions).map(([t, s]) => `${t} ${s.correct}/${s.mentions}`).join(', ');
  return (
    <p className="small" data-testid="id-scores">
      {caption}: ids right for {all.correct} of {all.mentions} found mentions with an annotated id ({pct(all.accuracy)} %; {per}); {all.mentions - all.linked} unlinked.
    </p>
  );
}

const pct = (v: number) => v.toFixed(1);

function Table({ caption, scores }: { caption: string; scores: Record<string, TypeScore> }) {
  return (
    <table className="scores">
      <caption>{caption}</caption>
      <thead><tr><th scope="col">type</th><th scope="col">P</th><th scope="col">R</th><th scope="col">F1</th><th scope="col">tp/fp/fn</th></tr></thead>
      <tbody>
        {Object.entries(scores).map(([t, s]) => (
          <tr key={t} data-type={t}><th scope="row">{t}</th><td>{pct(s.precision)}</td><td>{pct(s.recall)}</td><td>{pct(s.f1)}</td><td>{s.tp}/{s.fp}/{s.fn}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** Entity-level precision, recall and F1 against the file's annotations, for this document and the whole set. */
export function GoldScores({ doc, set }: Props) {
  const ignored = Object.entries(set.ignoredTypes);
  return (
    <section className="gold-scores" aria-label="Scores against the annotations" data-testid="gold-scores">
      <Table caption="This document" scores={doc.scores} />
      <Table caption={`All ${set.documents} annotated document(s)`} scores={set.scores} />
      <IdLine caption="This document" ids={doc.idScores} />
      <IdLine caption="All annotated documents" ids={set.idScores} />
      <p className="muted small">
        Exact offsets and type. <span className="key agree">agrees</span> <span className="key missed">missed</span> <span className="key extra">extra</span>
        {ignored.length ? <> · Ignored annotation types: {ignored.map(([t, n]) => `${t} (${n})`).join(', ')}</> : null}
      </p>
    </section>
  );
}
