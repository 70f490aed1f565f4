/**
 * Live QA findings of a workbench store: an IncrementalQa (core/qa/live) kept in step with the
 * document. After each document change the update is scheduled `delayMs` later (trailing throttle):
 * a 60 Hz drag re-checks a few times a second, never inside a pointer event, and the last state of
 * the drag is always checked. Each update re-checks only the objects and camera samples the edits
 * touched (found by comparing the last checked scene with the current one by reference, which also
 * covers undo, redo and a cancelled gesture); a new document or an environment edit runs in full.
 *
 * One instance per store (`liveQaOf`); it follows the store only while retained (the QA panel is
 * mounted) and catches up on the next retain. Listeners read `getSnapshot()` (useSyncExternalStore).
 */
import { IncrementalQa, type Finding, type QaUpdateStats } from '../core/qa';
import type { Scene } from '../core/schema';
import type { WorkbenchStore } from './workbench';

export interface LiveQaSnapshot {
  findings: Finding[];
  /** The store revision the findings describe. */
  revision: number;
  /** A newer document is waiting to be checked. */
  pending: boolean;
  stats: QaUpdateStats;
  /** QA threw (a bug or a broken scene): the message, findings empty. */
  error: string | null;
}

export interface LiveQa {
  getSnapshot(): LiveQaSnapshot;
  subscribe(listener: () => void): () => void;
  /** Follow the store (refcounted); the returned function stops following. */
  retain(): () => void;
  /** Check the current document now (tests; a pending update is dropped). */
  flush(): void;
}

const EMPTY: LiveQaSnapshot = { findings: [], revision: -1, pending: false, stats: { mode: 'none', objects: 0, samples: 0, ms: 0 }, error: null };

export function createLiveQa(store: WorkbenchStore, delayMs = 120): LiveQa {
  let qa: IncrementalQa | null = null;
  let snap = EMPTY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let holders = 0;
  let unsub: (() => void) | null = null;
  const listeners = new Set<() => void>();
  const emit = (s: LiveQaSnapshot) => {
    snap = s;
    for (const l of listeners) l();
  };

  const run = () => {
    timer = null;
    const { scene, revision } = store.getState();
    if (!scene) {
      qa = null;
      emit({ ...EMPTY, revision });
      return;
    }
    try {
      if (!qa || !sameEnvironmentLikely(qa.scene, scene)) qa = new IncrementalQa(scene);
      else qa.update(scene);
      emit({ findings: qa.findings, revision, pending: false, stats: qa.stats, error: null });
    } catch (e) {
      qa = null;
      emit({ ...EMPTY, revision, error: (e as Error).message });
    }
  };
  const schedule = () => {
    if (store.getState().revision === snap.revision) return;
    if (!snap.pending) emit({ ...snap, pending: true });
    timer ??= setTimeout(run, delayMs);
  };

  return {
    getSnapshot: () => snap,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    retain() {
      if (holders++ === 0) {
        unsub = store.subscribe((s, prev) => {
          if (s.scene !== prev.scene) schedule();
        });
        if (store.getState().revision !== snap.revision) run();
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--holders === 0) {
          unsub?.();
          unsub = null;
          if (timer) clearTimeout(timer);
          timer = null;
        }
      };
    },
    flush() {
      if (timer) clearTimeout(timer);
      run();
    },
  };
}

/** A scene from another document (import, demo) starts a fresh IncrementalQa; edits keep the same one. */
function sameEnvironmentLikely(a: Scene, b: Scene): boolean {
  return a.id === b.id && a.sensors === b.sensors;
}

const instances = new WeakMap<WorkbenchStore, LiveQa>();

/** The store's LiveQa, created on first use. */
export function liveQaOf(store: WorkbenchStore): LiveQa {
  let l = instances.get(store);
  if (!l) instances.set(store, (l = createLiveQa(store)));
  return l;
}
