/**
 * The official OpenLABEL schema as two ajv validators: first-error (decides validity fast) and
 * all-errors (lists every problem). Here they are compiled at run time, which ajv does with
 * `new Function` — fine in Node (Vitest, the CLI, the team server), forbidden in the browser by the
 * app's Content-Security-Policy. So the browser build never loads this file: the Vite plugin in
 * scripts/vite/openlabelValidators.ts swaps it for the same two validators precompiled to plain
 * modules (ajv standalone code), exporting the same `schemaValidator`.
 */
import { Ajv, type ErrorObject } from 'ajv';
import schema from './openlabel_json_schema-v1.0.0.json';

/** A compiled schema check: true when valid; after a failure, `errors` holds ajv's errors. */
export type SchemaCheck = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * ajv options shared with the precompiled build, so both agree error for error.
 * strict: false — the official schema carries keywords ajv does not know ("item", misplaced intrinsics).
 */
export const OPENLABEL_AJV_OPTIONS = { strict: false } as const;

const compiled: { all?: SchemaCheck; first?: SchemaCheck } = {};

export function schemaValidator(allErrors: boolean): SchemaCheck {
  const key = allErrors ? 'all' : 'first';
  return (compiled[key] ??= new Ajv({ ...OPENLABEL_AJV_OPTIONS, allErrors }).compile(schema) as SchemaCheck);
}
