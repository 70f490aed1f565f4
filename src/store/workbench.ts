/**
 * The workbench store (zustand/vanilla): one store, slices by lifetime.
 * - document: `scene`, changed only by commands (dispatch), undo/redo and loadScene; every change
 *   bumps `revision`, feeds history and autosave from the same immer patches.
 * - session: UI state (selection, tool, overlays); not undoable; saved to localStorage if present.
 * - live: hot ephemeral state (playhead in scene seconds, hover) for getState()/subscribe readers.
 */
import { applyPatches, produceWithPatches, type Patch } from 'immer';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { execute, type CommandDef } from '../core/commands/command';
import { hasAnnotation, type Scene } from '../core/schema';
import { sceneTimeRange } from '../core/time';
import { History } from './history';
import type { Persistence, PersistenceProblem } from './persistence';
import { defaultStorage, loadSession, saveSession, type KeyValueStorage, type Session } from './session';

export type Hover =
  | null
  | { kind: 'point'; sensor: string; x: number; y: number; z: number }
  | { kind: 'pixel'; sensor: string; sample: string; u: number; v: number }
  /** An object pointed at in a list or a text (its mentions and labels light up elsewhere). */
  | { kind: 'object'; object: string };

export interface WorkbenchState {
  scene: Scene | null;
  /** "demo", a folder or file name. */
  sceneSource: string | null;
  /** Increments on every document change. */
  revision: number;
  /** Increments each time loadScene installs a document (import, demo, restore), not on edits. */
  loads: number;
  /** Run a command on the document. False (and `lastError` set) when it threw; the document is then untouched. */
  dispatch<A>(cmd: CommandDef<A>, args: A): boolean;
  /** Dispatches until endGesture() merge into one undo step (a drag). */
  beginGesture(label: string): void;
  endGesture(): void;
  /** Revert everything dispatched since beginGesture. */
  cancelGesture(): void;
  undo(): void;
  redo(): void;
  /** Labels, newest last. */
  history: { undo: string[]; redo: string[] };
  /** Replace the document, clear history, autosave a snapshot. */
  /**
   * Replace the document (clears history). A new document starts with nothing selected and the
   * playhead at its start; `restore: true` (autosave restore at start-up) keeps the saved selection.
   */
  loadScene(scene: Scene, source: string, opts?: { restore?: boolean }): void;

  session: Session;
  select(objectId: string | null, annotationId?: string | null): void;
  setSession(partial: Partial<Session>): void;

  live: { playhead: number; hover: Hover };
  setPlayhead(t: number): void;
  setHover(h: Hover): void;

  lastError: PersistenceProblem | null;
  setError(e: PersistenceProblem | null): void;

  /**
   * Listen to completed user steps (a command, a whole gesture, an undo or a redo) as the forward
   * patches that made them: what a shared scene sends to its server (src/sync). Returns unsubscribe.
   */
  onStep(listener: StepListener): () => void;
  /**
   * Install a document reached outside the commands (another user's edits to a shared scene):
   * no undo step, no step listeners; selection pruned, autosave fed with `patches`.
   */
  applyExternal(scene: Scene, patches: Patch[]): void;
  /**
   * Take a step off the undo and redo stacks (by CommittedStep.id): a shared scene's server refused
   * it, or undoing it would overwrite someone else's later change.
   */
  forgetStep(id: number): void;
  /**
   * Replace a step's inverse (by CommittedStep.id): a shared scene re-applied it over others' edits,
   * so its undo must restore their values.
   */
  rebaseStep(id: number, inverse: Patch[]): void;
}

/** One completed user step. */
export interface CommittedStep {
  /** The undo step this is (a new one for `do`; the step undone or redone for `undo`/`redo`). */
  id: number;
  kind: 'do' | 'undo' | 'redo';
  label: string;
  patches: Patch[];
  /** The patches that take the step back (newest change first). */
  inverse: Patch[];
}
export type StepListener = (step: CommittedStep) => void;

export type WorkbenchStore = StoreApi<WorkbenchState>;

export interface WorkbenchStoreOptions {
  persistence?: Persistence | null;
  /** Where the session slice is kept; default localStorage when available, null to keep none. */
  storage?: KeyValueStorage | null;
}

/** Clear a selection whose object or annotation no longer exists; same object back when nothing changes. */
function pruneSelection(session: Session, scene: Scene | null): Session {
  const obj = session.selectedObjectId !== null && !scene?.objects[session.selectedObjectId];
  const ann = session.selectedAnnotationId !== null && (obj || !scene || !hasAnnotation(scene, session.selectedAnnotationId));
  if (!obj && !ann) return session;
  return { ...session, selectedObjectId: obj ? null : session.selectedObjectId, selectedAnnotationId: ann ? null : session.selectedAnnotationId };
}

