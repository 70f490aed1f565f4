/**
 * `server <subcommand>`: a team server (src/server) driven from pipelines, over HTTP with a session.
 *   server create-project NAME                         → {project}
 *   server upload-scene PROJECT scene.json [--media DIR] [--name N]
 *       uploads the media first (each sample uri that is a local path, resolved under DIR, default the
 *       scene file's folder), rewrites those uris to the server's media URLs, then uploads the scene
 *       → {scene, media: [{uri, url, sha256, created}]}
 *   server export PROJECT --out DIR
 *       every scene with an accepted task, as a Crosslabel bundle (core's bundle exporter; media hashed
 *       from the server), one file per scene written atomically → {out, files: [{sceneId, file, tasks}]}
 * PROJECT is a project id or the exact name of one of my projects.
 * Session: --user / CROSSLABEL_USER, --password / CROSSLABEL_PASSWORD (prefer the variable: flags
 * show in the process list), --url / CROSSLABEL_SERVER (default http://127.0.0.1:8787).
 * JSON on stdout, messages on stderr; exit 0 done, 1 failed (the server refused, unreachable),
 * 2 bad usage or an unreadable / invalid input file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { exportScene, sceneStem } from '../../core/formats/exchange';
import { mediaOf } from '../../core/formats/bundle/bundle';
import type { Scene } from '../../core/schema';
import { ApiError, signIn, type ApiSession } from '../../server/ops/client';
import { CliError, EXIT, fileError, flagString, info, parseArgs, printJson, readSceneFile, usageError, writeFileAtomic, type CliCommand } from '../io';

const USAGE = `crosslabel server <subcommand> [--url URL] [--user NAME] [--password PW]
  create-project NAME
  upload-scene PROJECT scene.json [--media DIR] [--name NAME]
  export PROJECT --out DIR
  session from --user/--password or CROSSLABEL_USER/CROSSLABEL_PASSWORD; server from --url or
  CROSSLABEL_SERVER (default http://127.0.0.1:8787); PROJECT is a project id or name`;

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

type Flags = Record<string, string | true>;

async function session(flags: Flags): Promise<ApiSession> {
  const url = flagString(flags, 'url') ?? process.env.CROSSLABEL_SERVER ?? DEFAULT_SERVER_URL;
  const user = flagString(flags, 'user') ?? process.env.CROSSLABEL_USER;
  const password = flagString(flags, 'password') ?? process.env.CROSSLABEL_PASSWORD;
  if (!user || !password) throw usageError('server: sign-in needs --user and --password (or CROSSLABEL_USER and CROSSLABEL_PASSWORD)');
  try {
    return await signIn(url, user, password);
  } catch (e) {
    if (e instanceof Error && /not (an http\(s\) )?URL|is not a URL/.test(e.message)) throw usageError(`server: --url ${e.message}`);
    throw new CliError(`server: ${(e as Error).message}`);
  }
}

interface ProjectInfo {
  id: string;
  name: string;
}

/** The project named by id or by exact name among my projects. */
async function findProject(s: ApiSession, ref: string): Promise<ProjectInfo> {
  const { projects } = await s.request<{ projects: ProjectInfo[] }>('GET', '/api/projects');
  const byId = projects.find((p) => p.id === ref);
  if (byId) return byId;
  const named = projects.filter((p) => p.name === ref);
  if (named.length === 1) return named[0];
  if (named.length > 1) throw new CliError(`server: ${named.length} of your projects are named "${ref}"; pass the id (${named.map((p) => p.id).join(', ')})`);
  throw new CliError(`server: no project "${ref}" among yours at ${s.baseUrl} (by id or name)`);
}

const isUrl = (uri: string) => /^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('file:');

async function createProject(flags: Flags, positionals: string[]): Promise<number> {
  if (positionals.length !== 1 || !positionals[0].trim()) throw usageError(`usage: crosslabel server create-project NAME`);
  const s = await session(flags);
  const out = await s.request<{ project: ProjectInfo }>('POST', '/api/projects', { name: positionals[0] });
  info(`created project "${out.project.name}" (${out.project.id}) at ${s.baseUrl}`);
  printJson(out);
  return 0;
}

interface MediaRecord {
  sha256: string;
  url: string;
  created: boolean;
}

