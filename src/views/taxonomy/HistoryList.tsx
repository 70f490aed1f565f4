/** The taxonomy's version history: every migration step, newest first, with the class re-mapping it applied to objects. */
import type { Taxonomy, TaxonomyMigration } from '../../core/schema';

function describe(m: TaxonomyMigration): string {
  const c = m.change;
  switch (c.op) {
    case 'add':
      return `added class ${c.classId}`;
    case 'rename':
      return `renamed ${c.classId}: “${c.from}” → “${c.to}”`;
    case 'merge':
      return `merged ${c.from.join(', ')} into ${c.into}`;
    case 'deprecate':
      return `deprecated ${c.classId}${c.replacedBy ? ` (replaced by ${c.replacedBy})` : ''}`;
    case 'edit':
      return `edited ${c.classId}: ${c.fields.join(', ')}`;
  }
}

export function HistoryList({ taxonomy }: { taxonomy: Taxonomy }) {
  const steps = [...taxonomy.history].sort((a, b) => b.fromVersion - a.fromVersion);
  return (
    <div className="tax-history" data-testid="taxonomy-history">
      <p className="muted small">
        “{taxonomy.name}” ({taxonomy.id}) is at version {taxonomy.version}. A document labelled against an older version is re-mapped through these steps when it adopts this one.
      </p>
      {steps.length === 0 ? (
        <p className="muted">No changes since version {taxonomy.version}.</p>
      ) : (
        <ol className="tax-steps" reversed>
          {steps.map((m) => (
            <li key={m.fromVersion} data-testid="taxonomy-step" data-op={m.change.op}>
              <span className="badge">
                v{m.fromVersion} → v{m.toVersion}
              </span>{' '}
              {describe(m)}
              {Object.keys(m.remap).length ? (
                <span className="tax-remap muted">
                  {' '}
                  · objects re-mapped:{' '}
                  {Object.entries(m.remap)
                    .map(([a, b]) => `${a} → ${b}`)
                    .join(', ')}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
