/**
 * A shared scene in the browser: the store's document kept in step with a team server's scene.
 *
 * - Each completed user step (store.onStep) becomes an edit {editId, clientId, baseRevision,
 *   patches}, queued (IndexedDB) and sent one at a time, in order: an edit may depend on the previous.
 * - Other clients' edits arrive on the scene's event stream (resumed with Last-Event-ID) and are
 *   applied on the server's order; our own come back too and are skipped (same clientId).
 * - Local state = the server's state + our unanswered edits. An incoming edit is applied under them:
 *   unwind them (their inverse patches), apply it, re-apply them (fresh inverses), so a refused edit
 *   can later be taken back exactly, even after others' edits landed around it.
 * - A refused edit (409 conflict, 422 invalid, 403 not allowed) is taken back locally and reported
 *   with the server's reason: who changed what. Never dropped silently.
 * - No answer (offline, server restarting): the edit stays queued and is resent on reconnect with the
 *   same editId, so a resend of an edit that did land is answered "duplicate", never applied twice.
 * - 401 (the session expired, or the server lost it): sending and the event stream pause in state
 *   'signedOut' with every edit kept queued; after the user signs in again `resume()` resends them
 *   (same editIds) and the stream resumes after the last revision it delivered. A 401 to a request
 *   sent before that resume() (the old cookie) is not a new sign-out: the request is simply resent.
 * - An undo or redo is sent with the revision of the step it reverts (where that step's last edit
 *   landed, or its base while unanswered), not the current one: the server's conflict rule then
 *   refuses it (409) when another client changed the same paths since, instead of it silently
 *   overwriting their change. A refused step is taken back exactly like any refused edit and taken
 *   off the store's undo/redo stacks (undoing it later would be refused again, or overwrite).
 */
import { applyPatches, produceWithPatches, type Patch } from 'immer';
import type { EditAck, EditConflict, LoggedEdit } from '../core/sync/protocol';
import type { Scene } from '../core/schema';
import { TeamApiError, type TeamApi } from './api';
import { openEventStream } from './events';
import { memoryQueue, type EditQueue, type QueuedEdit } from './queue';

/** What the client needs of the workbench store (src/store/workbench.ts). */
export interface SyncTarget {
  getScene(): Scene | null;
  loadScene(scene: Scene, source: string): void;
  applyExternal(scene: Scene, patches: Patch[]): void;
  onStep(listener: (step: SyncStep) => void): () => void;
  /** Drop an undo step whose edit the server refused (store.forgetStep). */
  forgetStep?(id: number): void;
  /** Replace an undo step's inverse after its edit was re-applied over others' (store.rebaseStep). */
  rebaseStep(id: number, inverse: Patch[]): void;
}

/** A completed user step as the store reports it (CommittedStep); `id`/`kind` name undo steps. */
export interface SyncStep {
  label: string;
  patches: Patch[];
  inverse: Patch[];
  id?: number;
  kind?: 'do' | 'undo' | 'redo';
}

export type SyncState = 'connecting' | 'online' | 'offline' | 'signedOut' | 'closed';

export interface SharedSceneOptions {
  api: TeamApi;
  target: SyncTarget;
  sceneId: string;
  queue?: EditQueue;
  clientId?: string;
  /** A refused edit or a problem, in words for the user. */
  onNotice?(message: string): void;
  onState?(state: SyncState, pending: number): void;
  /** Wait before resending after no answer (ms). */
  retryMs?: number;
  /** Who makes the edits: after a sign-out they are resent only under this account (resume). */
  user?: { id: string; name: string };
}

interface Pending extends QueuedEdit {
  /** Patches that take this edit back from the current local document. */
  inverse: Patch[];
  /** False for the in-flight edit when others' edits left it not applying locally (its answer decides). */
  applied: boolean;
  /** The store's undo step this edit makes, undoes or redoes (absent for edits queued before a reload). */
  stepId?: number;
  kind?: SyncStep['kind'];
}

const uuid = () => globalThis.crypto.randomUUID();

export class SharedScene {
  readonly clientId: string;
  /** The last server revision whose effect is in the local document. */
  revision = 0;
  state: SyncState = 'connecting';
  name = '';
  private pending: Pending[] = [];
  private inflight = false;
  private closed = false;
  private offStep?: () => void;
  private stream?: { close(): void; resume(): void };
  /** Set on a 401: nothing is sent until resume(). */
  private signedOut = false;
  /** Counts resume() calls: a 401 to a request sent before the last one carried the old cookie. */
  private resumes = 0;
  /** Per undo step: the revision its undo/redo is checked against (see the module comment). */
  private readonly stepBase = new Map<number, number>();
  private retry?: ReturnType<typeof setTimeout>;
  private readonly queue: EditQueue;
  private idle: (() => void)[] = [];

