/**
 * App start: connect the store to its autosave, claim the autosave for this tab (src/store/tabLock.ts),
 * then restore the autosaved document when there is one, else load the fallback (the demo).
 */
import type { Scene } from '../core/schema';
import type { Persistence } from './persistence';
import { claimTab, type TabLock, type TabLockEnv } from './tabLock';
import type { WorkbenchState, WorkbenchStore } from './workbench';

/** What the storage banner needs to know about a store's autosave. */
export interface AutosaveLink {
  persistence: Persistence;
  tab: TabLock;
}

const links = new WeakMap<WorkbenchStore, AutosaveLink>();

/** The autosave restoreOrLoad connected to `store`, or null (a store without one). */
export function autosaveOf(store: WorkbenchStore): AutosaveLink | null {
  return links.get(store) ?? null;
}

export const READ_ONLY_MESSAGE = 'This scene is open in another tab, so edits here are off (the two tabs would overwrite each other): use "Take over here" to edit in this tab';

/** A shared scene syncs through the team server (src/sync), not the local autosave: every tab may edit it. */
const isShared = (s: WorkbenchState) => s.sceneSource?.startsWith('team: ') ?? false;

/**
 * Refuse edits while `allowed()` is false. The store's own actions are wrapped (not changed), so
 * every view's dispatch, undo and redo go through the check.
 */
function guardEdits(store: WorkbenchStore, allowed: () => boolean): void {
  const { dispatch, undo, redo } = store.getState();
  const refuse = () => store.getState().setError({ message: READ_ONLY_MESSAGE, source: 'autosave' });
  store.setState({
    dispatch: (cmd, args) => {
      if (allowed()) return dispatch(cmd, args);
      refuse();
      return false;
    },
    undo: () => (allowed() ? undo() : refuse()),
    redo: () => (allowed() ? redo() : refuse()),
  });
}

export interface RestoreOptions {
  /** Web Locks and BroadcastChannel stand-ins (tests); default the browser's. */
  tabs?: TabLockEnv;
  /** How long a take-over waits for the owning tab before taking the lock anyway, ms. */
  stealAfterMs?: number;
  /**
   * Runs when a take-over makes this tab's own document the autosaved one (a document opened
   * while read-only): the app keeps its media, as it does for every document an owner loads.
   */
  keepMedia?: (scene: Scene) => Promise<unknown>;
}

const changes = (n: number) => `${n} change${n === 1 ? '' : 's'}`;

/**
 * Returns which document was loaded. A corrupt autosave is reported through the store's
 * `lastError` (via the persistence's error sink) and the fallback is loaded instead. When another
 * tab owns the autosave, this tab shows the saved document read-only ('restored'), or the fallback
 * when nothing is saved yet, and writes nothing until it takes over.
 */
export async function restoreOrLoad(
  store: WorkbenchStore,
  persistence: Persistence,
  fallback: () => Promise<{ scene: Scene; source: string }>,
  /** Runs before a saved document is shown (the app puts its kept media back). */
  beforeRestore?: (scene: Scene) => Promise<unknown>,
  opts: RestoreOptions = {},
): Promise<'restored' | 'fallback'> {
  persistence.reportTo?.((e) => store.getState().setError(e));
  // save whole steps only: a crash in the middle of a drag must not leave half of it on disk
  if (persistence.commitOnSteps && persistence.stepCommitted) {
    persistence.commitOnSteps();
    store.getState().onStep(() => persistence.stepCommitted?.());
  }

  /** `loads` when the shown document was the autosaved one (a take-over then catches up with the other tab). */
  let autosavedLoads = -1;
  const install = async (saved: { scene: Scene; source: string }) => {
    await beforeRestore?.(saved.scene);
    store.getState().loadScene(saved.scene, saved.source, { restore: true });
    autosavedLoads = store.getState().loads;
  };

  const tab = claimTab(
    persistence.lockName ?? 'crosslabel-autosave',
    {
      async yieldOwnership() {
        await persistence.setWritable?.(false);
        const unsaved = persistence.status?.().unsaved ?? 0;
        if (unsaved > 0) {
          // handing over now would throw these edits away (the other tab shows what is on disk): keep them here
          await persistence.setWritable?.(true);
          const why = persistence.status?.().quotaFull ? "the browser's storage is full" : 'saving failed';
          store.getState().setError({ message: `Another tab asked to take over; this tab kept the scene because ${changes(unsaved)} made here could not be saved (${why}). Export now to keep your work.`, source: 'autosave' });
          return `The tab that has this scene open did not hand it over: ${changes(unsaved)} made there could not be saved (${why}). Export from that tab first, or free some space, then take over again.`;
        }
        // what is on disk is this document now: taking back must load the other tab's edits, not overwrite them
        autosavedLoads = store.getState().loads;
      },
      lostOwnership() {
        // the other tab writes now: anything of ours would overwrite its document or break its log
        void persistence.setWritable?.(false, { flush: false });
        autosavedLoads = store.getState().loads;
        const unsaved = persistence.status?.().unsaved ?? 0;
        if (unsaved > 0) store.getState().setError({ message: `Another tab took over while this one was not responding: ${unsaved} change${unsaved === 1 ? ' made here was' : 's made here were'} not saved. Export now to keep them.`, source: 'autosave' });
      },
      async becameOwner() {
        const showingAutosave = store.getState().loads === autosavedLoads;
        const latest = showingAutosave ? await persistence.load() : null;
        await persistence.setWritable?.(true);
        if (latest) return install(latest);
        const { scene, sceneSource } = store.getState();
        if (!scene) return;
        await persistence.saveSnapshot(scene, sceneSource ?? 'untitled');
        await opts.keepMedia?.(scene);
      },
    },
    { env: opts.tabs, stealAfterMs: opts.stealAfterMs },
  );
  const takeOver = tab.takeOver;
  const link: TabLock = {
    ...tab,
    takeOver: () =>
      takeOver().catch((e: Error) => {
        store.getState().setError({ message: e.message, source: 'autosave' });
        throw e;
      }),
  };
  links.set(store, { persistence, tab: link });
  guardEdits(store, () => tab.role() !== 'reader' || isShared(store.getState()));
  if ((await tab.ready) === 'reader') await persistence.setWritable?.(false);

  const saved = await persistence.load();
  if (saved) {
    await install(saved);
    return 'restored';
  }
  const { scene, source } = await fallback();
  store.getState().loadScene(scene, source);
  autosavedLoads = store.getState().loads; // untouched by a read-only tab: a take-over may replace it with what the owner saved
  return 'fallback';
}
