/**
 * An object's history in words: "bob moved the cuboid 0.4 m at 10:42", "ann changed class
 * van → truck". Input: the logged edits that touched the object (oldest first, with their patches),
 * as the server's history and edit-log routes hand them out.
 *
 * Patches carry new values only, so a "before" is what an earlier edit in the same history wrote
 * at that path (replayed into a sparse copy here). The first edit of a value made since the upload
 * has no known before: it is worded by its result ("set class to truck", "placed the cuboid at …").
 * Anything without a wording of its own falls back to the edit's label and the paths it wrote.
 */
import type { Patch } from 'immer';
import type { Annotation, Scene } from '../schema';
import { jsonPath } from '../schema/parse';

export interface HistoryEdit {
  revision: number;
  by: string;
  at: string;
  label?: string;
  patches: Patch[];
}

export interface HistoryLine {
  revision: number;
  by: string;
  at: string;
  /** The whole sentence: who, what, when. */
  text: string;
  /** What changed, without who and when ("moved the cuboid 0.4 m"). */
  what: string;
  label?: string;
}

export interface DescribeOptions {
  /** Taxonomy for class names (the current scene's); ids are shown when absent. */
  scene?: Pick<Scene, 'taxonomy'> | null;
  /** Clock time of an ISO instant; default HH:MM in UTC (the UI passes the local time). */
  time?(iso: string): string;
  /** Most phrases per edit before "and N more changes". */
  maxPhrases?: number;
}

type Path = ReadonlyArray<string | number>;

/** Newest first: each edit of `objectId`'s history as one readable line. */
export function describeObjectHistory(objectId: string, edits: readonly HistoryEdit[], opts: DescribeOptions = {}): HistoryLine[] {
  const known: Record<string, unknown> = {};
  const time = opts.time ?? ((iso: string) => new Date(iso).toISOString().slice(11, 16));
  const lines: HistoryLine[] = [];
  for (const e of [...edits].sort((a, b) => a.revision - b.revision)) {
    const what = describeEdit(objectId, e, known, opts);
    for (const p of e.patches) write(known, p);
    lines.push({ revision: e.revision, by: e.by, at: e.at, what, text: `${e.by} ${what} at ${time(e.at)}`, ...(e.label !== undefined ? { label: e.label } : {}) });
  }
  return lines.reverse();
}

/** One edit's effect on the object, given the values known before it. */
export function describeEdit(objectId: string, e: HistoryEdit, known: Record<string, unknown> = {}, opts: DescribeOptions = {}): string {
  const phrases: string[] = [];
  const added = new Map<string, number>();
  const removed = new Map<string, number>();
  const changed: { before: Annotation | undefined; after: Annotation }[] = [];
  const fallback: string[] = [];
  const className = (id: unknown) => opts.scene?.taxonomy.classes.find((c) => c.id === id)?.name ?? String(id);
  const count = (m: Map<string, number>, kind: string, n = 1) => m.set(kind, (m.get(kind) ?? 0) + n);

  for (const p of e.patches) {
    const path = p.path;
    const before = read(known, path);
    if (path[0] === 'objects' && path[1] === objectId) {
      const field = path[2];
      if (field === undefined) phrases.push(p.op === 'remove' ? 'deleted the object' : p.op === 'add' ? `created the object (${className((p.value as { classId?: string })?.classId)})` : 'replaced the object');
      else if (field === 'classId') phrases.push(before !== undefined ? `changed class ${className(before)} → ${className(p.value)}` : `set class to ${className(p.value)}`);
      else if (field === 'name') phrases.push(p.op === 'remove' ? 'removed its name' : before !== undefined ? `renamed it ${String(before)} → ${String(p.value)}` : `named it ${String(p.value)}`);
      else if (field === 'attributes' && path.length === 4) phrases.push(attributePhrase(String(path[3]), p, before));
      else if (field === 'intervals') phrases.push('changed when it is present');
      else fallback.push(jsonPath(path));
      continue;
    }
    const one = (op: Patch['op'], was: Annotation | undefined, after: Annotation | undefined) => {
      if (after?.object !== objectId && was?.object !== objectId) return; // another object's annotation
      if (op === 'add' && after) count(added, after.kind);
      else if (!after || after.object !== objectId) count(removed, was?.kind ?? 'annotation');
      else changed.push({ before: was, after });
    };
    if (path[0] === 'annotations' && path.length === 3) {
      one(p.op, before as Annotation | undefined, p.op === 'remove' ? undefined : (p.value as Annotation | undefined));
      continue;
    }
    if (path[0] === 'annotations' && path.length === 2) {
      // a whole partition (a sample's annotations): this object's annotations in it, one by one
      const was = (before ?? {}) as Record<string, Annotation>;
      const now = (p.op === 'remove' ? {} : (p.value ?? {})) as Record<string, Annotation>;
      for (const id of new Set([...Object.keys(was), ...Object.keys(now)])) one(was[id] ? (now[id] ? 'replace' : 'remove') : 'add', was[id], now[id]);
      continue;
    }
    if (path[0] === 'annotations') {
      fallback.push(jsonPath(path));
      continue;
    }
    // time labels, review data and the like that name the object
    fallback.push(jsonPath(path));
  }

  for (const [kind, n] of added) phrases.push(n === 1 ? `added ${article(kindName(kind))}` : `added ${n} ${plural(kindName(kind))}`);
  if (changed.length <= 2) for (const c of changed) phrases.push(annotationPhrase(c.before, c.after));
  else if (changed.length > 2) phrases.push(`changed ${changed.length} ${plural(kindName(changed[0].after.kind))}${changed.every((c) => c.after.kind === changed[0].after.kind) ? '' : ' and others'}`);
  const deleted = phrases.includes('deleted the object'); // its annotations went with it
  for (const [kind, n] of deleted ? [] : removed) phrases.push(n === 1 ? `removed the ${kindName(kind)}` : `removed ${n} ${plural(kindName(kind))}`);

  const unique = [...new Set(fallback)];
  if (unique.length) phrases.push(`changed ${unique.slice(0, 2).join(', ')}${unique.length > 2 ? ` and ${unique.length - 2} more` : ''}`);
  if (!phrases.length) return e.label ? `made "${e.label}"` : 'made an edit';
  const max = opts.maxPhrases ?? 3;
  const head = phrases.slice(0, max).join(', ');
  const out = phrases.length > max ? `${head} and ${phrases.length - max} more changes` : head;
  // a track command's wording is clearer with its name when it only added or removed frames
  const framesOnly = !changed.length && !unique.length && phrases.length === added.size + removed.size;
  return e.label && framesOnly && phrases.length > 1 ? `${out} (${e.label})` : out;
}

