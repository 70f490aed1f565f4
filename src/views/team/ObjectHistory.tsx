/**
 * "History" for the selected object of a shared scene: who changed what and when, from the team
 * server's object history (src/sync/history.ts; the wording is core/sync/history.ts). The inspector
 * shows the button only while a shared scene is open: TeamEntry registers it here, so the inspector
 * needs no team code of its own and nothing of this renders without a team server.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { HistoryLine } from '../../core/sync/history';
import { useWorkbenchStore } from '../../hooks/storeContext';
import type { TeamApi } from '../../sync/api';
import { loadObjectHistory } from '../../sync/history';
import './objectHistory.css';

export interface OpenSharedScene {
  api: TeamApi;
  sceneId: string;
}

let openShared: OpenSharedScene | null = null;
const listeners = new Set<() => void>();

/** TeamEntry: the shared scene now open in this tab (null when it is left). */
export function setOpenSharedScene(s: OpenSharedScene | null): void {
  openShared = s;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

const localTime = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const localDate = (iso: string) => new Date(iso).toLocaleString();

export function ObjectHistoryButton({ objectId }: { objectId: string }) {
  const shared = useSyncExternalStore(subscribe, () => openShared);
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [objectId]);
  if (!shared) return null;
  return (
    <div className="object-history">
      <button data-testid="object-history-button" aria-expanded={open} onClick={() => setOpen(!open)} title="Who changed this object, what and when (from the team server)">
        History
      </button>
      {open ? <HistoryPanel shared={shared} objectId={objectId} /> : null}
    </div>
  );
}

function HistoryPanel({ shared, objectId }: { shared: OpenSharedScene; objectId: string }) {
  const store = useWorkbenchStore();
  const [state, setState] = useState<{ lines?: HistoryLine[]; total?: number; error?: string; busy: boolean }>({ busy: true });
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, busy: true, error: undefined }));
    loadObjectHistory(shared.api, shared.sceneId, objectId, { scene: store.getState().scene, time: localTime }).then(
      (h) => live && setState({ lines: h.lines, total: h.total, busy: false }),
      (e: Error) => live && setState({ error: `could not read the history from the team server: ${e.message}`, busy: false }),
    );
    return () => {
      live = false;
    };
  }, [shared, objectId, reload, store]);
  return (
    <div className="object-history-panel" data-testid="object-history" aria-busy={state.busy}>
      <div className="object-history-head">
        <span className="muted small">{state.busy ? 'reading…' : state.lines ? `${state.total} edit${state.total === 1 ? '' : 's'} on the server` : ''}</span>
        <button className="link" onClick={() => setReload((n) => n + 1)} title="Read the history again">
          Refresh
        </button>
      </div>
      {state.error ? (
        <p className="dialog-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {state.lines && !state.lines.length ? <p className="muted small">No edits since the scene was uploaded.</p> : null}
      {state.lines?.length ? (
        <ol className="object-history-list">
          {state.lines.map((l) => (
            <li key={l.revision} data-testid="object-history-entry" title={`revision ${l.revision}${l.label ? ` · ${l.label}` : ''} · ${localDate(l.at)}`}>
              <strong>{l.by}</strong> {l.what} <span className="muted">at {localTime(l.at)}</span>
            </li>
          ))}
        </ol>
      ) : null}
      {state.lines && state.total !== undefined && state.total > state.lines.length ? <p className="muted small">the newest {state.lines.length} of {state.total} edits</p> : null}
    </div>
  );
}
