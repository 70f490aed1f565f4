/**
 * The CLI's conventions across every command, through the real process (node --import tsx
 * src/cli/main.ts): exit 0 ok / 1 findings or a failed operation / 2 bad usage or unreadable input;
 * errors as `<file>: <line N or JSON path>: <problem>` or `cli: <problem>`; a binary or huge input
 * never puts raw bytes or a flood on stderr; outputs are written whole or not at all. Each command's
 * own test covers its success and findings paths; errors.ts's rendering is checked in-process below.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestScene } from '../core/commands/testScene';
import { SceneValidationError, serializeScene } from '../core/schema';
import { KittiFormatError } from '../core/formats/kitti';
import { CliError, clean, MAX_LINE, MAX_LINES, renderError, usageError } from './errors';
import { writeFileAtomic } from './io';

const root = new URL('../../', import.meta.url).pathname;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
const run1 = (args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, CROSSLABEL_USER: 'u', CROSSLABEL_PASSWORD: 'p', CROSSLABEL_SERVER: 'http://127.0.0.1:9' } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
/** Many CLI processes, a few at a time (the machine is shared): results in the order given. */
async function runAll(cases: string[][], parallel = 3): Promise<Run[]> {
  const out: Run[] = new Array(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < cases.length) {
        const i = next++;
        out[i] = await run1(cases[i]);
      }
    }),
  );
  return out;
}
/** Only printable ASCII, tab and newline (a non-ASCII character in a message is written \uXXXX or is part of our own text). */
const PRINTABLE = /^[\t\n\x20-\x7e]*$/;

const dir = mkdtempSync(join(tmpdir(), 'cli-conventions-'));
const scene = join(dir, 'scene.json');
const png = join(dir, 'image.json');
const controls = join(dir, 'controls.json');
const huge = join(dir, 'huge.json');
const longId = join(dir, 'long-id.json');
beforeAll(() => {
  writeFileSync(scene, serializeScene(makeTestScene()));
  writeFileSync(join(dir, 'tracks.txt'), '1,7,100,150,60,50,0.91,-1,-1,-1\n');
  writeFileSync(png, readFileSync(join(root, 'public/demo/kitti/image_2/000001.png')));
  // valid UTF-8, but a terminal escape and NULs where JSON should start
  writeFileSync(controls, '\u001b[2J\u0000\u0000{"a": 1}');
  // one 3 MB minified line, broken near its end
  writeFileSync(huge, `{"x":[${'123456,'.repeat(500_000)}]}`);
  // a scene whose box names a 100,000-character object id: the schema error quotes it
  const s = makeTestScene() as unknown as { annotations: Record<string, Record<string, { object?: string }>> };
  const a = Object.values(s.annotations).flatMap((p) => Object.values(p)).find((x) => x.object)!;
  a.object = 'o'.repeat(100_000);
  writeFileSync(longId, JSON.stringify(s));
});

/** Every command, called with an input file `f` and whatever else it needs to get to reading it. */
const COMMANDS: Record<string, (f: string) => string[]> = {
  agreement: (f) => ['agreement', f, scene],
  export: (f) => ['export', f, '--to', 'openlabel', '--out', join(dir, 'never.json')],
  'import openlabel': (f) => ['import', 'openlabel', f, '--out', join(dir, 'never.json')],
  'import mot': (f) => ['import', 'mot', join(dir, 'tracks.txt'), '--scene', f, '--out', join(dir, 'never.json')],
  project: (f) => ['project', f],
  'server upload-scene': (f) => ['server', 'upload-scene', 'P', f],
  sync: (f) => ['sync', f],
  validate: (f) => ['validate', f],
  'validate-schema': (f) => ['validate-schema', f],
};

