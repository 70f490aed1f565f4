/**
 * Schema versions and their `up` migrations. A stored document of any known version is
 * migrated step by step to CURRENT_SCHEMA_VERSION before validation.
 *
 * v1 (first draft): `objects` and `annotations` were arrays.
 * v2: they are maps keyed by id, so patches address records directly.
 * v3 (current): annotations are partitioned by where they live, `annotations[partition][id]`
 *   (partition = the sample id; `sensor:<id>` for time segments; `document:<id>` for text spans;
 *   see partitions.ts), so an edit copies one sample's annotations instead of all of them.
 */
import { partitionOfJson } from './partitions';
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

/** v2 → v3: file each annotation of the flat map under its partition (same key inside). */
function partitionFlat(flat: unknown): unknown {
  // Not a map: left as it is, for validation to report at $.annotations.
  if (typeof flat !== 'object' || flat === null || Array.isArray(flat)) return flat;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, a] of Object.entries(flat)) {
    // A record naming no sample, sensor or document cannot be placed; it is kept under a key that
    // cannot match its partition, so validation reports it with its fields rather than losing it.
    const part = partitionOfJson(a) ?? '?';
    (out[part] ??= {})[key] = a;
  }
  return out;
}

export const MIGRATIONS: MigrationStep[] = [
  {
    from: 1,
    to: 2,
    description: 'objects and annotations become maps keyed by id',
    up: (doc) => ({ ...doc, schemaVersion: 2, objects: byId(doc.objects, 'objects'), annotations: byId(doc.annotations, 'annotations') }),
  },
  {
    from: 2,
    to: 3,
    description: 'annotations are partitioned by sample (sensor:<id> for time segments, document:<id> for text spans)',
    up: (doc) => ({ ...doc, schemaVersion: 3, annotations: partitionFlat(doc.annotations) }),
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
