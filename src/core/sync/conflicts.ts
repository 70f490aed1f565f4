/**
 * When do two edits of one scene conflict? When one's path is a prefix of (or equal to) the
 * other's: the same annotation field written twice, or one edit removed (or replaced) a record
 * the other changed inside. Records keyed by id (`objects`, `annotations[partition]`, `timeLabels`,
 * `comparisons`, attribute maps) make edits to different keys independent, so they rebase by
 * applying them as they are.
 *
 * Arrays are compared conservatively: a path is cut at its first array index, so any two edits
 * inside one array (`sensors`, `documents`, `taxonomy.classes`, a polygon's `points`) conflict.
 * Index paths shift under concurrent inserts and removals; applying one blindly could write into
 * the wrong element, so we refuse instead of guessing.
 */
import type { Patch } from 'immer';
import { jsonPath } from '../schema/parse';
import type { EditConflict, LoggedEdit } from './protocol';

type Path = ReadonlyArray<string | number>;

/**
 * The part of a path that decides conflicts: everything before the first array index. A trailing
 * `length` (immer writes it when an array shrinks) marks an array too; a record key that happens
 * to be called "length" is then treated as an array, which only makes the rule more cautious.
 */
export function conflictKey(path: Path): Path {
  for (let i = 0; i < path.length; i++) {
    if (typeof path[i] === 'number') return path.slice(0, i);
    if (path[i] === 'length' && i === path.length - 1) return path.slice(0, i);
  }
  return path;
}

/** One path equal to, or a prefix of, the other. */
export function overlaps(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The conflicts between an incoming edit (made on some base revision) and the edits appended
 * since that base. The client's own earlier edits never conflict: it made this one on top of them.
 * One entry per (earlier edit, earlier path), in log order.
 */
export function conflicts(incoming: { clientId: string; patches: readonly Patch[] }, since: readonly LoggedEdit[]): EditConflict[] {
  const mine = incoming.patches.map((p) => ({ key: conflictKey(p.path), path: p.path }));
  const out: EditConflict[] = [];
  for (const e of since) {
    if (e.clientId === incoming.clientId) continue;
    const seen = new Set<string>();
    for (const p of e.patches) {
      const key = conflictKey(p.path);
      const hit = mine.find((m) => overlaps(m.key, key));
      if (!hit) continue;
      const path = jsonPath(p.path);
      if (seen.has(path)) continue;
      seen.add(path);
      out.push({ path, yours: jsonPath(hit.path), revision: e.revision, by: e.by, at: e.at, ...(e.label !== undefined ? { label: e.label } : {}) });
    }
  }
  return out;
}

/** A one-line message for a refusal: who changed what, at which revision. */
export function describeConflicts(list: readonly EditConflict[]): string {
  if (!list.length) return 'no conflict';
  const first = list[0];
  const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
  return `${first.by} changed ${first.path} at revision ${first.revision}${first.label ? ` (${first.label})` : ''} after your edit's base revision; your change to ${first.yours} was not applied${more}`;
}