export function createWorkbenchStore(opts: WorkbenchStoreOptions = {}): WorkbenchStore {
  const persistence = opts.persistence ?? null;
  const storage = opts.storage === undefined ? defaultStorage() : opts.storage;
  const history = new History();
  const stepListeners = new Set<StepListener>();
  // the open gesture's forward patches: it reaches step listeners as one step when it ends
  let gesture: CommittedStep | null = null;
  let lastStepId = 0;
  const emitStep = (step: CommittedStep) => {
    for (const l of stepListeners) l(step);
  };

  const store = createStore<WorkbenchState>()((set, get) => {
    const report = (e: PersistenceProblem) => set({ lastError: e });
    const autosave = (patches: Patch[], revision: number) => {
      persistence?.appendPatches(patches, revision).catch((e: Error) => report({ message: `autosave failed: ${e.message}`, source: 'autosave' }));
    };
    /** Install a new document state reached by `patches` and tell history's listeners and autosave. */
    const commit = (scene: Scene, patches: Patch[]) => {
      const revision = get().revision + 1;
      const session = pruneSelection(get().session, scene);
      const pruned = session !== get().session;
      set({ scene, revision, history: history.labels(), ...(pruned ? { session } : {}) });
      if (pruned) saveSession(storage, session);
      autosave(patches, revision);
    };
    const step = (direction: 'undo' | 'redo') => {
      const scene = get().scene;
      if (!scene) return;
      history.endGesture();
      const g = gesture;
      gesture = null;
      if (g?.patches.length) emitStep(g);
      const e = direction === 'undo' ? history.undo() : history.redo();
      if (!e) return;
      const patches = direction === 'undo' ? e.inverse : e.patches;
      const label = `${direction === 'undo' ? 'Undo' : 'Redo'} ${e.label}`;
      let next: Scene;
      let inverse: Patch[];
      try {
        // the exact inverse from this document, not the recorded one: in a shared scene others'
        // edits may have landed since, and taking a refused undo back must restore theirs
        [next, , inverse] = produceWithPatches(scene, (d) => applyPatches(d, patches) as never) as unknown as [Scene, Patch[], Patch[]];
      } catch (err) {
        // others' edits of a shared scene removed what the step refers to: it cannot be reverted as recorded
        if (e.id !== undefined) history.forget(e.id);
        set({ history: history.labels(), lastError: { message: `${label}: no longer possible (the document changed under it): ${(err as Error).message}`, source: direction } });
        return;
      }
      // a redo's undo must restore what this document held (others' values), not what it first replaced
      if (direction === 'redo') e.inverse = inverse;
      commit(next, patches);
      emitStep({ id: e.id ?? 0, kind: direction, label, patches, inverse });
    };

    return {
      scene: null,
      sceneSource: null,
      revision: 0,
      loads: 0,
      history: { undo: [], redo: [] },

      dispatch(cmd, args) {
        const scene = get().scene;
        if (!scene) {
          set({ lastError: { message: `${cmd.label}: no scene is loaded`, source: cmd.type } });
          return false;
        }
        let result: ReturnType<typeof execute>;
        try {
          result = execute(scene, cmd, args);
        } catch (e) {
          set({ lastError: { message: `${cmd.label}: ${(e as Error).message}`, source: cmd.type } });
          return false;
        }
        if (result.patches.length === 0) return true;
        const id = gesture ? gesture.id : ++lastStepId;
        history.record(cmd.label, result.patches, result.inverse, id);
        commit(result.next, result.patches);
        if (gesture) {
          gesture.patches.push(...result.patches);
          gesture.inverse = [...result.inverse, ...gesture.inverse];
        } else emitStep({ id, kind: 'do', label: cmd.label, patches: result.patches, inverse: result.inverse });
        return true;
      },

      beginGesture: (label) => {
        const id = ++lastStepId;
        history.beginGesture(label, id);
        gesture = { id, kind: 'do', label, patches: [], inverse: [] };
      },
      endGesture() {
        history.endGesture();
        set({ history: history.labels() });
        const g = gesture;
        gesture = null;
        if (g?.patches.length) emitStep(g);
      },
      cancelGesture() {
        gesture = null;
        const inverse = history.cancelGesture();
        const scene = get().scene;
        if (scene && inverse.length) commit(applyPatches(scene, inverse), inverse);
        persistence?.stepCommitted?.(); // the drag and its reversal cancel out; others' changes made meanwhile must be saved
      },
      undo: () => step('undo'),
      redo: () => step('redo'),

      loadScene(scene, source, opts) {
        history.clear();
        gesture = null;
        const session = opts?.restore ? pruneSelection(get().session, scene) : { ...get().session, selectedObjectId: null, selectedAnnotationId: null };
        const pruned = session !== get().session;
        const live = opts?.restore ? get().live : { ...get().live, playhead: sceneTimeRange(scene).start, hover: null };
        set({ scene, sceneSource: source, revision: get().revision + 1, loads: get().loads + 1, history: history.labels(), session, live });
        if (pruned) saveSession(storage, session);
        persistence?.saveSnapshot(scene, source).catch((e: Error) => report({ message: `autosave failed: ${e.message}`, source: 'autosave' }));
      },

      session: loadSession(storage),
      select(objectId, annotationId = null) {
        const session = { ...get().session, selectedObjectId: objectId, selectedAnnotationId: annotationId };
        set({ session });
        saveSession(storage, session);
      },
      setSession(partial) {
        const session = { ...get().session, ...partial };
        set({ session });
        saveSession(storage, session);
      },

      live: { playhead: 0, hover: null },
      setPlayhead: (t) => set({ live: { ...get().live, playhead: t } }),
      setHover: (hover) => set({ live: { ...get().live, hover } }),

      lastError: null,
      setError: (lastError) => set({ lastError }),

      onStep(listener) {
        stepListeners.add(listener);
        return () => void stepListeners.delete(listener);
      },
      applyExternal(scene, patches) {
        if (!get().scene) return;
        commit(scene, patches);
        // a complete change for autosave (not a user step: nothing is sent back to the server); during a
        // drag it is saved with the drag when that ends, since its patches follow the drag's so far
        if (!gesture) persistence?.stepCommitted?.();
      },
      forgetStep(id) {
        if (history.forget(id)) set({ history: history.labels() });
      },
      rebaseStep(id, inverse) {
        history.rebase(id, inverse);
      },
    };
  });

  persistence?.reportTo?.((e) => store.getState().setError(e));
  return store;
}
