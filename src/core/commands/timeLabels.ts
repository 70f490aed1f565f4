/**
 * Time-label commands: actions, events and contexts on the scene clock (seconds), and an object's
 * lifetime when it is known apart from its geometry.
 *
 * Invariants every command keeps (and rejects input that breaks, with a CommandError naming the label):
 * - `type` is a non-empty string; every object a label names exists.
 * - Intervals are finite, end >= start, sorted by start and disjoint (closed intervals: two that
 *   share a point overlap). An event's intervals are instants (start === end) and an event has at
 *   least one. Empty intervals mean "the whole scene" (contexts such as "night").
 * - Per-frame attributes (`frameAttributes`, keyed by scene time) lie inside the intervals: an edit
 *   that moves or trims an interval drops the per-frame values left outside every interval.
 * Because intervals are kept sorted, an edited interval may move to another index; callers that
 * track an interval by index re-find it by its new start.
 */
import { TimeInterval, TimeLabel, TimeLabelKind, type AttributeValue, type Scene } from '../schema';
import { CommandError, defineCommand } from './command';
import { parseRecord, requireObject } from './guard';
import { newId } from './ids';

type AttributeMap = Scene['timeLabels'][string]['attributes'];

const PREFIX: Record<TimeLabelKind, string> = { action: 'act', event: 'evt', context: 'ctx' };

export interface CreateTimeLabelArgs {
  /** Omitted: a fresh id (`act_…`, `evt_…`, `ctx_…`). */
  id?: string;
  kind: TimeLabelKind;
  type: string;
  name?: string;
  /** Where it holds; omitted or [] means the whole scene (not allowed for events). */
  intervals?: TimeInterval[];
  objects?: string[];
  /** Object id → relation predicate (see TimeLabel.roles); every key must be in `objects`. */
  roles?: Record<string, string>;
  attributes?: Record<string, AttributeValue>;
}

/** Validate and insert a new time label into a draft. Returns its id. */
export function insertTimeLabel(draft: Scene, args: CreateTimeLabelArgs): string {
  const kind = TimeLabelKind.safeParse(args.kind);
  if (!kind.success) throw new CommandError(`time label kind must be "action", "event" or "context", got ${JSON.stringify(args.kind)}`);
  const id = args.id ?? newId(PREFIX[kind.data]);
  if (draft.timeLabels[id]) throw new CommandError(`time label "${id}" already exists`);
  const what = `${kind.data} "${id}"`;
  const label = parseRecord(
    TimeLabel,
    { id, kind: kind.data, type: checkType(args.type, what), name: args.name, intervals: args.intervals ?? [], objects: args.objects ?? [], roles: args.roles, attributes: args.attributes ?? {} },
    what,
  );
  label.intervals = normaliseIntervals(label.intervals, kind.data, what);
  checkObjects(draft, label.objects, what);
  draft.timeLabels[id] = label;
  return id;
}

export const createTimeLabel = defineCommand<CreateTimeLabelArgs>({
  type: 'timeLabel/create',
  label: 'Create time label',
  run: (draft, args) => void insertTimeLabel(draft, args),
});

export interface UpdateTimeLabelArgs {
  id: string;
  type?: string;
  /** `null` removes the name. */
  name?: string | null;
  /** Replaces every static attribute. */
  attributes?: Record<string, AttributeValue>;
  /** Replaces the linked objects; roles of objects no longer linked are dropped. */
  objects?: string[];
  /** Replaces the roles (object id → relation predicate); `null` removes them all. */
  roles?: Record<string, string> | null;
  /** Replaces every interval ([] = the whole scene; not allowed for events). */
  intervals?: TimeInterval[];
}

export const updateTimeLabel = defineCommand<UpdateTimeLabelArgs>({
  type: 'timeLabel/update',
  label: 'Edit time label',
  run(draft, { id, type, name, attributes, objects, roles, intervals }) {
    const label = requireTimeLabel(draft, id);
    const what = `${label.kind} "${id}"`;
    if (type !== undefined) label.type = checkType(type, what);
    if (name === null) delete label.name;
    else if (name !== undefined) {
      if (typeof name !== 'string') throw new CommandError(`${what}: name must be a string`);
      label.name = name;
    }
    if (attributes !== undefined) label.attributes = parseRecord(TimeLabel.shape.attributes, attributes, `${what} attributes`) as AttributeMap;
    if (objects !== undefined) {
      const list = parseRecord(TimeLabel.shape.objects, objects, `${what} objects`);
      checkObjects(draft, list, what);
      label.objects = list;
      if (label.roles) setRoles(label, Object.fromEntries(Object.entries(label.roles).filter(([o]) => list.includes(o))));
    }
    if (roles === null) delete label.roles;
    else if (roles !== undefined) {
      const parsed = parseRecord(TimeLabel.shape.roles, roles, `${what} roles`) ?? {};
      const stray = Object.keys(parsed).find((o) => !label.objects.includes(o));
      if (stray !== undefined) throw new CommandError(`${what}: object "${stray}" has a role but is not one of its objects`);
      setRoles(label, parsed);
    }
    if (intervals !== undefined) setIntervals(label, intervals);
  },
});

