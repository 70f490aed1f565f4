/**
 * The browser build's OpenLABEL validators (precompiled by scripts/vite/openlabelValidators.ts, so the
 * CSP needs no 'unsafe-eval') must judge every document exactly as the run-time compiled ones do:
 * same verdict, same ajv errors, same validateOpenLabel report — on every OpenLABEL fixture and on
 * broken documents.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openlabelValidatorSource } from '../../../../scripts/vite/openlabelValidators';
import { schemaValidator, type SchemaCheck } from './schemaValidators';
import { validateOpenLabel } from './validate';

// inside the project, so the generated modules' imports of ajv's runtime helpers resolve
const outDir = path.resolve('node_modules/.cache/crosslabel-openlabel-validators-test', String(process.pid));
const precompiled: { first?: SchemaCheck; all?: SchemaCheck } = {};
const docs: { name: string; doc: unknown }[] = [];

type Rec = Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);

/** Broken variants of a valid document, each breaking the schema in a different way. */
function broken(base: Rec): { name: string; doc: unknown }[] {
  const ol = () => clone(base) as { openlabel: Rec & { metadata: Rec; objects?: Rec; frames?: Rec } };
  const out: { name: string; doc: unknown }[] = [];
  const add = (name: string, edit: (d: ReturnType<typeof ol>) => unknown) => {
    const d = ol();
    out.push({ name, doc: edit(d) ?? d });
  };
  add('no metadata', (d) => void delete (d.openlabel as Rec).metadata);
  add('schema_version a number', (d) => void (d.openlabel.metadata.schema_version = 1));
  add('objects an array', (d) => void (d.openlabel.objects = [] as unknown as Rec));
  add('object without name and type', (d) => void (d.openlabel.objects = { '0': { object_data: { bbox: 'x' } } }));
  add('bbox val of strings, extra root key', (d) => {
    d.openlabel.objects = { '0': { name: 'a', type: 'Car', object_data: { bbox: [{ name: 'b', val: ['1', '2', 3, 4] }, { val: 7 }] } } };
    (d.openlabel as Rec).surprise = true;
  });
  add('frames with wrong types', (d) => void (d.openlabel.frames = { '0': { objects: 3, frame_properties: { timestamp: {} } }, '1': null }));
  add('not an object', () => [1, 2, 3]);
  add('null', () => null);
  add('empty', () => ({}));
  return out;
}

beforeAll(async () => {
  await mkdir(outDir, { recursive: true });
  for (const allErrors of [false, true]) {
    const file = path.join(outDir, `${allErrors ? 'all' : 'first'}.mjs`);
    await writeFile(file, openlabelValidatorSource(allErrors));
    precompiled[allErrors ? 'all' : 'first'] = ((await import(/* @vite-ignore */ file)) as { default: SchemaCheck }).default;
  }
  for (const dir of ['fixtures/openlabel', 'fixtures/openlabel-vicomtech-convention'])
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort())
      docs.push({ name: `${dir}/${f}`, doc: JSON.parse(await readFile(path.join(dir, f), 'utf8')) as unknown });
  docs.push(...broken(docs.find((d) => d.name.endsWith('bbox_simple_attributes.json'))!.doc as Rec));
}, 60_000);
afterAll(async () => {
  vi.doUnmock('./schemaValidators');
  await rm(outDir, { recursive: true, force: true });
});

describe('precompiled OpenLABEL validators', () => {
  it('generate plain modules: no code generation left for the browser', () => {
    for (const allErrors of [false, true]) {
      const src = openlabelValidatorSource(allErrors);
      expect(src).toMatch(/export default validate\d+/);
      expect(src).not.toMatch(/new Function|\beval\(|\brequire\(/);
    }
  });

  it('agree with the run-time validators on every fixture and broken document (verdict and errors)', () => {
    expect(docs.length).toBeGreaterThanOrEqual(20);
    let invalid = 0;
    for (const { name, doc } of docs)
      for (const allErrors of [false, true]) {
        const runtime = schemaValidator(allErrors);
        const pre = precompiled[allErrors ? 'all' : 'first']!;
        const ok = runtime(doc);
        expect(pre(doc), name).toBe(ok);
        expect(pre.errors ?? null, `${name} allErrors=${allErrors}`).toEqual(runtime.errors ?? null);
        if (!ok && allErrors) invalid++;
      }
    // the broken documents really are broken (and some fixtures: the official examples predate a schema fix)
    expect(invalid).toBeGreaterThanOrEqual(9);
  });

  it('give the same validateOpenLabel report as the run-time ones', async () => {
    const runtimeReports = docs.map(({ doc }) => validateOpenLabel(doc));
    vi.resetModules();
    vi.doMock('./schemaValidators', () => ({ schemaValidator: (allErrors: boolean) => precompiled[allErrors ? 'all' : 'first'] }));
    const { validateOpenLabel: validatePrecompiled } = await import('./validate');
    expect(validatePrecompiled).not.toBe(validateOpenLabel);
    docs.forEach(({ name, doc }, i) => expect(validatePrecompiled(doc), name).toEqual(runtimeReports[i]));
    expect(runtimeReports.filter((r) => !r.valid).length).toBeGreaterThanOrEqual(9);
  });
});
