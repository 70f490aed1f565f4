/**
 * Agreement with a second annotator, in the Review tab: the reviewer opens the other annotator's
 * version of this scene (Crosslabel scene or bundle, or ASAM OpenLABEL); objects are matched by
 * geometry and the panel shows Cohen's kappa on their classes with the confusion matrix, the
 * objects only one side labelled, the class disagreements (click one to select it here) and the
 * cross-modal agreement (do both annotators' boxes agree with their own cuboids the same way?).
 * The same core as `crosslabel agreement a.json b.json`.
 */
import { useMemo, useState } from 'react';
import { importFile } from '../../core/formats/exchange';
import { compareAnnotators, type AgreementReport } from '../../core/qa/agreement';
import type { Scene } from '../../core/schema';
import { selectObjectEverywhere } from '../../hooks/selection';
import { useWorkbenchStore } from '../../hooks/storeContext';

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);

export function AgreementSection({ scene }: { scene: Scene }) {
  const store = useWorkbenchStore();
  const [other, setOther] = useState<{ file: string; scene: Scene } | null>(null);
  const [loadError, setError] = useState<string | null>(null);
  // recomputed as this scene is edited
  const { report, compareError } = useMemo((): { report: AgreementReport | null; compareError: string | null } => {
    if (!other) return { report: null, compareError: null };
    try {
      return { report: compareAnnotators(scene, other.scene), compareError: null };
    } catch (e) {
      return { report: null, compareError: `${other.file}: cannot compare: ${(e as Error).message}` };
    }
  }, [scene, other]);
  const error = loadError ?? compareError;
  const name = (s: Scene, id: string) => s.objects[id]?.name ?? id;
  const className = (id: string) => scene.taxonomy.classes.find((c) => c.id === id)?.name ?? id;

  const load = async (f: File) => {
    setError(null);
    try {
      const r = await importFile({ path: f.name, text: () => f.text() }, { current: scene });
      if (r.mode !== 'replace') throw new Error(`${f.name}: not a whole scene (expected a Crosslabel scene or bundle, or ASAM OpenLABEL)`);
      setOther({ file: f.name, scene: r.scene });
    } catch (e) {
      setOther(null);
      setError((e as Error).message);
    }
  };

  return (
    <section className="agreement" data-testid="agreement">
      <h4>Agreement with a second annotator</h4>
      <label className="button">
        Compare with a file…
        <input
          type="file"
          hidden
          accept=".json"
          data-testid="agreement-file"
          onChange={async (e) => {
            const input = e.currentTarget;
            const f = input.files?.[0];
            if (f) await load(f);
            input.value = '';
          }}
        />
      </label>
      {error ? (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      ) : null}
      {report && other ? (
        <div data-testid="agreement-report">
          <p className="muted small">This scene (A) against {other.file} (B), objects matched by geometry.</p>
          <p>
            <strong data-testid="agreement-kappa">Cohen’s κ {report.kappa === null ? 'undefined' : report.kappa.toFixed(3)}</strong>{' '}
            <span className="muted">
              (observed {pct(report.observed)}, chance {pct(report.expected)})
            </span>
          </p>
          <p data-testid="agreement-counts">
            {report.matched.length} matched · {report.unmatchedA.length} only in A · {report.unmatchedB.length} only in B
          </p>
          {report.labels.length ? (
            <div className="confusion-wrap">
            <table className="confusion" data-testid="agreement-confusion">
              <thead>
                <tr>
                  <th>A \ B</th>
                  {report.labels.map((l) => (
                    <th key={l}>{className(l)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.confusion.map((row, i) => (
                  <tr key={report.labels[i]}>
                    <th>{className(report.labels[i])}</th>
                    {row.map((n, j) => (
                      <td key={j} className={i !== j && n ? 'off' : ''}>
                        {n}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          ) : null}
          <ul className="agreement-diffs">
            {report.matched
              .filter((p) => p.classA !== p.classB)
              .map((p) => (
                <li key={p.a} data-kind="class-differs">
                  <button className="link" onClick={() => selectObjectEverywhere(store, p.a)}>
                    {name(scene, p.a)}
                  </button>{' '}
                  class differs: A {className(p.classA)} ↔ B {className(p.classB)}
                </li>
              ))}
            {report.unmatchedA.map((id) => (
              <li key={`a${id}`} data-kind="only-a">
                <button className="link" onClick={() => selectObjectEverywhere(store, id)}>
                  {name(scene, id)}
                </button>{' '}
                only in A
              </li>
            ))}
            {report.unmatchedB.map((id) => (
              <li key={`b${id}`} data-kind="only-b">
                {name(other.scene, id)} ({className(other.scene.objects[id]?.classId ?? '?')}) only in B
              </li>
            ))}
          </ul>
          <p className="muted small" data-testid="agreement-crossmodal">
            Cross-modal: {report.crossModal.pairs} box/cuboid pairs, agreement {pct(report.crossModal.agreement)}, box ≈ projection A {pct(report.crossModal.consistencyA)}, B {pct(report.crossModal.consistencyB)}
          </p>
        </div>
      ) : null}
    </section>
  );
}
