/**
 * QA panel: the tier-1 cross-modal findings of the current document, grouped by check and sorted
 * by severity. Clicking a finding selects its object everywhere, seeks the timeline to its sample
 * and turns on the overlays that show the problem; a finding can be waived with a comment (recorded
 * in the document, undoable), never silently dropped. Findings are live (store/qaLive): after each
 * edit only the objects and samples it touched are re-checked, a moment after the edit (throttled,
 * so a drag is never blocked), with no button to press.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { unwaiveFinding, waiveFinding } from '../../core/commands/qa';
import type { Finding } from '../../core/qa';
import { liveQaOf } from '../../store/qaLive';
import { findSample, sceneTime } from '../../core/time';
import { useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function QaPanel() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const selected = useWorkbench((s) => s.session.selectedObjectId);
  const [waiving, setWaiving] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [showWaived, setShowWaived] = useState(false);
  const live = liveQaOf(store);
  useEffect(() => live.retain(), [live]);
  const snap = useSyncExternalStore(live.subscribe, live.getSnapshot);
  const findings = useMemo(
    () => (snap.error ? [{ id: 'qa-crash', check: 'qa.internal', severity: 'error', sensors: [], samples: [], message: `QA could not run: ${snap.error}` } as Finding] : snap.findings),
    [snap],
  );
  const waived = useMemo(() => new Map((scene?.qa.waivers ?? []).map((w) => [w.finding, w])), [scene]);
  const groups = useMemo(() => {
    const m = new Map<string, Finding[]>();
    for (const f of findings) {
      if (waived.has(f.id) && !showWaived) continue;
      const l = m.get(f.check);
      if (l) l.push(f);
      else m.set(f.check, [f]);
    }
    return [...m.entries()].sort((a, b) => SEVERITY_ORDER[a[1][0].severity] - SEVERITY_ORDER[b[1][0].severity] || a[0].localeCompare(b[0]));
  }, [findings, waived, showWaived]);
  if (!scene) return null;
  const open = findings.filter((f) => !waived.has(f.id));
  const counts = { error: open.filter((f) => f.severity === 'error').length, warning: open.filter((f) => f.severity === 'warning').length };

  const focus = (f: Finding) => {
    const st = store.getState();
    if (f.object) st.select(f.object);
    // seek to the first sample the finding names
    for (const sampleId of f.samples) {
      for (const sensor of f.sensors) {
        const found = findSample(scene, sensor, sampleId);
        if (found) {
          st.setPlayhead(sceneTime(found.stream, found.index));
          const cam = scene.sensors.find((s) => s.id === sensor && s.kind === 'camera');
          if (cam) st.setSession({ activeCamera: cam.id });
          break;
        }
      }
    }
    // the overlays that show a cross-modal problem
    const ov: Record<string, boolean> = { ...store.getState().session.overlays, 'camera.boxes': true, 'camera.projected': true };
    if (f.check.startsWith('spatial.') || f.check.startsWith('completeness.')) ov['camera.wireframes'] = true;
    if (f.check === 'completeness.missing-cuboid' || f.check === 'spatial.lidar-points') ov['camera.lidar'] = true;
    st.setSession({ overlays: ov });
  };

  return (
    <div className="qa-panel" data-testid="qa-panel" data-qa-revision={snap.revision} data-qa-mode={snap.stats.mode} data-qa-pending={snap.pending || undefined} data-qa-ms={snap.stats.ms.toFixed(1)}>
      <div className="qa-summary">
        <span className="sev sev-error">{counts.error} errors</span>
        <span className="sev sev-warning">{counts.warning} warnings</span>
        <span className="muted">{waived.size} waived</span>
        <label className="small">
          <input type="checkbox" checked={showWaived} onChange={(e) => setShowWaived(e.target.checked)} /> show waived
        </label>
      </div>
      {groups.length === 0 ? <p className="muted pad">No open findings.</p> : null}
      {groups.map(([check, list]) => (
        <section key={check} className="qa-group" data-check={check}>
          <h4>
            {check} <span className="muted">({list.length})</span>
          </h4>
          <ul>
            {list.map((f) => {
              const w = waived.get(f.id);
              return (
                <li key={f.id} className={`qa-finding sev-${f.severity}${w ? ' waived' : ''}${f.object && f.object === selected ? ' selected' : ''}`} data-testid="qa-finding" data-finding={f.id} data-check={f.check}>
                  <button className="qa-open" onClick={() => focus(f)} title="Select the object and show it in every view">
                    <span className={`sev sev-${f.severity}`}>{f.severity}</span> {f.message}
                    {f.measured ? (
                      <span className="muted">
                        {' '}
                        ({f.measured.name} {Number(f.measured.value.toFixed(3))} {f.measured.unit})
                      </span>
                    ) : null}
                  </button>
                  {w ? (
                    <div className="qa-waiver">
                      waived: “{w.comment}”{' '}
                      <button onClick={() => store.getState().dispatch(unwaiveFinding, { finding: f.id })}>withdraw</button>
                    </div>
                  ) : waiving === f.id ? (
                    <form
                      className="qa-waive-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (store.getState().dispatch(waiveFinding, { finding: f.id, check: f.check, object: f.object, comment })) {
                          setWaiving(null);
                          setComment('');
                        }
                      }}
                    >
                      <input aria-label="waiver comment" autoFocus placeholder="why is this acceptable?" value={comment} onChange={(e) => setComment(e.target.value)} />
                      <button type="submit" disabled={!comment.trim()}>
                        Waive
                      </button>
                      <button type="button" onClick={() => setWaiving(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <button className="qa-waive" onClick={() => setWaiving(f.id)}>
                      Waive…
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