describe('cli conventions through the real process', () => {
  it('--help documents the exit codes and the error form: exit 0; no command: exit 2', async () => {
    const [help, cmdHelp, none, unknown] = await runAll([['--help'], ['validate', '--help'], [], ['frobnicate']]);
    for (const r of [help, cmdHelp]) {
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('Exit codes: 0 ok; 1 findings (validate, validate-schema, sync) or a failed operation;');
      expect(r.stderr).toContain('"<file>: <line N or JSON path>: <problem>"');
    }
    expect(cmdHelp.stderr).toMatch(/^crosslabel validate <scene\.json>/);
    expect(none.status).toBe(2);
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringMatching(/^cli: unknown command "frobnicate" \(commands: agreement, export, import, inspect, project, server, sync, validate, validate-schema;/)]);
  }, 300_000);

  it('every command: an unknown option or a missing argument is `cli: …`, exit 2, nothing on stdout', async () => {
    const bogus: [string, string[]][] = [
      ['agreement', ['agreement', scene, scene, '--bogus', '1']],
      ['export', ['export', scene, '--to', 'openlabel', '--out', join(dir, 'x.json'), '--bogus']],
      ['import', ['import', 'kitti', dir, '--out', join(dir, 'x.json'), '--bogus']],
      ['inspect', ['inspect', scene, '--bogus']],
      ['project', ['project', scene, '--bogus']],
      ['server', ['server', 'create-project', 'X', '--bogus']],
      ['sync', ['sync', scene, '--bogus']],
      ['validate', ['validate', scene, '--bogus']],
      ['validate-schema', ['validate-schema', scene, '--bogus']],
    ];
    const missing = ['agreement', 'export', 'import', 'inspect', 'project', 'server', 'sync', 'validate', 'validate-schema'].map((c) => [c]);
    const runs = await runAll([...bogus.map(([, a]) => a), ...missing]);
    bogus.forEach(([name], i) => expect([name, runs[i].status, runs[i].stdout, runs[i].stderr]).toEqual([name, 2, '', 'cli: unknown option --bogus\n']));
    missing.forEach(([name], i) => {
      const r = runs[bogus.length + i];
      expect([name, r.status, r.stdout]).toEqual([name, 2, '']);
      expect(r.stderr, name).toMatch(/^cli: usage: crosslabel /);
    });
    expect(readdirSync(dir)).not.toContain('x.json');
  }, 300_000);

  it('every command reading a scene: a PNG named .json is named as one, exit 2, printable ASCII only, nothing written', async () => {
    const names = Object.keys(COMMANDS);
    const runs = await runAll(names.map((n) => COMMANDS[n](png)));
    names.forEach((name, i) => {
      const r = runs[i];
      expect([name, r.status]).toEqual([name, 2]);
      const line = r.stderr.split('\n').find((l) => l.startsWith(`${png}: `)) ?? r.stderr;
      expect(line, name).toMatch(/^\S+image\.json: line 1: not UTF-8 text: byte 0x89 at offset 0 \(looks like a PNG image\)/);
      expect(r.stderr, name).toMatch(PRINTABLE);
    });
    expect(readdirSync(dir)).not.toContain('never.json');
  }, 300_000);

  it('control bytes and a 3 MB broken line: located by line and column, escaped, short', async () => {
    const [c, h, v] = await runAll([['validate', controls], ['project', huge], ['validate-schema', huge]]);
    expect([c.status, c.stderr]).toEqual([2, `${controls}: line 1: invalid JSON at column 1: expected a value, found character U+001B\n`]);
    expect([h.status, h.stderr]).toEqual([2, `${huge}: line 1: invalid JSON at column 3500007: expected a value, found "]"\n`]);
    expect(v.status).toBe(2);
    expect(JSON.parse(v.stdout).errors).toEqual([{ path: 'line 1', message: 'invalid JSON at column 3500007: expected a value, found "]"' }]);
  }, 300_000);

  it('a schema error quoting a 100,000-character id: one line per problem, each cut to a bounded length', async () => {
    const [r] = await runAll([['validate', longId]]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l.startsWith(`${longId}: $.annotations.`), l.slice(0, 200)).toBe(true);
      expect(l.length).toBeLessThanOrEqual(MAX_LINE + 40);
    }
    expect(r.stderr).toMatch(/… \(\d+ more characters\)\n/);
  }, 300_000);

  it('a write that cannot happen is a failed operation (exit 1) naming the output; nothing half-written', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be');
    const out = join(blocker, 'scene.openlabel.json');
    const [r] = await runAll([['export', scene, '--to', 'openlabel', '--out', out]]);
    expect([r.status, r.stdout]).toEqual([1, '']);
    // (the export's notes come first: what OpenLABEL cannot hold)
    expect(r.stderr.endsWith(`\n${out}: cannot write (ENOTDIR: a file stands where a folder of the path should be)\n`), r.stderr).toBe(true);
    expect(readFileSync(blocker, 'utf8')).toBe('a file where a folder should be');
  }, 300_000);
});

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file; on failure the old file stays and the temp file is gone', () => {
    const d = mkdtempSync(join(tmpdir(), 'cli-atomic-'));
    const f = join(d, 'out.json');
    writeFileAtomic(f, 'one');
    writeFileAtomic(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(readdirSync(d)).toEqual(['out.json']);
    // the target is a folder: the rename fails after the temp file was written
    mkdirSync(join(d, 'taken'));
    let err: unknown;
    try {
      writeFileAtomic(join(d, 'taken'), 'three');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect(err).toMatchObject({ exitCode: 1, message: `${join(d, 'taken')}: cannot write (EISDIR)` });
    expect(readdirSync(d).sort()).toEqual(['out.json', 'taken']);
    expect(readdirSync(join(d, 'taken'))).toEqual([]);
  });
});

