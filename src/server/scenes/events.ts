/**
 * Fan-out of appended edits to this instance's event-stream clients. One LISTEN on the database
 * per instance (taken when the first client subscribes); every instance appending an edit
 * NOTIFYs `scene_edits` with `{sceneId, revision}` on COMMIT, so an edit made through any instance
 * wakes the subscribers of that scene here, who then read the rows they have not sent from the log.
 * The notification is only a wake-up call: the log is read for the content, so a lost or merged
 * notification costs latency, never an edit. When the listening connection was lost and came back
 * (PostgreSQL restarted), every subscriber is woken to re-read what it may have missed.
 */
import type { Db } from '../db/db';
import { SCENE_EDITS_CHANNEL } from './log';

/** Called with the scene's new revision, or with Infinity after a reconnect (re-read everything). */
export type SceneWake = (revision: number) => void;

export class SceneEvents {
  private readonly subscribers = new Map<string, Set<SceneWake>>();
  private listening: Promise<() => Promise<void>> | undefined;
  private closed = false;

  constructor(private readonly db: Db) {}

  /** Subscribe to one scene; resolves once the instance is listening (so nothing after it is missed). */
  async subscribe(sceneId: string, wake: SceneWake): Promise<() => void> {
    if (this.closed) throw new Error('scene events: closed');
    let subs = this.subscribers.get(sceneId);
    if (!subs) this.subscribers.set(sceneId, (subs = new Set()));
    subs.add(wake);
    try {
      await this.listen();
    } catch (e) {
      subs.delete(wake);
      throw e;
    }
    return () => {
      const s = this.subscribers.get(sceneId);
      if (s?.delete(wake) && s.size === 0) this.subscribers.delete(sceneId);
    };
  }

  /** Number of open subscriptions (for tests and health). */
  get size(): number {
    let n = 0;
    for (const s of this.subscribers.values()) n += s.size;
    return n;
  }

  private listen(): Promise<() => Promise<void>> {
    if (!this.listening) {
      this.listening = this.db.listen(SCENE_EDITS_CHANNEL, (payload) => this.dispatch(payload), { onReconnect: () => this.wakeAll() });
      // A failed LISTEN is retried by the next subscriber instead of being remembered.
      this.listening.catch(() => (this.listening = undefined));
    }
    return this.listening;
  }

  private dispatch(payload: string): void {
    let msg: { sceneId?: unknown; revision?: unknown };
    try {
      msg = JSON.parse(payload);
    } catch {
      return;
    }
    if (typeof msg.sceneId !== 'string' || typeof msg.revision !== 'number') return;
    for (const wake of this.subscribers.get(msg.sceneId) ?? []) wake(msg.revision);
  }

  private wakeAll(): void {
    for (const subs of this.subscribers.values()) for (const wake of subs) wake(Infinity);
  }

  /** Stop listening; open streams are told to end (woken with -1). */
  async close(): Promise<void> {
    this.closed = true;
    for (const subs of this.subscribers.values()) for (const wake of subs) wake(-1);
    this.subscribers.clear();
    const unlisten = await this.listening?.catch(() => undefined);
    this.listening = undefined;
    await unlisten?.().catch(() => {});
  }
}
