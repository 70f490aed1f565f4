/**
 * The "Team" entry of the top bar, shown only when the app is served by a Crosslabel server
 * (src/sync/team.ts servedByTeamServer): sign in, the task queue, and the shared scene now open with
 * its sync state (online / offline, unsent edits). Without a server none of this renders.
 * When the session ends mid-scene (401: expired, or the server lost it) a sign-in prompt opens in
 * place over the work; the unsent edits stay queued and go out once the user signed in again.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Patch } from 'immer';
import type { Scene } from '../../core/schema';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { TeamApi, type TeamUser } from '../../sync/api';
import { indexedDbQueue } from '../../sync/queue';
import { SharedScene, type SyncState, type SyncTarget } from '../../sync/sharedScene';
import { TeamDialog } from './TeamDialog';
import { setOpenSharedScene } from './ObjectHistory';

const LAST_SCENE_KEY = 'crosslabel.team.scene';
/** SharedScene loads its scene with this source prefix ("team: <name>"). */
const TEAM_SOURCE = 'team: ';

/** The store once a document is in (start-up restores or loads one asynchronously). */
function sceneLoaded(store: ReturnType<typeof useWorkbenchStore>): Promise<ReturnType<ReturnType<typeof useWorkbenchStore>['getState']>> {
  return new Promise((resolve) => {
    if (store.getState().scene) return resolve(store.getState());
    const off = store.subscribe((s) => {
      if (!s.scene) return;
      off();
      resolve(s);
    });
  });
}

export interface OpenShared {
  sceneId: string;
  taskId?: string;
  client: SharedScene;
}

export function TeamEntry({ onNotice }: { onNotice(message: string): void }) {
  const store = useWorkbenchStore();
  const api = useMemo(() => new TeamApi(''), []);
  const [user, setUser] = useState<TeamUser | undefined>();
  const [dialog, setDialog] = useState(false);
  const [shared, setShared] = useState<OpenShared | null>(null);
  const [sync, setSync] = useState<{ state: SyncState; pending: number }>({ state: 'connecting', pending: 0 });
  const current = useRef<OpenShared | null>(null);
  const queue = useMemo(() => indexedDbQueue(), []);

  useEffect(() => {
    api.me().then(
      async (u) => {
        setUser(u);
        // after a reload the autosave restores the shared scene as a plain document: reconnect it
        // (server state + the edits still queued in this browser), once the restore has run
        const last = localStorage.getItem(LAST_SCENE_KEY);
        if (!u || !last) return;
        const s = await sceneLoaded(store);
        if (s.sceneSource?.startsWith(TEAM_SOURCE) && !current.current) await openScene(last);
      },
      (e: Error) => onNotice(`team server: ${e.message}`),
    );
    const online = () => current.current?.client.reconnect();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      current.current?.client.close();
      setOpenSharedScene(null);
    };
    // onNotice is App's setState setter: stable
  }, [api]);

  const target: SyncTarget = useMemo(
    () => ({
      getScene: () => store.getState().scene,
      loadScene: (s: Scene, src: string) => store.getState().loadScene(s, src),
      applyExternal: (s: Scene, p: Patch[]) => store.getState().applyExternal(s, p),
      onStep: (l) => store.getState().onStep(l),
      forgetStep: (id: number) => store.getState().forgetStep(id),
      rebaseStep: (id: number, inverse: Patch[]) => store.getState().rebaseStep(id, inverse),
    }),
    [store],
  );

  const openScene = async (sceneId: string, taskId?: string) => {
    if (current.current?.sceneId === sceneId) {
      current.current = { ...current.current, taskId };
      setShared(current.current);
      return;
    }
    current.current?.client.close();
    const client = new SharedScene({
      api,
      target,
      sceneId,
      queue,
      onNotice,
      onState: (state, pending) => setSync({ state, pending }),
      user: api.user ? { id: api.user.id, name: api.user.name } : undefined,
    });
    await client.open();
    localStorage.setItem(LAST_SCENE_KEY, sceneId);
    const opened = { sceneId, taskId, client };
    current.current = opened;
    setShared(opened);
    setOpenSharedScene({ api, sceneId });
    // another document loaded (import, demo): this tab leaves the shared scene, or its edits would
    // be sent as edits of the shared one
    const loads = store.getState().loads;
    const off = store.subscribe((s) => {
      if (s.loads === loads) return;
      off();
      if (current.current !== opened) return;
      opened.client.close();
      localStorage.removeItem(LAST_SCENE_KEY);
      current.current = null;
      setShared(null);
      setOpenSharedScene(null);
      onNotice(`left the shared scene "${client.name}": another document was opened`);
    });
  };

  const label = shared ? `${shared.client.name} · ${sync.state === 'signedOut' ? 'signed out' : sync.state}${sync.pending ? ` · ${sync.pending} unsent` : ''}` : null;
  return (
    <>
      {label ? (
        <span className={`sync-status sync-${sync.state}`} data-testid="sync-status" title="Shared scene on the team server: edits are sent as you make them; unsent ones wait in this browser">
          {label}
        </span>
      ) : null}
      <button data-testid="team-button" onClick={() => setDialog(true)} title="Team server: sign in, your tasks, reviews">
        {user ? `Team · ${user.name}` : 'Team'}
      </button>
      {shared && sync.state === 'signedOut' ? (
        <SignInAgain
          api={api}
          name={user?.name ?? ''}
          pending={sync.pending}
          onSignedIn={(u) => {
            setUser(u);
            shared.client.resume(u); // refused (queue kept, user told) when u did not make the edits
          }}
        />
      ) : null}
      {dialog ? (
        <TeamDialog
          api={api}
          user={user}
          setUser={setUser}
          shared={shared}
          openScene={openScene}
          onClose={() => setDialog(false)}
        />
      ) : null}
    </>
  );
}

/**
 * The session ended while a shared scene is open: sign in again here, over the work, without
 * leaving the page. Unsent edits wait in this browser and are sent once signed in.
 */
function SignInAgain({ api, name: lastName, pending, onSignedIn }: { api: TeamApi; name: string; pending: number; onSignedIn(u: TeamUser): void }) {
  const [name, setName] = useState(lastName);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="dialog-backdrop">
      <div className="dialog team-signin-again" role="dialog" aria-label="Sign in again" data-testid="team-signin-again">
        <h2>Sign in again</h2>
        <p>
          Your session on the team server has ended (it expired, or the server was reset). Your work is still here
          {pending === 1 ? ': 1 unsent edit waits in this browser and is sent once you sign in' : pending ? `: ${pending} unsent edits wait in this browser and are sent once you sign in` : ''}.
        </p>
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
            {/* read-only: the unsent edits were made by this user and must go out under their account */}
            User name <input data-testid="signin-again-name" autoComplete="username" value={name} readOnly={!!lastName} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Password <input data-testid="signin-again-password" type="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          {error ? (
            <p className="dialog-error" role="alert">
              {error}
            </p>
          ) : null}
          <button className="primary" type="submit" disabled={busy || !name || !password} data-testid="signin-again-submit">
            Sign in and send
          </button>
        </form>
      </div>
    </div>
  );
}
