/**
 * Decoded scenes this instance has recently read or written, with the revision each one is at and
 * the log's most recent edits up to that revision (`tail`, for conflict checks without reading the
 * log back). Only a cache: the log is the truth, and callers use an entry only when its revision is
 * the one they read from the database (or replay the log's tail on top of it). Entries only move
 * forward, so a slow reader can never put back an older state over a newer one.
 */
import type { Scene } from '../../core/schema/scene';
import type { LoggedEdit } from '../../core/sync';

/** Most edits kept in an entry's tail; an edit based further back reads the log instead. */
export const MAX_CACHED_TAIL = 1000;

export interface CachedScene {
  revision: number;
  scene: Scene;
  /**
   * The log's edits up to `revision`, contiguous and ascending (the last one is `revision`, unless
   * empty): it covers every base revision from `revision - tail.length` on. Patches carry their
   * paths only (`value` dropped): enough for conflicts, and a large edit costs little memory.
   */
  tail: readonly LoggedEdit[];
}

/** An edit as the tail keeps it: patch paths without their values. */
export function slimEdit(e: LoggedEdit): LoggedEdit {
  return { ...e, patches: e.patches.map((p) => ({ op: p.op, path: p.path })) };
}

/** `tail` continued by `more` (contiguous after it), capped to the newest MAX_CACHED_TAIL. */
export function extendTail(tail: readonly LoggedEdit[], more: readonly LoggedEdit[]): LoggedEdit[] {
  const out = [...tail, ...more.map(slimEdit)];
  return out.length > MAX_CACHED_TAIL ? out.slice(out.length - MAX_CACHED_TAIL) : out;
}

/** The edits after `base` from a cached tail, or undefined when the tail does not reach back that far. */
export function tailSince(entry: CachedScene, base: number): LoggedEdit[] | undefined {
  const from = entry.revision - entry.tail.length; // first revision covered is from + 1
  if (base < from || base > entry.revision) return undefined;
  return entry.tail.slice(base - from);
}

export class SceneCache {
  private readonly entries = new Map<string, CachedScene>();

  constructor(private readonly capacity: number) {}

  get(sceneId: string): CachedScene | undefined {
    const e = this.entries.get(sceneId);
    if (e) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.entries.delete(sceneId);
      this.entries.set(sceneId, e);
    }
    return e;
  }

  set(sceneId: string, revision: number, scene: Scene, tail: readonly LoggedEdit[] = []): void {
    const e = this.entries.get(sceneId);
    if (e && e.revision > revision) return;
    this.entries.delete(sceneId);
    this.entries.set(sceneId, { revision, scene, tail });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(sceneId: string): void {
    this.entries.delete(sceneId);
  }
}