async function uploadScene(flags: Flags, positionals: string[]): Promise<number> {
  if (positionals.length !== 2) throw usageError('usage: crosslabel server upload-scene PROJECT scene.json [--media DIR] [--name NAME]');
  const [projectRef, file] = positionals;
  const scene = readSceneFile(file);
  const mediaDir = resolve(flagString(flags, 'media') ?? dirname(resolve(file)));
  if (!existsSync(mediaDir) || !statSync(mediaDir).isDirectory()) throw fileError(mediaDir, 'not a folder (--media)');
  // Check every local medium before anything is uploaded: a missing file fails the whole command.
  const local = new Map<string, string>();
  for (const uri of mediaOf(scene).keys()) {
    if (isUrl(uri)) continue;
    const p = uri.startsWith('file:') ? new URL(uri).pathname : isAbsolute(uri) ? uri : join(mediaDir, uri);
    if (!existsSync(p)) throw fileError(file, `sample media "${uri}" not found at ${p} (pass --media DIR)`);
    local.set(uri, p);
  }
  const s = await session(flags);
  const project = await findProject(s, projectRef);
  const uploaded: { uri: string; url: string; sha256: string; created: boolean }[] = [];
  const rewrite = new Map<string, string>();
  for (const [uri, p] of local) {
    const bytes = new Uint8Array(readFileSync(p));
    const rec = await s.request<MediaRecord>('POST', `/api/projects/${encodeURIComponent(project.id)}/media?name=${encodeURIComponent(basename(p))}`, bytes, {
      'content-type': 'application/octet-stream',
    });
    info(`${rec.created ? 'uploaded' : 'already there'}: ${uri} (${bytes.byteLength} bytes) → ${rec.url}`);
    uploaded.push({ uri, url: rec.url, sha256: rec.sha256, created: rec.created });
    rewrite.set(uri, rec.url);
  }
  const withUrls: Scene = { ...scene, streams: scene.streams.map((st) => ({ ...st, samples: st.samples.map((x) => (x.uri && rewrite.has(x.uri) ? { ...x, uri: rewrite.get(x.uri)! } : x)) })) };
  const name = flagString(flags, 'name');
  const created = await s.request<Record<string, unknown>>('POST', `/api/projects/${encodeURIComponent(project.id)}/scenes`, { scene: withUrls, ...(name ? { name } : {}) });
  info(`uploaded scene ${file} to project "${project.name}" as ${String(created.id)}`);
  printJson({ scene: created, media: uploaded });
  return 0;
}

async function exportProject(flags: Flags, positionals: string[]): Promise<number> {
  const out = flagString(flags, 'out');
  if (positionals.length !== 1 || !out) throw usageError('usage: crosslabel server export PROJECT --out DIR');
  const s = await session(flags);
  const project = await findProject(s, positionals[0]);
  const { tasks } = await s.request<{ tasks: { id: string; sceneId: string }[] }>('GET', `/api/projects/${encodeURIComponent(project.id)}/tasks?state=accepted`);
  const byScene = new Map<string, string[]>();
  for (const t of tasks) byScene.set(t.sceneId, [...(byScene.get(t.sceneId) ?? []), t.id]);
  // Media served by this server are hashed from it (so the bundle's manifest pins the bytes); others stay unhashed.
  const readMedia = async (uri: string): Promise<Uint8Array | null> => {
    if (!uri.startsWith('/api/')) return null;
    const r = await s.raw('GET', uri);
    return r.ok ? new Uint8Array(await r.arrayBuffer()) : null;
  };
  const files: { sceneId: string; name: string; revision: number; file: string; tasks: string[]; media: number; hashed: number }[] = [];
  // Render every bundle before the first write: a failure leaves nothing half exported.
  const rendered: { path: string; text: string }[] = [];
  for (const [sceneId, taskIds] of byScene) {
    const got = await s.request<{ id: string; name: string; revision: number; scene: Scene }>('GET', `/api/scenes/${encodeURIComponent(sceneId)}`);
    const result = await exportScene(got.scene, 'bundle', { readMedia, createdAt: new Date().toISOString() });
    const path = join(out, `${sceneStem(got.scene)}-${sceneId.slice(0, 8)}.bundle.json`);
    rendered.push({ path, text: result.files[0].text });
    const w = result.summary.written as Record<string, number>;
    files.push({ sceneId, name: got.name, revision: got.revision, file: path, tasks: taskIds, media: w.media ?? 0, hashed: w.hashed ?? 0 });
  }
  for (const r of rendered) writeFileAtomic(r.path, r.text);
  info(`exported ${files.length} scene${files.length === 1 ? '' : 's'} with accepted tasks from "${project.name}" to ${out}`);
  printJson({ out, project: project.id, files });
  return 0;
}

export const command: CliCommand = {
  summary: 'Team server for pipelines: create-project, upload-scene (with media), export accepted scenes as bundles',
  usage: USAGE,
  async run(args) {
    const { positionals, flags } = parseArgs(args, [], ['url', 'user', 'password', 'media', 'name', 'out']);
    const [sub, ...rest] = positionals;
    try {
      switch (sub) {
        case 'create-project':
          return await createProject(flags, rest);
        case 'upload-scene':
          return await uploadScene(flags, rest);
        case 'export':
          return await exportProject(flags, rest);
        default:
          throw usageError(`usage: ${USAGE}`);
      }
    } catch (e) {
      if (e instanceof ApiError) throw new CliError(`server: ${e.message}`, EXIT.failed);
      throw e;
    }
  },
};
