/**
 * Schema versions and their `up` migrations. A stored document of any known version is
 * migrated step by step to CURRENT_SCHEMA_VERSION before validation.
 *
 * v1 (first draft): `objects` and `annotations` were arrays.
 * v2 (current): they are maps keyed by id, so patches address records directly.
 */
import { CURRENT_SCHEMA_VERSION } from './scene';

type Json = Record<string, unknown>;

export interface MigrationStep {
  from: number;
  to: number;
  description: string;
  up: (doc: Json) => Json;
}

const byId = (list: unknown, what: string): Record<string, unknown> => {
  if (!Array.isArray(list)) throw new Error(`v1 document: "${what}" must be an array`);
  const out: Record<string, unknown> = {};
  for (const item of list) {
    const id = (item as { id?: unknown })?.id;
    if (typeof id !== 'string') throw new Error(`v1 document: an entry of "${what}" has no string id`);
    out[id] = item;
  }
  return out;
};

export const MIGRATIONS: MigrationStep[] = [
  {
    from: 1,
    to: 2,
    description: 'objects and annotations become maps keyed by id',
    up: (doc) => ({ ...doc, schemaVersion: 2, objects: byId(doc.objects, 'objects'), annotations: byId(doc.annotations, 'annotations') }),
  },
];

export class MigrationError extends Error {}

/** Migrate a parsed JSON document to the current schema version (does not validate). */
export function migrateToCurrent(input: unknown): Json {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new MigrationError('a scene document must be a JSON object');
  let doc = input as Json;
  const declared = doc.schemaVersion;
  if (typeof declared !== 'number' || !Number.isInteger(declared)) throw new MigrationError('schemaVersion is missing or not an integer');
  let version: number = declared;
  if (version > CURRENT_SCHEMA_VERSION) throw new MigrationError(`schemaVersion ${version} is newer than this Crosslabel (${CURRENT_SCHEMA_VERSION}); update the app`);
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = MIGRATIONS.find((m) => m.from === version);
    if (!step) throw new MigrationError(`no migration from schemaVersion ${version}`);
    doc = step.up(doc);
    version = step.to;
  }
  return doc;
}
