/**
 * Reading and writing the partitioned annotations (`scene.annotations[partition][id]`, see
 * schema/partitions.ts) inside a command, where the scene is an immer draft.
 *
 * immer makes a child draft of every object read through a draft (and copies the parent to hold
 * it), so a naive scan of all partitions would create hundreds of drafts per command. The scans
 * here read values through property descriptors (`peek`), which immer answers with the current
 * value, a draft only where one already exists, without creating any; only the partition and
 * annotation actually written are drafted. The same functions work on a plain (frozen) scene.
 */
import { isDraft } from 'immer';
import { partitionOf, type Annotation, type Scene } from '../schema';

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** `obj[key]` as it is now, without making an immer child draft of it. */
function peek<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.getOwnPropertyDescriptor(obj, key)?.value as T | undefined;
}

/**
 * A field of a (draft) record as it is now, for reading only: the base value when the command has
 * not drafted it, so scanning e.g. `streams` does not make a draft of every sample it visits.
 */
export function peekField<T extends object, K extends keyof T & string>(obj: T, key: K): T[K] {
  return Object.getOwnPropertyDescriptor(obj, key)?.value as T[K];
}

/** The partition key holding annotation `id` in this (draft) scene, or undefined. */
export function locateAnnotation(scene: Scene, id: string): string | undefined {
  const parts = peekField(scene, 'annotations');
  if (!isDraft(parts)) {
    // Not drafted yet in this command (the common case: a lookup before the edit): plain objects.
    for (const k in parts) if (has(parts[k], id)) return k;
    return undefined;
  }
  for (const k of Object.keys(parts)) {
    const p = peek(parts, k);
    if (p && has(p, id)) return k;
  }
  return undefined;
}

/** Visit every annotation as it is now (read-only values; write through `scene.annotations[key][id]`). Stops when `visit` returns true. */
export function scanAnnotations(scene: Scene, visit: (a: Annotation, partition: string) => boolean | void): void {
  const parts = scene.annotations;
  for (const k of Object.keys(parts)) {
    const p = peek(parts, k);
    if (!p) continue;
    for (const id of Object.keys(p)) {
      const a = peek(p, id);
      if (a && visit(a, k) === true) return;
    }
  }
}

/** Every annotation (as it is now) matching `pred`, with its partition. */
export function findAnnotations<T extends Annotation>(scene: Scene, pred: (a: Annotation) => a is T): { partition: string; annotation: T }[];
export function findAnnotations(scene: Scene, pred: (a: Annotation) => boolean): { partition: string; annotation: Annotation }[];
export function findAnnotations(scene: Scene, pred: (a: Annotation) => boolean): { partition: string; annotation: Annotation }[] {
  const out: { partition: string; annotation: Annotation }[] = [];
  scanAnnotations(scene, (annotation, partition) => void (pred(annotation) && out.push({ partition, annotation })));
  return out;
}

/** File `a` under its partition (creating the partition), replacing a record with its id there. */
export function putAnnotation(draft: Scene, a: Annotation): void {
  const key = partitionOf(a);
  const p = draft.annotations[key];
  if (p) p[a.id] = a;
  else draft.annotations[key] = { [a.id]: a };
}

/** Remove annotation `id` from partition `key`, and the partition when it becomes empty. */
export function dropAnnotation(draft: Scene, key: string, id: string): void {
  const p = draft.annotations[key];
  if (!p) return;
  delete p[id];
  if (Object.keys(p).length === 0) delete draft.annotations[key];
}

/** Replace annotation `id` (now in partition `from`) by `next`, moving it when its partition changes (e.g. its sample did). */
export function replaceAnnotation(draft: Scene, from: string, next: Annotation): void {
  const to = partitionOf(next);
  if (to === from) {
    draft.annotations[from][next.id] = next;
    return;
  }
  dropAnnotation(draft, from, next.id);
  putAnnotation(draft, next);
}
