/** Parse and validate scene documents with errors that carry a JSON path. */
import type { z } from 'zod';
import { migrateToCurrent, MigrationError } from './migrations';
import { Scene } from './scene';

export interface SchemaIssue {
  /** JSON path such as `$.annotations["lidar/0"].a1.size.l` (partition, then id). */
  path: string;
  message: string;
}

export const jsonPath = (path: ReadonlyArray<PropertyKey>): string =>
  '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`)).join('');

export const issuesOf = (error: z.ZodError): SchemaIssue[] => error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));

export class SceneValidationError extends Error {
  constructor(
    readonly source: string,
    readonly issues: SchemaIssue[],
  ) {
    super(`${source}: ${issues.length} schema error${issues.length === 1 ? '' : 's'}\n` + issues.slice(0, 20).map((i) => `  ${i.path}: ${i.message}`).join('\n'));
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
  const r = Scene.safeParse(migrated);
  return r.success ? { ok: true, scene: r.data } : { ok: false, issues: issuesOf(r.error) };
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
