/**
 * Decoded scenes this instance has recently read or written, with the revision each one is at.
 * Only a cache: the log is the truth, and callers use an entry only when its revision is the one
 * they read from the database (or replay the log's tail on top of it). Entries only move forward,
 * so a slow reader can never put back an older state over a newer one.
 */
import type { Scene } from '../../core/schema/scene';

export class SceneCache {
  private readonly entries = new Map<string, { revision: number; scene: Scene }>();

  constructor(private readonly capacity: number) {}

  get(sceneId: string): { revision: number; scene: Scene } | undefined {
    const e = this.entries.get(sceneId);
    if (e) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.entries.delete(sceneId);
      this.entries.set(sceneId, e);
    }
    return e;
  }

  set(sceneId: string, revision: number, scene: Scene): void {
    const e = this.entries.get(sceneId);
    if (e && e.revision > revision) return;
    this.entries.delete(sceneId);
    this.entries.set(sceneId, { revision, scene });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(sceneId: string): void {
    this.entries.delete(sceneId);
  }
}
