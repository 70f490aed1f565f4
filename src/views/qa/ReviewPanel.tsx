/**
 * Tier 2 and 3 of QA in the UI.
 * - Review: a seeded, reproducible sample of the scene's frames (12 % by default, at least one);
 *   opening a sampled frame seeks there with the cross-modal overlays on, and the reviewer records
 *   accept / reject / comment per object (stored in scene.qa.reviews, undoable).
 * - Audit queue: everything an expert should look at, in one list: open automated findings,
 *   reviewer rejections and comments, and a random sample of frames that passed both.
 * - Agreement with a second annotator's file (AgreementSection).
 */
import { useMemo, useState } from 'react';
import { recordReview } from '../../core/commands/qa';
import { runChecks } from '../../core/qa';
import { sampleForReview } from '../../core/qa/review';
import type { Scene } from '../../core/schema';
import { sceneTime } from '../../core/time';
import { useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { AgreementSection } from './AgreementSection';
import { allAnnotations } from '../../core/schema';

/** Frames of the scene: shared frame labels (else sample ids), with their earliest scene time. */
function framesOf(scene: Scene): { frame: string; t: number; samples: Set<string> }[] {
  const m = new Map<string, { frame: string; t: number; samples: Set<string> }>();
  for (const st of scene.streams)
    st.samples.forEach((s, i) => {
      const key = s.frame ?? s.id;
      const e = m.get(key) ?? { frame: key, t: Infinity, samples: new Set<string>() };
      e.t = Math.min(e.t, sceneTime(st, i));
      e.samples.add(s.id);
      m.set(key, e);
    });
  return [...m.values()].sort((a, b) => a.t - b.t);
}

export function ReviewPanel() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const playhead = useWorkbench((s) => s.live.playhead);
  const [share, setShare] = useState(12);
  const [seed, setSeed] = useState(1);
  const [reviewer, setReviewer] = useState('reviewer');
  const [comment, setComment] = useState('');
  const frames = useMemo(() => (scene ? framesOf(scene) : []), [scene]);
  const sampled = useMemo(() => new Set(sampleForReview(frames.map((f) => f.frame), share / 100, seed)), [frames, share, seed]);
  const findings = useMemo(() => (scene ? runChecks(scene) : []), [scene]);
  if (!scene) return null;
  const waived = new Set(scene.qa.waivers.map((w) => w.finding));
  const open = findings.filter((f) => !waived.has(f.id) && f.severity !== 'info');
  const current = [...frames].reverse().find((f) => f.t <= playhead + 1e-9) ?? frames[0];
  const objectsIn = (f: { samples: Set<string> }) => [...new Set(allAnnotations(scene).filter((a) => 'sample' in a && f.samples.has(a.sample)).map((a) => a.object))];
  const reviews = scene.qa.reviews;
  const flagged = reviews.filter((r) => r.decision !== 'accept');
  const frameOfSample = new Map(frames.flatMap((f) => [...f.samples].map((s) => [s, f.frame] as const)));
  const framesWithIssues = new Set([...open.flatMap((f) => f.samples.map((s) => frameOfSample.get(s) ?? s)), ...flagged.map((r) => r.item)]);
  const passed = frames.filter((f) => !framesWithIssues.has(f.frame)).map((f) => f.frame);
  const spotChecks = sampleForReview(passed, 0.1, seed + 1);

  const openFrame = (frame: string) => {
    const f = frames.find((x) => x.frame === frame);
    if (!f) return;
    const st = store.getState();
    st.setPlayhead(f.t);
    st.setSession({ overlays: { ...st.session.overlays, 'camera.boxes': true, 'camera.projected': true, 'camera.wireframes': true, 'camera.labels': true } });
  };
  const decide = (object: string, decision: 'accept' | 'reject' | 'comment') => {
    if (!current) return;
    if (store.getState().dispatch(recordReview, { item: current.frame, object, decision, comment: comment.trim() || undefined, reviewer })) setComment('');
  };
  const nameOf = (id?: string) => (id ? (scene.objects[id]?.name ?? id) : '');

  return (
    <div className="qa-panel review-panel" data-testid="review-panel">
      <h4>Review sample</h4>
      <div className="review-settings">
        <label>
          share % <input aria-label="review share" type="number" min={1} max={100} value={share} onChange={(e) => setShare(Number(e.target.value) || 12)} />
        </label>
        <label>
          seed <input aria-label="review seed" type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value) || 0)} />
        </label>
        <label>
          reviewer <input aria-label="reviewer" value={reviewer} onChange={(e) => setReviewer(e.target.value)} />
        </label>
      </div>
      <ul className="review-frames">
        {frames
          .filter((f) => sampled.has(f.frame))
          .map((f) => (
            <li key={f.frame}>
              <button data-testid="review-frame" data-frame={f.frame} aria-pressed={current?.frame === f.frame} onClick={() => openFrame(f.frame)}>
                frame {f.frame} · {objectsIn(f).length} objects · {reviews.filter((r) => r.item === f.frame).length} decisions
              </button>
            </li>
          ))}
      </ul>
      {current && sampled.has(current.frame) ? (
        <div className="review-current" data-testid="review-current">
          <input aria-label="review comment" placeholder="comment (needed for Comment)" value={comment} onChange={(e) => setComment(e.target.value)} />
          <ul>
            {objectsIn(current).map((o) => {
              const last = [...reviews].reverse().find((r) => r.item === current.frame && r.object === o);
              return (
                <li key={o} className="review-object" data-object={o}>
                  <span>{nameOf(o)}</span>
                  {last ? <span className={`sev ${last.decision === 'accept' ? '' : 'sev-warning'}`}>{last.decision}</span> : null}
                  <span className="spacer" />
                  <button onClick={() => decide(o, 'accept')}>Accept</button>
                  <button onClick={() => decide(o, 'reject')}>Reject</button>
                  <button disabled={!comment.trim()} onClick={() => decide(o, 'comment')}>
                    Comment
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : (
        <p className="muted small">Open a sampled frame to review it.</p>
      )}
      <h4>Audit queue</h4>
      <ul className="audit-queue" data-testid="audit-queue">
        {open.map((f) => (
          <li key={f.id} data-kind="finding">
            <span className={`sev sev-${f.severity}`}>{f.severity}</span> {f.check} {nameOf(f.object)}
          </li>
        ))}
        {flagged.map((r, i) => (
          <li key={`r${i}`} data-kind="review">
            <span className="sev sev-warning">{r.decision}</span> {nameOf(r.object)} in frame {r.item} by {r.reviewer}
            {r.comment ? `: “${r.comment}”` : ''}
          </li>
        ))}
        {spotChecks.map((f) => (
          <li key={`s${f}`} data-kind="spot-check">
            <span className="sev">spot check</span> frame {f} passed both tiers
          </li>
        ))}
      </ul>
      <AgreementSection scene={scene} />
    </div>
  );
}
