/**
 * Time-interval labels that belong to no geometry: actions ("driver drinking", 10–50), events
 * ("lane change" at t) and contexts ("night", the whole scene). They live on the scene clock
 * (seconds), like every stream, and map to OpenLABEL's `actions`, `events` and `contexts`.
 */
import { z } from 'zod';
import { Attributes, ObjectId } from './annotations';
import { Metadata } from './primitives';

/** A closed time interval [start, end] in scene seconds; an instant has start === end. */
export const TimeInterval = z
  .object({ start: z.number().refine(Number.isFinite, 'must be finite'), end: z.number().refine(Number.isFinite, 'must be finite') })
  .refine((i) => i.end >= i.start, { message: 'an interval must end at or after its start', path: ['end'] });
export type TimeInterval = z.infer<typeof TimeInterval>;

export const TimeLabelKind = z.enum(['action', 'event', 'context']);
export type TimeLabelKind = z.infer<typeof TimeLabelKind>;

export const TimeLabel = z.object({
  id: z.string().min(1),
  kind: TimeLabelKind,
  /** What it is: "drinking", "lane_change", "night" (OpenLABEL's `type`). */
  type: z.string().min(1),
  /** Display name; OpenLABEL's `name`. */
  name: z.string().optional(),
  /** Where it holds, on the scene clock. Events are instants (start === end). Empty: the whole scene. */
  intervals: z.array(TimeInterval).default([]),
  /** The objects it is about (OpenLABEL relations such as "isSubjectOfAction" / "isObjectOfAction"). */
  objects: z.array(ObjectId).default([]),
  /**
   * How a linked object takes part, where known: object id → OpenLABEL relation predicate with the
   * object as subject and this label as object ("isSubjectOfAction", "isObjectOfAction",
   * "isSubjectOfEvent"…). Objects without an entry are written with the kind's default predicate.
   */
  roles: z.record(ObjectId, z.string().min(1)).optional(),
  /** Static attributes (OpenLABEL `*_data` in the element). */
  attributes: Attributes.default({}),
  /** Per-frame attributes: scene time (seconds, as a decimal string key) → values (OpenLABEL `*_data` in frames). */
  frameAttributes: z.record(z.string(), Attributes).optional(),
  metadata: Metadata.optional(),
}).refine((l) => Object.keys(l.roles ?? {}).every((o) => l.objects.includes(o)), { message: 'every object with a role must be one of the label\'s objects', path: ['roles'] });
export type TimeLabel = z.infer<typeof TimeLabel>;
