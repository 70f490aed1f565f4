/**
 * Applying logged and incoming edits to a scene. The server and the browser replay the same
 * patches in the same order, so both reach the same document. An incoming edit is rebased by
 * applying its patches as they are on the newest scene when no edit since its base overlaps it
 * (see conflicts.ts); the result must still be a valid Scene, or the edit is refused.
 */
import { applyPatches, type Patch } from 'immer';
import type { Scene } from '../schema/scene';
import { jsonPath, type SchemaIssue } from '../schema/parse';
import { validateEdit } from './validate';
import { conflicts } from './conflicts';
import type { EditConflict, LoggedEdit } from './protocol';

/** Apply the log's edits in order (revisions ascending) to a snapshot. */
export function replay(snapshot: Scene, edits: readonly { patches: readonly Patch[] }[]): Scene {
  let scene = snapshot;
  for (const e of edits) scene = applyPatches(scene, e.patches as Patch[]);
  return scene;
}

export type ApplyResult = { ok: true; scene: Scene } | { ok: false; issues: SchemaIssue[] };

/**
 * Apply patches to a valid scene and validate the result with the Scene schema (validate.ts: only
 * what the patches touched, unless they reach fields other records refer to). A patch whose path does not resolve
 * is reported at that path; the next scene is the patched one as it is (not the schema's parsed
 * copy with defaults filled in), so every replica that applies the same patches holds the same JSON.
 */
export function applyEdit(scene: Scene, patches: readonly Patch[]): ApplyResult {
  let next: Scene;
  try {
    next = applyPatches(scene, patches as Patch[]);
  } catch (e) {
    const bad = patches.find((p) => !resolves(scene, p)) ?? patches[0];
    return { ok: false, issues: [{ path: jsonPath(bad.path), message: `patch does not apply: ${(e as Error).message}` }] };
  }
  const issues = validateEdit(scene, next, patches);
  return issues.length ? { ok: false, issues } : { ok: true, scene: next };
}

/** Whether a patch's parent path exists in the scene (a best guess at which patch failed). */
function resolves(scene: unknown, p: Patch): boolean {
  let node = scene;
  for (const seg of p.path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return typeof node === 'object' && node !== null;
}

export type RebaseResult =
  | { ok: true; scene: Scene; rebased: boolean }
  | { ok: false; conflicts: EditConflict[] }
  | { ok: false; issues: SchemaIssue[]; rebased: boolean };

/**
 * Land an incoming edit on `current` (the scene at the newest revision), given the edits appended
 * since the edit's base revision: refused with the conflicts when one overlaps it, else applied and
 * validated. `rebased` says whether other clients' edits came in between.
 */
export function rebase(current: Scene, incoming: { clientId: string; patches: readonly Patch[] }, since: readonly LoggedEdit[]): RebaseResult {
  const found = conflicts(incoming, since);
  if (found.length) return { ok: false, conflicts: found };
  const rebased = since.some((e) => e.clientId !== incoming.clientId);
  const r = applyEdit(current, incoming.patches);
  return r.ok ? { ok: true, scene: r.scene, rebased } : { ok: false, issues: r.issues, rebased };
}
