/**
 * Vite plugin: the OpenLABEL schema validators precompiled at build time (ajv standalone code), so the
 * browser never generates code — the app's Content-Security-Policy has no 'unsafe-eval', and ajv's
 * run-time `compile` is a `new Function`.
 *
 * src/core/formats/openlabel/schemaValidators.ts compiles at run time (Node: Vitest, CLI, server); in
 * a Vite build (app and workers) every import of it resolves to a virtual module exporting the same
 * `schemaValidator(allErrors)`, backed by two generated modules with the same ajv options.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import type { Plugin } from 'vite';
import schema from '../../src/core/formats/openlabel/openlabel_json_schema-v1.0.0.json';
import { OPENLABEL_AJV_OPTIONS } from '../../src/core/formats/openlabel/schemaValidators';

const RUNTIME_MODULE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/core/formats/openlabel/schemaValidators.ts');
const ENTRY = '\0crosslabel:openlabel-validators';
const PART = (allErrors: boolean) => `\0crosslabel:openlabel-validator-${allErrors ? 'all' : 'first'}`;

/**
 * One validator as an ES module whose default export is the validate function. ajv's standalone
 * output still `require`s its small runtime helpers (ucs2length, equal, …) for some keywords: those
 * become imports.
 */
export function openlabelValidatorSource(allErrors: boolean): string {
  const ajv = new Ajv({ ...OPENLABEL_AJV_OPTIONS, allErrors, code: { source: true, esm: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  const imports: string[] = [];
  const body = code.replace(/require\(("ajv\/dist\/runtime\/[\w-]+")\)/g, (_m, spec: string) => {
    const name = `__ajvRuntime${imports.length}`;
    imports.push(`import ${name} from ${spec.replace(/"$/, '.js"')};`);
    return name;
  });
  if (/\brequire\(/.test(body)) throw new Error('openlabelValidators: ajv standalone code requires a module this plugin does not know how to import');
  return `${imports.join('\n')}\n${body}`;
}

// generated once per process: the app build and each worker build load them
const cache = new Map<boolean, string>();
const cachedSource = (allErrors: boolean): string => cache.get(allErrors) ?? cache.set(allErrors, openlabelValidatorSource(allErrors)).get(allErrors)!;

export function openlabelValidators(): Plugin {
  return {
    name: 'crosslabel:openlabel-validators',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source === ENTRY || source === PART(true) || source === PART(false)) return source;
      if (!importer || !/schemaValidators/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && path.resolve(resolved.id) === RUNTIME_MODULE ? ENTRY : null;
    },
    load(id) {
      if (id === PART(true)) return cachedSource(true);
      if (id === PART(false)) return cachedSource(false);
      if (id === ENTRY)
        return [
          `import all from ${JSON.stringify(PART(true))};`,
          `import first from ${JSON.stringify(PART(false))};`,
          'export const OPENLABEL_AJV_OPTIONS = ' + JSON.stringify(OPENLABEL_AJV_OPTIONS) + ';',
          'export function schemaValidator(allErrors) { return allErrors ? all : first; }',
        ].join('\n');
      return null;
    },
  };
}
