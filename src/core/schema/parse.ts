/** Parse and validate scene documents with errors that carry a JSON path. */
import type { z } from 'zod';
import { migrateToCurrent, MigrationError } from './migrations';
import { Scene } from './scene';
import { printable } from '../formats/printable';

export interface SchemaIssue {
  /** JSON path such as `$.annotations["lidar/0"].a1.size.l` (partition, then id). */
  path: string;
  message: string;
}

export const jsonPath = (path: ReadonlyArray<PropertyKey>): string =>
  '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`)).join('');

export const issuesOf = (error: z.ZodError): SchemaIssue[] => error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));

/** Path of the longest array in `value` (iteratively: a deeply nested value must not overflow the stack), for messages. */
function longestArray(value: unknown): { path: string; length: number } | undefined {
  let best: { path: string; length: number } | undefined;
  const stack: { v: unknown; path: PropertyKey[] }[] = [{ v: value, path: [] }];
  for (let seen = 0; stack.length && seen < 1_000_000; seen++) {
    const { v, path } = stack.pop()!;
    if (Array.isArray(v)) {
      if (!best || v.length > best.length) best = { path: jsonPath(path), length: v.length };
      // its elements' arrays matter too, but a million siblings need not all be walked
      for (let i = 0; i < Math.min(v.length, 1000); i++) stack.push({ v: v[i], path: [...path, i] });
    } else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return best;
}

/**
 * `schema.safeParse(value)` as issues. zod spreads a child's issues into its parent's list
 * (`push(...issues)`), so an array of ~100,000 invalid elements overflows the call stack inside the
 * validator (RangeError, found by fuzzing): that becomes one issue naming the longest array.
 */
export function safeParseIssues<T>(schema: z.ZodType<T>, value: unknown): { ok: true; data: T } | { ok: false; issues: SchemaIssue[] } {
  try {
    const r = schema.safeParse(value);
    return r.success ? { ok: true, data: r.data } : { ok: false, issues: issuesOf(r.error) };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const big = longestArray(value);
    return { ok: false, issues: [{ path: big?.path ?? '$', message: `too many errors to list (the validator ran out of stack: ${e.message})${big ? `; the longest array here has ${big.length} elements` : ''}` }] };
  }
}

export class SceneValidationError extends Error {
  constructor(
    readonly source: string,
    readonly issues: SchemaIssue[],
  ) {
    super(printable(`${source}: ${issues.length} schema error${issues.length === 1 ? '' : 's'}\n` + issues.slice(0, 20).map((i) => `  ${i.path}: ${i.message}`).join('\n')));
    this.name = 'SceneValidationError';
  }
}

export type ParseResult = { ok: true; scene: Scene } | { ok: false; issues: SchemaIssue[] };

/** Migrate then validate an already-parsed JSON value. */
export function validateScene(value: unknown): ParseResult {
  let migrated: unknown;
  try {
    migrated = migrateToCurrent(value);
  } catch (e) {
    if (e instanceof MigrationError) return { ok: false, issues: [{ path: '$.schemaVersion', message: e.message }] };
    return { ok: false, issues: [{ path: '$', message: (e as Error).message }] };
  }
  const r = safeParseIssues(Scene, migrated);
  return r.ok ? { ok: true, scene: r.data } : { ok: false, issues: r.issues };
}

/** Parse scene JSON text; throws SceneValidationError naming `source` (a file name) on failure. */
export function parseSceneJson(text: string, source = 'scene.json'): Scene {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SceneValidationError(source, [{ path: '$', message: `invalid JSON: ${(e as Error).message}` }]);
  }
  const r = validateScene(value);
  if (!r.ok) throw new SceneValidationError(source, r.issues);
  return r.scene;
}

/** Canonical serialisation: stable two-space JSON. */
export const serializeScene = (scene: Scene): string => JSON.stringify(scene, null, 2) + '\n';