  constructor(private readonly o: SharedSceneOptions) {
    this.clientId = o.clientId ?? uuid();
    this.queue = o.queue ?? memoryQueue();
  }

  /** Loads the scene from the server into the store, re-applies queued edits, starts syncing. */
  async open(): Promise<void> {
    const r = await this.o.api.get<{ name: string; revision: number; scene: Scene }>(`/api/scenes/${encodeURIComponent(this.o.sceneId)}`);
    this.name = r.name;
    this.revision = r.revision;
    let scene = r.scene;
    const queued = await this.queue.load(this.o.sceneId);
    for (const q of queued) {
      const applied = tryApply(scene, q.patches);
      if (!applied) {
        this.notice(`"${q.label}" (made offline) no longer applies to the shared scene and was not sent`);
        continue;
      }
      scene = applied.scene;
      this.pending.push({ ...q, inverse: applied.inverse, applied: true });
    }
    this.o.target.loadScene(scene, `team: ${r.name}`);
    this.offStep = this.o.target.onStep((s) => this.local(s));
    this.stream = openEventStream({
      fetch: this.o.api.fetchImpl,
      url: this.o.api.url(`/api/scenes/${encodeURIComponent(this.o.sceneId)}/events`),
      lastEventId: String(this.revision),
      onMessage: (m) => {
        if (m.event === 'edit') this.remote(JSON.parse(m.data) as LoggedEdit);
      },
      onState: (open) => {
        if (this.signedOut) return;
        if (open) {
          this.setState('online');
          this.pump();
        } else this.setState('offline');
      },
      onUnauthorized: () => this.sessionEnded(),
      retryMs: this.o.retryMs,
    });
    await this.save();
    this.pump();
  }