/** Replace interval `index` (move or trim it). */
export const setTimeLabelInterval = defineCommand<{ id: string; index: number; interval: TimeInterval }>({
  type: 'timeLabel/setInterval',
  label: 'Move time label interval',
  run(draft, { id, index, interval }) {
    const label = requireTimeLabel(draft, id);
    requireIndex(label, index);
    const next = label.intervals.slice();
    next[index] = interval;
    setIntervals(label, next);
  },
});

export const addTimeLabelInterval = defineCommand<{ id: string; interval: TimeInterval }>({
  type: 'timeLabel/addInterval',
  label: 'Add time label interval',
  run(draft, { id, interval }) {
    const label = requireTimeLabel(draft, id);
    setIntervals(label, [...label.intervals, interval]);
  },
});

/** Remove interval `index`. Removing the last one is refused (it would make the label span the whole scene). */
export const removeTimeLabelInterval = defineCommand<{ id: string; index: number }>({
  type: 'timeLabel/removeInterval',
  label: 'Remove time label interval',
  run(draft, { id, index }) {
    const label = requireTimeLabel(draft, id);
    requireIndex(label, index);
    if (label.intervals.length === 1)
      throw new CommandError(`${label.kind} "${id}": removing its only interval would make it span the whole scene; delete the ${label.kind}, or set its intervals to [] to mean the whole scene`);
    setIntervals(label, label.intervals.filter((_, i) => i !== index));
  },
});

export const deleteTimeLabel = defineCommand<{ id: string }>({
  type: 'timeLabel/delete',
  label: 'Delete time label',
  run(draft, { id }) {
    requireTimeLabel(draft, id);
    delete draft.timeLabels[id];
  },
});

/** Set an object's lifetime (scene seconds); `null` or [] removes it (the lifetime then follows its annotations). */
export const setObjectIntervals = defineCommand<{ objectId: string; intervals: TimeInterval[] | null }>({
  type: 'object/setIntervals',
  label: 'Set object lifetime',
  run(draft, { objectId, intervals }) {
    const obj = requireObject(draft, objectId);
    if (intervals === null || (Array.isArray(intervals) && intervals.length === 0)) {
      delete obj.intervals;
      return;
    }
    const what = `object "${objectId}"`;
    obj.intervals = normaliseIntervals(parseRecord(TimeLabel.shape.intervals, intervals, `${what} intervals`), 'object', what);
  },
});

export function requireTimeLabel(scene: Scene, id: string): TimeLabel {
  const l = scene.timeLabels[id];
  if (!l) throw new CommandError(`time label "${id}" does not exist`);
  return l;
}

function setRoles(label: TimeLabel, roles: Record<string, string>): void {
  if (Object.keys(roles).length) label.roles = roles;
  else delete label.roles;
}

function checkType(type: unknown, what: string): string {
  if (typeof type !== 'string' || type.trim().length === 0) throw new CommandError(`${what}: type must be a non-empty string`);
  return type;
}

function checkObjects(draft: Scene, objects: readonly string[], what: string): void {
  for (const o of objects) if (!draft.objects[o]) throw new CommandError(`${what}: object "${o}" does not exist`);
  const dup = objects.find((o, i) => objects.indexOf(o) !== i);
  if (dup !== undefined) throw new CommandError(`${what}: object "${dup}" is listed twice`);
}

function requireIndex(label: TimeLabel, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= label.intervals.length)
    throw new CommandError(`${label.kind} "${label.id}" has no interval ${index} (it has ${label.intervals.length})`);
}

/** Validate and set a label's intervals, then drop per-frame attributes that fall outside them. */
function setIntervals(label: TimeLabel, intervals: readonly TimeInterval[]): void {
  const what = `${label.kind} "${label.id}"`;
  label.intervals = normaliseIntervals(parseRecord(TimeLabel.shape.intervals, intervals, `${what} intervals`), label.kind, what);
  if (!label.frameAttributes || label.intervals.length === 0) return;
  for (const key of Object.keys(label.frameAttributes)) if (!inIntervals(label.intervals, Number(key))) delete label.frameAttributes[key];
  if (Object.keys(label.frameAttributes).length === 0) delete label.frameAttributes;
}

/** Sort by start and check: events are instants (and have one at least), no two intervals overlap. */
export function normaliseIntervals(intervals: TimeInterval[], kind: TimeLabelKind | 'object', what: string): TimeInterval[] {
  const fmt = (i: TimeInterval) => `[${i.start}, ${i.end}]`;
  if (kind === 'event') {
    if (intervals.length === 0) throw new CommandError(`${what}: an event needs at least one instant`);
    const wide = intervals.find((i) => i.start !== i.end);
    if (wide) throw new CommandError(`${what}: an event is an instant (start === end), got ${fmt(wide)}`);
  }
  const sorted = intervals.map((i) => ({ start: i.start, end: i.end })).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let k = 1; k < sorted.length; k++)
    if (sorted[k].start <= sorted[k - 1].end) throw new CommandError(`${what}: interval ${fmt(sorted[k])} overlaps ${fmt(sorted[k - 1])}`);
  return sorted;
}

/** Whether scene time `t` lies in one of the closed intervals (an empty list is the whole scene). */
export function inIntervals(intervals: readonly TimeInterval[], t: number): boolean {
  return intervals.length === 0 || intervals.some((i) => t >= i.start && t <= i.end);
}
