/**
 * Shared argument checks for commands. Every failure is a CommandError whose message names the
 * record and, for schema failures, the JSON path inside the record, e.g.
 * `annotation "a1": $.size.l: Too small: expected number to be >0`.
 */
import type { z } from 'zod';
import { jsonPath, type Annotation, type ObjectTrack, type Scene, type TaxonomyClass } from '../schema';
import { CommandError } from './command';
import { locateAnnotation } from './draftAnnotations';

/** Validate `value` with `schema` and return the parsed record (defaults applied), or throw CommandError. */
export function parseRecord<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return stripUndefined(r.data);
  const issues = r.error.issues.slice(0, 5).map((i) => `${jsonPath(i.path)}: ${i.message}`);
  throw new CommandError(`${what}: ${issues.join('; ')}`);
}

export function requireObject(scene: Scene, objectId: string): ObjectTrack {
  const o = scene.objects[objectId];
  if (!o) throw new CommandError(`object "${objectId}" does not exist`);
  return o;
}

/** The annotation `id` (a draft inside a command) and the partition it is filed under; CommandError when there is none. */
export function requireAnnotationAt(scene: Scene, id: string): { annotation: Annotation; partition: string } {
  const partition = locateAnnotation(scene, id);
  if (partition === undefined) throw new CommandError(`annotation "${id}" does not exist`);
  return { annotation: scene.annotations[partition][id], partition };
}

export function requireAnnotation(scene: Scene, id: string): Annotation {
  return requireAnnotationAt(scene, id).annotation;
}

export function requireClass(scene: Pick<Scene, 'taxonomy'>, classId: string): TaxonomyClass {
  const c = scene.taxonomy.classes.find((x) => x.id === classId);
  if (!c) throw new CommandError(`class "${classId}" is not in taxonomy "${scene.taxonomy.id}" v${scene.taxonomy.version}`);
  return c;
}

/** A class new labels may use: it exists and is not deprecated. */
export function requireUsableClass(scene: Scene, classId: string): TaxonomyClass {
  const c = requireClass(scene, classId);
  if (c.deprecated) throw new CommandError(`class "${classId}" is deprecated${c.replacedBy ? `; use "${c.replacedBy}"` : ''}`);
  return c;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new CommandError(`${what} must be a non-empty string`);
  return value;
}

/** Drop top-level keys whose value is `undefined`, so records survive a JSON round trip unchanged. */
function stripUndefined<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  for (const k of Object.keys(v)) if ((v as Record<string, unknown>)[k] === undefined) delete (v as Record<string, unknown>)[k];
  return v;
}