function attributePhrase(name: string, p: Patch, before: unknown): string {
  if (p.op === 'remove') return `cleared ${name}`;
  return before !== undefined ? `set ${name} ${show(before)} → ${show(p.value)}` : `set ${name} to ${show(p.value)}`;
}

/** What changed between two versions of one annotation. */
function annotationPhrase(before: Annotation | undefined, after: Annotation): string {
  const name = kindName(after.kind);
  if (!before || before.kind !== after.kind) {
    if (after.kind === 'cuboid') return `placed the cuboid at (${fmt(after.center.x)}, ${fmt(after.center.y)}, ${fmt(after.center.z)})`;
    return `edited the ${name}${'sample' in after ? ` at ${after.sample}` : ''}`;
  }
  const out: string[] = [];
  if (after.kind === 'cuboid' && before.kind === 'cuboid') {
    const d = Math.hypot(after.center.x - before.center.x, after.center.y - before.center.y, after.center.z - before.center.z);
    if (d > 1e-9) out.push(`moved the cuboid ${metres(d)} m`);
    const s = after.size;
    if (s.l !== before.size.l || s.w !== before.size.w || s.h !== before.size.h) out.push(`resized the cuboid to ${fmt(s.l)} × ${fmt(s.w)} × ${fmt(s.h)} m`);
    const angle = quaternionAngle(before.rotation, after.rotation);
    if (angle > 1e-6) out.push(`turned the cuboid ${Math.round(angle) || '<1'}°`);
  } else if (after.kind === 'box2d' && before.kind === 'box2d') {
    const cx = (a: typeof after) => (a.x0 + a.x1) / 2;
    const cy = (a: typeof after) => (a.y0 + a.y1) / 2;
    const d = Math.hypot(cx(after) - cx(before), cy(after) - cy(before));
    if (d > 1e-9) out.push(`moved the 2D box ${Math.round(d) || '<1'} px`);
    if (after.x1 - after.x0 !== before.x1 - before.x0 || after.y1 - after.y0 !== before.y1 - before.y0)
      out.push(`resized the 2D box to ${Math.round(after.x1 - after.x0)} × ${Math.round(after.y1 - after.y0)} px`);
  }
  const attrs = new Set([...Object.keys(before.attributes ?? {}), ...Object.keys(after.attributes ?? {})]);
  for (const k of attrs) {
    const a = before.attributes?.[k];
    const b = after.attributes?.[k];
    if (a === b) continue;
    out.push(b === undefined ? `cleared ${k} on the ${name}` : a === undefined ? `set ${k} to ${show(b)} on the ${name}` : `set ${k} ${show(a)} → ${show(b)} on the ${name}`);
  }
  if (before.source === 'interpolated' && after.source !== 'interpolated') out.push(`made the ${name} a keyframe`);
  return out.length ? out.join(', ') : `edited the ${name}${'sample' in after ? ` at ${after.sample}` : ''}`;
}

/** Rotation angle between two unit quaternions, in degrees. */
function quaternionAngle(a: { x: number; y: number; z: number; w: number }, b: { x: number; y: number; z: number; w: number }): number {
  const dot = Math.abs(a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w);
  return (2 * Math.acos(Math.min(1, dot)) * 180) / Math.PI;
}

const KIND_NAMES: Record<string, string> = { annotation: 'annotation', cuboid: 'cuboid', box2d: '2D box', polygon: 'polygon', mask: 'mask', timeSegment: 'time segment', textSpan: 'text span', notVisible: 'not-visible mark' };
const kindName = (kind: string) => KIND_NAMES[kind] ?? kind;
const plural = (s: string) => `${s}s`;
const article = (s: string) => `${/^[aeiou]/.test(s) ? 'an' : 'a'} ${s}`;
/** Metres to at most two decimals, trailing zeros dropped: 0.4, 1.25, 12. */
const metres = (d: number) => String(Number(d.toFixed(2)));
const fmt = (n: number) => String(Number(n.toFixed(2)));
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The value at `path` in the sparse replay, or undefined. */
function read(root: unknown, path: Path): unknown {
  let at = root;
  for (const k of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[k];
  }
  return at;
}

/** Apply one patch to the sparse replay, creating missing parents (values are copied, never shared). */
function write(root: Record<string, unknown>, p: Patch): void {
  if (!p.path.length) return;
  let at: Record<string | number, unknown> = root;
  for (const k of p.path.slice(0, -1)) {
    const next = at[k];
    if (next === null || typeof next !== 'object') at[k] = {};
    at = at[k] as Record<string | number, unknown>;
  }
  const last = p.path[p.path.length - 1];
  if (p.op === 'remove') delete at[last];
  else at[last] = structuredClone(p.value);
}