  /** Edits not yet acknowledged by the server. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Resolves when every local edit is acknowledged (or refused). */
  settled(): Promise<void> {
    if (!this.pending.length) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  /** Try sending now (e.g. the browser's `online` event). */
  reconnect(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    this.pump();
  }

  /**
   * After signing in again (as `as`): resend the queued edits and resume the event stream. Refused
   * (false, the user told, everything kept queued and paused) when `as` is not the user who made them.
   */
  resume(as?: { id: string; name: string }): boolean {
    if (this.closed || !this.signedOut) return false;
    const by = this.o.user;
    if (by && as && as.id !== by.id) {
      this.notice(`signed in as ${as.name}, but the unsent edits of "${this.name}" were made by ${by.name}: they stay in this browser and are sent once ${by.name} signs in again`);
      return false;
    }
    this.signedOut = false;
    this.resumes++;
    this.setState('connecting');
    this.stream?.resume();
    this.reconnect();
    return true;
  }

  close(): void {
    this.closed = true;
    this.offStep?.();
    this.stream?.close();
    clearTimeout(this.retry);
    this.setState('closed');
  }

  private sessionEnded(): void {
    if (this.closed || this.signedOut) return;
    this.signedOut = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.setState('signedOut');
  }

  private local({ label, patches, inverse, id, kind = 'do' }: SyncStep): void {
    if (this.closed) return;
    // an undo/redo is checked against the edits since the step it reverts landed (module comment)
    const baseRevision = kind !== 'do' && id !== undefined ? (this.stepBase.get(id) ?? this.revision) : this.revision;
    if (id !== undefined) this.stepBase.set(id, baseRevision);
    this.pending.push({ editId: uuid(), label, patches, at: new Date().toISOString(), baseRevision, inverse, applied: true, stepId: id, kind });
    void this.save();
    this.pump();
  }

  private remote(e: LoggedEdit): void {
    if (e.revision <= this.revision) return;
    this.revision = e.revision;
    if (e.clientId === this.clientId) return; // ours: already in the document
    const scene = this.o.target.getScene();
    if (!scene) return;
    this.rebuild(scene, e.patches, undefined);
  }

  /**
   * Unwind our unanswered edits, apply `patches` (others' edit), drop `drop` (a refused edit of
   * ours), re-apply the rest; install the result in the store as one external change.
   */
  private rebuild(scene: Scene, patches: Patch[], drop: string | undefined): void {
    const all: Patch[] = [];
    let s = scene;
    for (const p of [...this.pending].reverse()) {
      if (!p.applied) continue;
      s = applyPatches(s, p.inverse);
      all.push(...p.inverse);
    }
    s = applyPatches(s, patches);
    all.push(...patches);
    const kept: Pending[] = [];
    this.pending.forEach((p, i) => {
      if (p.editId === drop) return;
      const r = tryApply(s, p.patches);
      if (r) {
        s = r.scene;
        all.push(...p.patches);
        kept.push({ ...p, inverse: r.inverse, applied: true });
        // the store's undo of this step must take it back from here (others' values), not from where
        // it was first made: the recorded inverse could restore a value someone else has replaced since
        if (p.stepId !== undefined && p.kind !== 'undo') this.o.target.rebaseStep(p.stepId, r.inverse);
      } else if (i === 0 && this.inflight) {
        kept.push({ ...p, inverse: [], applied: false }); // in flight: the server's answer decides
      } else {
        this.notice(`your "${p.label}" no longer applies after others' edits and was taken back`);
        this.forgetStep(p);
      }
    });
    this.pending = kept;
    this.o.target.applyExternal(s, all);
    void this.save();
  }

  private pump(): void {
    if (this.inflight || this.closed || this.signedOut || !this.pending.length || this.retry) return;
    const head = this.pending[0];
    const resumes = this.resumes;
    this.inflight = true;
    const body = { editId: head.editId, clientId: this.clientId, baseRevision: head.baseRevision, patches: head.patches, label: head.label, at: head.at };
    this.o.api
      .post<EditAck>(`/api/scenes/${encodeURIComponent(this.o.sceneId)}/edits`, body)
      .then(
        (ack) => {
          this.pending.shift();
          // a later undo/redo of this step need only be checked against edits after this one
          if (head.stepId !== undefined && ack && typeof ack.revision === 'number') this.stepBase.set(head.stepId, ack.revision);
          this.setState('online');
        },
        (e: unknown) => {
          if (e instanceof TeamApiError && e.status === 401) {
            // sent with the old cookie before the user signed in again: just resend (below), do not
            // ask them to sign in a second time
            if (resumes === this.resumes) this.sessionEnded(); // kept queued: resent after signing in again
            return;
          }
          if (e instanceof TeamApiError && (e.status === 409 || e.status === 422 || e.status === 403 || e.status === 400)) {
            this.notice(refusalMessage(head.label, e, head.kind));
            this.forgetStep(head);
            this.setState('online'); // the server answered
            const scene = this.o.target.getScene();
            this.inflight = false;
            if (scene) this.rebuild(scene, [], head.editId);
            else this.pending.shift();
            return;
          }
          // no answer or a server error: keep it, resend later with the same editId
          this.setState('offline');
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.pump();
          }, this.o.retryMs ?? 2000);
        },
      )
      .finally(() => {
        this.inflight = false;
        void this.save();
        this.setState(this.state); // the unsent count changed
        if (!this.pending.length) {
          const waiting = this.idle;
          this.idle = [];
          for (const r of waiting) r();
        }
        this.pump();
      });
  }

  private save(): Promise<void> {
    return this.queue.put(
      this.o.sceneId,
      this.pending.map(({ editId, label, patches, at, baseRevision }) => ({ editId, label, patches, at, baseRevision })),
    ).catch((e: Error) => this.notice(`could not keep unsent edits in this browser: ${e.message}`));
  }

  private setState(s: SyncState): void {
    if (this.state === 'closed') return;
    if (this.signedOut && s !== 'closed') s = 'signedOut'; // until resume(), whatever else answered
    this.state = s;
    this.o.onState?.(s, this.pending.length);
  }

  private forgetStep(p: Pending): void {
    if (p.stepId === undefined) return;
    this.stepBase.delete(p.stepId);
    this.o.target.forgetStep?.(p.stepId);
  }

  private notice(m: string): void {
    this.o.onNotice?.(m);
  }
}

/** Why the server refused an edit, naming who changed what when it was a conflict. */
export function refusalMessage(label: string, e: TeamApiError, kind: SyncStep['kind'] = 'do'): string {
  const conflicts = (e.body.conflicts ?? []) as EditConflict[];
  if (e.status === 409 && conflicts.length) {
    const c = conflicts[0];
    const what = c.label ? `"${c.label}" (${c.path})` : c.path;
    const more = conflicts.length > 1 ? ` and ${conflicts.length - 1} more` : '';
    if (kind !== 'do')
      return `your "${label}" was not applied: ${c.by} changed ${what}${more} since (revision ${c.revision}); the step was taken off your undo history so it cannot overwrite their change`;
    return `your "${label}" was undone: ${c.by} changed ${what}${more} first (revision ${c.revision})`;
  }
  if (kind !== 'do') return `your "${label}" was not applied: the server refused it: ${e.message}; the step was taken off your undo history`;
  return `your "${label}" was undone: the server refused it: ${e.message}`;
}

/** Apply patches and return the result with the patches that take it back; undefined when they do not apply. */
function tryApply(scene: Scene, patches: Patch[]): { scene: Scene; inverse: Patch[] } | undefined {
  try {
    const [next, , inverse] = produceWithPatches(scene, (d) => applyPatches(d, patches) as never);
    return { scene: next as Scene, inverse };
  } catch {
    return undefined;
  }
}

