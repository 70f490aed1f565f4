/**
 * The team dialog: sign in; then the task queue (my tasks and the submitted tasks I may review),
 * each with the moves the server allows me (start, submit, take for review, accept, reject, resume),
 * "Open" to load its shared scene, and — for a rejected task — the reviewer's comments per object.
 * A reviewer rejects with comments on objects of the task's scene (open it first to pick them).
 * A project manager also gets the "Project" tab (ProjectPage.tsx): figures and consensus assignments.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ReviewComment } from '../../core/tasks/workflow';
import { useWorkbench } from '../../hooks/storeContext';
import { TeamApiError, type TeamApi, type TeamUser } from '../../sync/api';
import { managedProjects } from '../../sync/project';
import { latestRejection, loadQueue, moveTask, type TaskDetail } from '../../sync/team';
import { ProjectPage } from './ProjectPage';
import type { OpenShared } from './TeamEntry';
import './team.css';

interface Props {
  api: TeamApi;
  user: TeamUser | undefined;
  setUser(u: TeamUser | undefined): void;
  shared: OpenShared | null;
  openScene(sceneId: string, taskId?: string): Promise<void>;
  onClose(): void;
}

export function TeamDialog({ api, user, setUser, shared, openScene, onClose }: Props) {
  const [tab, setTab] = useState<'tasks' | 'project'>('tasks');
  const [manages, setManages] = useState(false);
  useEffect(() => {
    if (!user) {
      setManages(false);
      return;
    }
    // the tab is a convenience: if the list fails, the task queue still works
    managedProjects(api).then((ps) => setManages(ps.length > 0), () => setManages(false));
  }, [api, user]);
  const onProject = manages && tab === 'project';
  return (
    <div className="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog team-dialog${onProject ? ' team-dialog-wide' : ''}`} role="dialog" aria-label="Team" data-testid="team-dialog">
        <h2>Team</h2>
        {user && manages ? (
          <div className="team-tabs" role="tablist">
            <button role="tab" aria-selected={!onProject} onClick={() => setTab('tasks')} data-testid="team-tab-tasks">
              Tasks
            </button>
            <button role="tab" aria-selected={onProject} onClick={() => setTab('project')} data-testid="team-tab-project">
              Project
            </button>
          </div>
        ) : null}
        {user && onProject ? (
          <ProjectPage api={api} />
        ) : user ? (
          <TaskQueue api={api} user={user} shared={shared} openScene={openScene} onSignOut={() => setUser(undefined)} onClose={onClose} />
        ) : (
          <SignIn api={api} onSignedIn={setUser} />
        )}
        <div className="dialog-actions">
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}

function SignIn({ api, onSignedIn }: { api: TeamApi; onSignedIn(u: TeamUser): void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="team-signin"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          onSignedIn(await api.login(name, password));
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        User name <input data-testid="team-name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Password <input data-testid="team-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error ? <p className="dialog-error" role="alert">{error}</p> : null}
      <button className="primary" type="submit" disabled={busy || !name || !password} data-testid="team-signin">
        Sign in
      </button>
    </form>
  );
}

function TaskQueue({ api, user, shared, openScene, onSignOut, onClose }: { api: TeamApi; user: TeamUser; shared: OpenShared | null; openScene: Props['openScene']; onSignOut(): void; onClose(): void }) {
  const [tasks, setTasks] = useState<TaskDetail[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    loadQueue(api).then(
      (t) => (setTasks(t), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [api]);
  useEffect(reload, [reload]);

  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof TeamApiError ? e.message : (e as Error).message);
    }
    reload();
  };

  return (
    <div className="team-queue">
      <p className="muted">
        Signed in as <strong data-testid="team-user">{user.name}</strong>{' '}
        <button onClick={() => act(async () => (await api.logout(), onSignOut()))}>Sign out</button>{' '}
        <button onClick={reload}>Refresh</button>
      </p>
      {error ? <p className="dialog-error" role="alert">{error}</p> : null}
      <h3>My tasks and reviews</h3>
      {tasks === null ? <p className="muted">Loading…</p> : tasks.length === 0 ? <p className="muted">No tasks for you now.</p> : null}
      <ul className="team-tasks">
        {tasks?.map((d) => (
          <TaskRow
            key={d.task.id}
            detail={d}
            isOpen={shared?.sceneId === d.task.sceneId}
            onOpen={() => act(async () => (await openScene(d.task.sceneId, d.task.id), onClose()))}
            onMove={(to, comments) => act(() => moveTask(api, d.task.id, to, comments))}
          />
        ))}
      </ul>
    </div>
  );
}

function TaskRow({ detail, isOpen, onOpen, onMove }: { detail: TaskDetail; isOpen: boolean; onOpen(): void; onMove(to: TaskDetail['moves'][number]['to'], comments?: ReviewComment[]): void }) {
  const { task, moves } = detail;
  const scene = useWorkbench((s) => s.scene);
  const [comments, setComments] = useState<ReviewComment[]>([]);
  const [object, setObject] = useState('');
  const [text, setText] = useState('');
  const rejection = task.state === 'rejected' || task.state === 'in_progress' ? latestRejection(detail) : undefined;
  // names come from the task's scene only: another open document may use the same ids for other objects
  const named = (id: string) => (isOpen ? scene?.objects[id]?.name : undefined);
  const objectName = (id?: string) => (id ? (named(id) ? `${named(id)} (${id})` : `object ${id}`) : 'the whole task');
  const reject = moves.find((m) => m.to === 'rejected');
  return (
    <li className="team-task" data-testid="team-task" data-task-state={task.state}>
      <div className="team-task-head">
        <strong>{task.title ?? 'Untitled task'}</strong>
        <span className="muted"> · {task.projectName} · </span>
        <span className={`task-state state-${task.state}`} data-testid="task-state">
          {task.state.replace('_', ' ')}
        </span>
        {task.assigneeName ? <span className="muted"> · {task.assigneeName}</span> : null}
      </div>
      {rejection ? (
        <div className="team-rejection" data-testid="task-comments">
          Rejected by {rejection.by}:
          <ul>
            {rejection.comments.map((c, i) => (
              <li key={i}>
                <strong>{objectName(c.object)}</strong>: {c.comment}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="team-task-actions">
        <button onClick={onOpen} disabled={isOpen} data-testid="task-open" title={isOpen ? 'This scene is open' : "Load the task's shared scene"}>
          {isOpen ? 'Scene open' : 'Open scene'}
        </button>
        {moves
          .filter((m) => m.to !== 'rejected')
          .map((m) => (
            <button key={m.to} onClick={() => onMove(m.to)} data-testid={`task-${m.name.replace(/ /g, '-')}`}>
              {m.name[0].toUpperCase() + m.name.slice(1)}
            </button>
          ))}
      </div>
      {reject ? (
        <div className="team-review" data-testid="task-review">
          <select aria-label="comment on" value={object} onChange={(e) => setObject(e.target.value)} data-testid="comment-object">
            <option value="">the whole task</option>
            {isOpen && scene
              ? Object.values(scene.objects).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name ?? o.id} ({o.classId})
                  </option>
                ))
              : null}
          </select>
          <input aria-label="comment" placeholder="what to fix" value={text} onChange={(e) => setText(e.target.value)} data-testid="comment-text" />
          <button
            disabled={!text.trim()}
            onClick={() => {
              setComments([...comments, { ...(object ? { object } : {}), comment: text.trim() }]);
              setText('');
            }}
            data-testid="comment-add"
          >
            Add comment
          </button>
          {comments.length ? (
            <ul>
              {comments.map((c, i) => (
                <li key={i}>
                  <strong>{objectName(c.object)}</strong>: {c.comment}
                </li>
              ))}
            </ul>
          ) : null}
          <button disabled={!comments.length} onClick={() => onMove('rejected', comments)} data-testid="task-reject">
            Reject with {comments.length} comment{comments.length === 1 ? '' : 's'}
          </button>
        </div>
      ) : null}
    </li>
  );
}
