/**
 * Persistent autosave messages in the message line: the browser's storage is full (with an Export
 * button: exporting needs no storage), or another tab owns this scene's autosave (with "Take over
 * here"). Neither can be dismissed: both stay true until the situation changes.
 */
import { useCallback, useState, useSyncExternalStore } from 'react';
import { useWorkbench, useWorkbenchStore } from '../hooks/storeContext';
import type { AutosaveStatus } from '../store/persistence';
import { autosaveOf } from '../store/restore';
import type { TabRole } from '../store/tabLock';

const ALWAYS_SAVED: AutosaveStatus = { writable: true, unsaved: 0, quotaFull: false, failure: null };
const noop = () => () => {};

export function StorageBanner({ onExport }: { onExport: () => void }) {
  const store = useWorkbenchStore();
  const link = autosaveOf(store);
  const sceneSource = useWorkbench((s) => s.sceneSource);
  const subscribeStatus = useCallback((l: () => void) => link?.persistence.subscribe?.(l) ?? (() => {}), [link]);
  // status() builds a new object each call: compare by value through a JSON key
  const statusKey = useSyncExternalStore(subscribeStatus, () => JSON.stringify(link?.persistence.status?.() ?? ALWAYS_SAVED));
  const status = JSON.parse(statusKey) as AutosaveStatus;
  const role = useSyncExternalStore<TabRole>(link ? link.tab.subscribe : noop, () => link?.tab.role() ?? 'owner');
  const [taking, setTaking] = useState(false);

  if (role === 'reader') {
    const shared = sceneSource?.startsWith('team: ');
    return (
      <div className="notice-banner storage-banner" role="status" data-testid="two-tabs-banner">
        <span>
          {shared
            ? 'This app is open in another tab, which keeps the autosave: this shared scene still syncs through the team server, but is not autosaved on this computer from here.'
            : 'This scene is open in another tab. It is read-only here, so the two tabs cannot overwrite each other’s edits.'}
        </span>
        <button
          disabled={taking}
          onClick={async () => {
            setTaking(true);
            try {
              await link?.tab.takeOver();
              store.getState().setError(null);
            } catch {
              // refused (the owner could not save its last edits): the reason is already shown
            } finally {
              setTaking(false);
            }
          }}
        >
          {taking ? 'Taking over…' : 'Take over here'}
        </button>
      </div>
    );
  }
  if (status.quotaFull) {
    const n = status.unsaved;
    return (
      <div className="error-banner storage-banner" role="alert" data-testid="storage-full-banner">
        <span>
          Your browser’s storage is full: the last {n} edit{n === 1 ? ' is' : 's are'} not saved on this computer. Export now to keep your work; saving is retried every few seconds (free some space, e.g. other sites’ data, and it resumes).
        </span>
        <button onClick={onExport}>Export now…</button>
      </div>
    );
  }
  return null;
}