describe('renderError', () => {
  it('reader errors become `<file>: <place>: <problem>` lines, exit 2, even when no command caught them', () => {
    expect(renderError(new KittiFormatError('label_2/000001.txt', 'expected 15 columns, found 14', 2))).toEqual({ text: 'label_2/000001.txt: line 2: expected 15 columns, found 14\n', exitCode: 2 });
    expect(renderError(new KittiFormatError('calib/000001.txt', 'missing required calibration key', undefined, 'Tr_velo_to_cam'))).toEqual({ text: 'calib/000001.txt: Tr_velo_to_cam: missing required calibration key\n', exitCode: 2 });
    const schema = new SceneValidationError('s.json', [{ path: '$.objects["3"].type', message: 'expected string' }, { path: '$.id', message: 'required' }]);
    expect(renderError(schema)).toEqual({ text: 's.json: $.objects["3"].type: expected string\ns.json: $.id: required\n', exitCode: 2 });
  });

  it('usage errors read `cli: …`; an unexpected error is `cli: …`, exit 1', () => {
    expect(renderError(usageError('unknown option --x'))).toEqual({ text: 'cli: unknown option --x\n', exitCode: 2 });
    expect(renderError(new TypeError('x is undefined'))).toEqual({ text: 'cli: TypeError: x is undefined\n', exitCode: 1 });
  });

  it('caps the number of lines and their length, and escapes what a terminal would act on', () => {
    const many = new SceneValidationError('s.json', Array.from({ length: 50 }, (_, i) => ({ path: `$.a[${i}]`, message: 'bad' })));
    const lines = renderError(many).text.trimEnd().split('\n');
    expect(lines).toHaveLength(MAX_LINES + 1);
    expect(lines.at(-1)).toBe(`… ${50 - MAX_LINES} more`);
    expect(clean('a\u001b[31mb\ufffd\u202ec')).toBe('a\\u001b[31mb\\ufffd\\u202ec');
    expect(clean('x'.repeat(1000))).toBe(`${'x'.repeat(MAX_LINE)}… (${1000 - MAX_LINE} more characters)`);
  });
});
