/**
 * One versioned taxonomy for every modality. Class ids are stable; names may change.
 * Every change (add, rename, merge, deprecate, edit) bumps `version` and is appended to `history`
 * as a migration step, so a document labelled against an older version can be re-mapped
 * (see core/commands/taxonomy.ts) and no modality keeps a private class list.
 */
import { z } from 'zod';
import { SensorKind } from './sensors';

export const AttributeDef = z.object({
  name: z.string().min(1),
  type: z.enum(['boolean', 'number', 'enum', 'text']),
  /** Allowed values for `enum`. */
  values: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** Unit of a `number` attribute, shown beside the value (e.g. "m", "km/h", "%"). */
  unit: z.string().optional(),
  /** A labelled object (scope `object`) or annotation (scope `frame`) of this class must set it. */
  required: z.boolean().optional(),
  /**
   * Where the value lives: `object` (static, on the object track; the default) or `frame`
   * (per annotation, i.e. per sample: may change from frame to frame).
   */
  scope: z.enum(['object', 'frame']).optional(),
});
export type AttributeDef = z.infer<typeof AttributeDef>;

export const TaxonomyClass = z.object({
  id: z.string().min(1).regex(/^[a-z0-9_]+$/, 'class ids are lower_snake_case'),
  name: z.string().min(1),
  /** CSS colour, e.g. "#ff8800". */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  synonyms: z.array(z.string()).default([]),
  attributes: z.array(AttributeDef).default([]),
  /** The modalities where this class may be labelled. */
  modalities: z.array(SensorKind).min(1),
  deprecated: z.boolean().default(false),
  /** For a deprecated class, the class annotators should use instead. */
  replacedBy: z.string().optional(),
});
export type TaxonomyClass = z.infer<typeof TaxonomyClass>;

export const TaxonomyChange = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), classId: z.string() }),
  z.object({ op: z.literal('rename'), classId: z.string(), from: z.string(), to: z.string() }),
  z.object({ op: z.literal('merge'), from: z.array(z.string()).min(1), into: z.string() }),
  z.object({ op: z.literal('deprecate'), classId: z.string(), replacedBy: z.string().optional() }),
  /** Colour, modalities, synonyms or attribute definitions of a class changed; objects keep their class. */
  z.object({ op: z.literal('edit'), classId: z.string(), fields: z.array(z.string()).min(1) }),
]);
export type TaxonomyChange = z.infer<typeof TaxonomyChange>;

export const TaxonomyMigration = z.object({
  fromVersion: z.number().int().nonnegative(),
  toVersion: z.number().int().positive(),
  change: TaxonomyChange,
  /** Class id remapping this step applies to existing objects (old id -> new id). */
  remap: z.record(z.string(), z.string()).default({}),
});
export type TaxonomyMigration = z.infer<typeof TaxonomyMigration>;

export const Taxonomy = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    version: z.number().int().nonnegative(),
    classes: z.array(TaxonomyClass),
    history: z.array(TaxonomyMigration).default([]),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.classes.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate class id "${c.id}"`, path: ['classes', i, 'id'] });
      seen.add(c.id);
    });
  });
export type Taxonomy = z.infer<typeof Taxonomy>;
