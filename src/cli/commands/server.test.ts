/**
 * CLI `server`: the real CLI (a child process) against an in-process server (startServer on port 0,
 * PGlite in a temp data folder). A project is created, a scene with a PNG uploaded with its media,
 * tasks moved through review, and the project's accepted scenes exported as bundles.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestScene } from '../../core/commands/testScene';
import { readBundleText } from '../../core/formats/bundle/bundle';
import { defaultConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/main';
import { signIn, type ApiSession } from '../../server/ops/client';

// A 1×1 PNG (the media route checks the bytes agree with the .png name).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PNG_SHA = createHash('sha256').update(PNG).digest('hex');

const dir = mkdtempSync(join(tmpdir(), 'server-cli-'));
let server: RunningServer;
let boss: ApiSession;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
/** Async (spawnSync would block the in-process server this CLI talks to). */
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<Run> =>
  new Promise((resolve) => {
    execFile('npx', ['tsx', 'src/cli/main.ts', 'server', ...args], { env: { ...process.env, CROSSLABEL_SERVER: server.url, CROSSLABEL_USER: 'boss', CROSSLABEL_PASSWORD: 'boss-password', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

beforeAll(async () => {
  server = await startServer(
    defaultConfig({ port: 0, dataDir: join(dir, 'data'), admin: { name: 'boss', password: 'boss-password' }, passwordCost: { memoryCost: 1024, timeCost: 1, parallelism: 1 } }),
  );
  boss = await signIn(server.url, 'boss', 'boss-password');
  for (const name of ['ann', 'rev']) await boss.request('POST', '/api/users', { name, password: `${name}-password` });
  mkdirSync(join(dir, 'media', 'img'), { recursive: true });
  writeFileSync(join(dir, 'media', 'img', 'c0.png'), PNG);
  const scene = makeTestScene();
  scene.streams[0].samples[0].uri = 'img/c0.png';
  writeFileSync(join(dir, 'scene.json'), JSON.stringify(scene));
  const missing = makeTestScene();
  missing.streams[0].samples[0].uri = 'img/nope.png';
  writeFileSync(join(dir, 'missing.json'), JSON.stringify(missing));
}, 60_000);

afterAll(async () => {
  await server?.close(100);
  rmSync(dir, { recursive: true, force: true });
});

describe('crosslabel server', () => {
  it('creates a project, uploads a scene with its media, exports only the accepted scenes as bundles', async () => {
    const created = await cli(['create-project', 'Street 2026']);
    expect(created.stderr).toMatch(/created project "Street 2026"/);
    expect(created.code).toBe(0);
    const projectId = (JSON.parse(created.stdout) as { project: { id: string; name: string } }).project.id;
    await boss.request('POST', `/api/projects/${projectId}/members`, { name: 'ann', role: 'annotator' });
    await boss.request('POST', `/api/projects/${projectId}/members`, { name: 'rev', role: 'reviewer' });

    // by name, media from --media
    const up = await cli(['upload-scene', 'Street 2026', join(dir, 'scene.json'), '--media', join(dir, 'media'), '--name', 'first']);
    expect(up.code, up.stderr).toBe(0);
    const upOut = JSON.parse(up.stdout) as { scene: { id: string; revision: number }; media: { uri: string; url: string; sha256: string; created: boolean }[] };
    expect(upOut.media).toEqual([{ uri: 'img/c0.png', url: `/api/projects/${projectId}/media/${PNG_SHA}`, sha256: PNG_SHA, created: true }]);
    expect(upOut.scene.revision).toBe(0);
    // the stored scene points at the server's media URL, which serves the same bytes
    const stored = await boss.request<{ scene: ReturnType<typeof makeTestScene> }>('GET', `/api/scenes/${upOut.scene.id}`);
    expect(stored.scene.streams[0].samples[0].uri).toBe(upOut.media[0].url);
    const bytes = Buffer.from(await (await boss.raw('GET', upOut.media[0].url)).arrayBuffer());
    expect(bytes.equals(PNG)).toBe(true);

    // a second scene (by id; the same PNG is already there), whose task is never accepted
    const up2 = await cli(['upload-scene', projectId, join(dir, 'scene.json'), '--media', join(dir, 'media'), '--name', 'second']);
    expect(up2.code, up2.stderr).toBe(0);
    const second = JSON.parse(up2.stdout) as { scene: { id: string }; media: { created: boolean }[] };
    expect(second.media[0].created).toBe(false);

    const ann = await signIn(server.url, 'ann', 'ann-password');
    const rev = await signIn(server.url, 'rev', 'rev-password');
    const taskOf = async (sceneId: string) =>
      (await boss.request<{ task: { id: string } }>('POST', `/api/projects/${projectId}/tasks`, { sceneId, assignee: ann.user.id })).task.id;
    const t1 = await taskOf(upOut.scene.id);
    const t2 = await taskOf(second.scene.id);
    for (const t of [t1, t2]) for (const to of ['in_progress', 'submitted']) await ann.request('POST', `/api/tasks/${t}/transition`, { to });
    await rev.request('POST', `/api/tasks/${t1}/transition`, { to: 'in_review' });
    await rev.request('POST', `/api/tasks/${t1}/transition`, { to: 'accepted' });

    const outDir = join(dir, 'export');
    const ex = await cli(['export', 'Street 2026', '--out', outDir]);
    expect(ex.code, ex.stderr).toBe(0);
    const exOut = JSON.parse(ex.stdout) as { files: { sceneId: string; file: string; tasks: string[]; hashed: number }[] };
    expect(exOut.files.map((f) => [f.sceneId, f.tasks, f.hashed])).toEqual([[upOut.scene.id, [t1], 1]]);
    expect(readdirSync(outDir)).toEqual([exOut.files[0].file.slice(outDir.length + 1)]);
    const bundle = readBundleText(readFileSync(exOut.files[0].file, 'utf8'), exOut.files[0].file);
    expect(bundle.media).toEqual([{ uri: upOut.media[0].url, sha256: PNG_SHA, bytes: PNG.length, usedBy: ['cam:c0'] }]);
    expect(Object.keys(bundle.scene.objects).sort()).toEqual(Object.keys(makeTestScene().objects).sort());
  }, 120_000);

  it('exits 2 for bad usage, a missing credential or a missing media file; 1 when the server refuses', async () => {
    const usage = await cli(['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^cli: usage: crosslabel server/);
    const noUser = await cli(['create-project', 'X'], { CROSSLABEL_USER: '' });
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toMatch(/--user and --password/);
    const missing = await cli(['upload-scene', 'Street 2026', join(dir, 'missing.json'), '--media', join(dir, 'media')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.json: sample media "img\/nope\.png" not found/);
    const unreadable = await cli(['upload-scene', 'Street 2026', join(dir, 'nope.json')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/nope\.json: no such file\n$/);
    const option = await cli(['create-project', 'X', '--colour', 'red']);
    expect([option.code, option.stderr]).toEqual([2, 'cli: unknown option --colour\n']);
    const wrong = await cli(['create-project', 'X'], { CROSSLABEL_PASSWORD: 'wrong' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/sign-in as "boss" .* failed \(401\): wrong user name or password/);
    const noProject = await cli(['export', 'No such project', '--out', join(dir, 'x')]);
    expect(noProject.code).toBe(1);
    expect(noProject.stderr).toMatch(/no project "No such project"/);
  }, 120_000);
});
