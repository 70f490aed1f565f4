/**
 * The objects an edit touched, for "who moved this cuboid": an object's history is the edits whose
 * patches changed the object itself (`objects[id]…`), one of its annotations (`annotations[partition]
 * [id]…`, by the annotation's `object` before or after the edit), a time label naming it, or a QA
 * record (review, waiver) about it. Pure: the server stores the list beside each logged edit.
 */
import type { Patch } from 'immer';
import type { Scene } from '../schema/scene';

type Json = Record<string, unknown>;

const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null;

/** The value at `path` (undefined when it does not resolve). */
function at(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = root;
  for (const seg of path) {
    if (!isRecord(node)) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** Every `object` field (annotations, QA records) and `objects` list (time labels) under a node, to `depth` levels. */
function collectObjectRefs(node: unknown, depth: number, out: Set<string>): void {
  if (!isRecord(node)) return;
  if (typeof node.object === 'string') out.add(node.object);
  if (Array.isArray(node.objects)) for (const o of node.objects) if (typeof o === 'string') out.add(o);
  if (depth <= 0) return;
  for (const v of Object.values(node)) collectObjectRefs(v, depth - 1, out);
}

/** Object ids touched by `patches`, which turned `before` into `after`; sorted. */
export function objectsTouched(patches: readonly Patch[], before: Scene, after: Scene): string[] {
  const out = new Set<string>();
  for (const p of patches) {
    const [head] = p.path;
    if (head === undefined) {
      // The whole document replaced: every object of either version.
      for (const s of [before, after]) Object.keys(s.objects ?? {}).forEach((k) => out.add(k));
      continue;
    }
    if (head === 'objects') {
      if (p.path.length >= 2) out.add(String(p.path[1]));
      else for (const s of [before, after]) Object.keys(s.objects ?? {}).forEach((k) => out.add(k));
      continue;
    }
    // annotations[partition][id] / timeLabels[id] / qa.reviews[i]: the record(s) at or above the
    // patch, in both versions, name the objects (a re-assigned annotation names both).
    const recordDepth = head === 'annotations' ? 3 : head === 'qa' ? 3 : head === 'timeLabels' ? 2 : 0;
    if (!recordDepth) continue;
    const node = p.path.slice(0, Math.min(p.path.length, recordDepth));
    const below = recordDepth - node.length; // levels from the node down to the records
    for (const s of [before, after]) collectObjectRefs(at(s, node), below, out);
  }
  return [...out].sort();
}
