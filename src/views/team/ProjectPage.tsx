/**
 * The manager's project page (a tab of the team dialog): progress, agreement between consensus
 * copies, QA finding rates and throughput per person — all computed on the server
 * (GET /api/projects/:id/stats) — and the form that gives one scene to several annotators as
 * independent copies (a consensus assignment), which is what agreement is measured on.
 */
import { useCallback, useEffect, useState } from 'react';
import type { TaskState } from '../../core/tasks/workflow';
import type { TeamApi } from '../../sync/api';
import { canLabel, createConsensus, loadProjectPage, managedProjects, type ManagedProject, type ProjectPageData, type ProjectStats, type Summary } from '../../sync/project';

const STATES: readonly TaskState[] = ['todo', 'in_progress', 'submitted', 'in_review', 'accepted', 'rejected'];
const stateName = (s: string) => s.replace('_', ' ');

/** A figure for a table cell: fixed digits, an em dash where undefined. */
const fmt = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const minutes = (seconds: number | null) => (seconds === null ? '—' : `${(seconds / 60).toFixed(1)} min`);
const summary = (s: Summary) => (s.n ? `${fmt(s.mean)} mean · ${fmt(s.median)} median` : '—');

export function ProjectPage({ api }: { api: TeamApi }) {
  const [projects, setProjects] = useState<ManagedProject[] | null>(null);
  const [projectId, setProjectId] = useState('');
  const [data, setData] = useState<ProjectPageData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    managedProjects(api).then(
      (ps) => (setProjects(ps), setProjectId((id) => id || ps[0]?.id || '')),
      (e: Error) => setError(e.message),
    );
  }, [api]);

  const reload = useCallback(() => {
    if (!projectId) return;
    setError(null);
    loadProjectPage(api, projectId).then(setData, (e: Error) => setError(e.message));
  }, [api, projectId]);
  useEffect(reload, [reload]);

  if (projects === null) return <p className="muted">Loading…</p>;
  if (projects.length === 0) return <p className="muted">You manage no project.</p>;
  return (
    <div className="project-page" data-testid="project-page">
      <div className="project-head">
        <label>
          Project{' '}
          <select value={projectId} onChange={(e) => (setData(null), setProjectId(e.target.value))} data-testid="project-select">
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button onClick={reload} data-testid="project-refresh">
          Refresh
        </button>
        {data ? <span className="muted">as of {new Date(data.stats.generatedAt).toLocaleTimeString()}</span> : null}
      </div>
      {error ? <p className="dialog-error" role="alert">{error}</p> : null}
      {data ? (
        <>
          <Progress stats={data.stats} />
          <Agreement stats={data.stats} />
          <Qa stats={data.stats} />
          <ThroughputTable stats={data.stats} />
          <ConsensusForm api={api} projectId={projectId} data={data} onCreated={reload} />
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}

function Progress({ stats }: { stats: ProjectStats }) {
  const { progress } = stats;
  return (
    <section>
      <h3>Progress · {progress.total} tasks</h3>
      <table className="project-table" data-testid="project-progress">
        <thead>
          <tr>
            <th>Assignee</th>
            {STATES.map((s) => (
              <th key={s}>{stateName(s)}</th>
            ))}
            <th>total</th>
          </tr>
        </thead>
        <tbody>
          {progress.byAssignee.map((a) => (
            <tr key={a.userId ?? ''} data-testid="progress-row">
              <td>{a.name ?? 'unassigned'}</td>
              {STATES.map((s) => (
                <td key={s}>{a.byState[s] || ''}</td>
              ))}
              <td>{a.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>All</td>
            {STATES.map((s) => (
              <td key={s} data-testid={`progress-${s}`}>
                {progress.byState[s]}
              </td>
            ))}
            <td>{progress.total}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function Agreement({ stats }: { stats: ProjectStats }) {
  const a = stats.agreement;
  const crossModalWhy = a.crossModal.n ? undefined : a.sources.flatMap((s) => s.pairs).find((p) => p.crossModalError)?.crossModalError;
  return (
    <section>
      <h3>Agreement (consensus copies)</h3>
      <p data-testid="project-kappa">
        Cohen’s kappa: <strong>{summary(a.kappa)}</strong> · pooled {fmt(a.pooledKappa)} over {a.pairs} pair{a.pairs === 1 ? '' : 's'}
        {a.pendingCopies ? ` · ${a.pendingCopies} cop${a.pendingCopies === 1 ? 'y' : 'ies'} still being labelled` : ''} · cross-modal: {summary(a.crossModal)}
      </p>
      {crossModalWhy ? (
        <p className="muted" data-testid="cross-modal-why">
          {crossModalWhy[0].toUpperCase() + crossModalWhy.slice(1)}.
        </p>
      ) : null}
      <p className="muted">Counted: {a.counted}.</p>
      {a.annotators.length ? (
        <table className="project-table" data-testid="agreement-annotators">
          <thead>
            <tr>
              <th>Annotator</th>
              <th>pairs</th>
              <th>kappa mean</th>
              <th>kappa median</th>
              <th>cross-modal mean</th>
            </tr>
          </thead>
          <tbody>
            {a.annotators.map((x) => (
              <tr key={x.userId} data-testid="agreement-annotator">
                <td>{x.name}</td>
                <td>{x.pairs}</td>
                <td>{fmt(x.kappa.mean)}</td>
                <td>{fmt(x.kappa.median)}</td>
                <td>{fmt(x.crossModal.mean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {a.sources.length ? (
        <table className="project-table" data-testid="agreement-sources">
          <thead>
            <tr>
              <th>Source scene</th>
              <th className="project-text">copies</th>
              <th>pairs</th>
              <th>kappa</th>
              <th>matched / unmatched</th>
            </tr>
          </thead>
          <tbody>
            {a.sources.map((s) => (
              <tr key={s.sourceId} data-testid="agreement-source">
                <td>{s.name}</td>
                <td className="project-text">{s.copies.map((c) => `${c.assigneeName ?? 'unassigned'} (${c.state ? stateName(c.state) : 'no task'})`).join(', ')}</td>
                <td>{s.pairs.length}</td>
                <td>{summary(s.kappa)}</td>
                <td title={s.pairs.map((p) => p.crossModalError).find(Boolean) ?? ''}>
                  {s.pairs.map((p) => `${p.matched} / ${p.unmatchedA + p.unmatchedB}`).join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No consensus assignment yet: give a scene to two or more annotators below.</p>
      )}
    </section>
  );
}

function Qa({ stats }: { stats: ProjectStats }) {
  const { scenes, total } = stats.qa;
  const checks = (byCheck: Record<string, number>) =>
    Object.entries(byCheck)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  return (
    <section>
      <h3>QA finding rates (tier-1 checks)</h3>
      <table className="project-table" data-testid="project-qa">
        <thead>
          <tr>
            <th>Scene</th>
            <th>rev.</th>
            <th>objects</th>
            <th>findings</th>
            <th>per 100 objects</th>
            <th className="project-text">by check</th>
          </tr>
        </thead>
        <tbody>
          {scenes.map((s) => (
            <tr key={s.sceneId} data-testid="qa-scene">
              <td>{s.name}</td>
              <td>{s.revision}</td>
              <td>{s.objects}</td>
              <td>{s.findings}</td>
              <td>{fmt(s.per100Objects, 1)}</td>
              <td className="project-text">{s.error ?? checks(s.byCheck)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>All {total.scenes} scenes</td>
            <td />
            <td>{total.objects}</td>
            <td>{total.findings}</td>
            <td>{fmt(total.per100Objects, 1)}</td>
            <td className="project-text">{checks(total.byCheck)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function ThroughputTable({ stats }: { stats: ProjectStats }) {
  return (
    <section>
      <h3>Throughput per person</h3>
      <p className="muted">Per active hour: the clock hours with at least one of the person’s edits.</p>
      <table className="project-table" data-testid="project-throughput">
        <thead>
          <tr>
            <th>Person</th>
            <th>edits</th>
            <th>objects</th>
            <th>active h</th>
            <th>edits / h</th>
            <th>objects / h</th>
            <th>submitted</th>
            <th>accepted</th>
            <th>median to submit</th>
          </tr>
        </thead>
        <tbody>
          {stats.throughput.map((p) => (
            <tr key={p.userId} data-testid="throughput-row">
              <td>{p.name}</td>
              <td>{p.edits}</td>
              <td>{p.objectsTouched}</td>
              <td>{p.activeHours}</td>
              <td>{fmt(p.editsPerHour, 1)}</td>
              <td>{fmt(p.objectsPerHour, 1)}</td>
              <td>{p.tasksSubmitted}</td>
              <td>{p.tasksAccepted}</td>
              <td>{minutes(p.medianSecondsToSubmit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ConsensusForm({ api, projectId, data, onCreated }: { api: TeamApi; projectId: string; data: ProjectPageData; onCreated(): void }) {
  const [sceneId, setSceneId] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const people = data.members.filter(canLabel);
  const scene = sceneId || data.sources[0]?.id || '';
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <section className="consensus-form" data-testid="consensus-form">
      <h3>Consensus assignment</h3>
      <p className="muted">Each picked annotator gets an independent copy of the scene and a task on it; their copies are compared once submitted.</p>
      {data.sources.length === 0 ? (
        <p className="muted">The project has no scene yet.</p>
      ) : (
        <>
          <label>
            Scene{' '}
            <select value={scene} onChange={(e) => setSceneId(e.target.value)} data-testid="consensus-scene">
              {data.sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} (rev. {s.revision})
                </option>
              ))}
            </select>
          </label>
          <div className="consensus-people">
            {people.map((m) => (
              <label key={m.userId}>
                <input type="checkbox" checked={picked.includes(m.userId)} onChange={() => toggle(m.userId)} data-testid="consensus-annotator" data-name={m.name} /> {m.name}
              </label>
            ))}
          </div>
          <label>
            Task title <input value={title} placeholder="optional" onChange={(e) => setTitle(e.target.value)} data-testid="consensus-title" />
          </label>
          <button
            className="primary"
            disabled={busy || picked.length < 2 || !scene}
            title={picked.length < 2 ? 'Pick at least two annotators' : undefined}
            data-testid="consensus-create"
            onClick={async () => {
              setBusy(true);
              setMessage(null);
              try {
                const r = await createConsensus(api, projectId, scene, picked, title.trim() || undefined);
                setMessage({ ok: true, text: `Assigned ${r.copies.length} copies (revision ${r.sourceRevision}): ${r.copies.map((c) => c.name).join(', ')}` });
                setPicked([]);
                setTitle('');
                onCreated();
              } catch (e) {
                setMessage({ ok: false, text: (e as Error).message });
              } finally {
                setBusy(false);
              }
            }}
          >
            Assign to {picked.length} annotator{picked.length === 1 ? '' : 's'}
          </button>
        </>
      )}
      {message ? (
        <p className={message.ok ? 'muted' : 'dialog-error'} role={message.ok ? 'status' : 'alert'} data-testid="consensus-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
