/**
 * A dropped folder (or a CLI directory listing) of nuScenes tables → a scene. Finds
 * `<anything>/<version>/<table>.json` by table name among the given paths (e.g.
 * `v1.0-mini/sample_annotation.json`), parses each with an error naming the file on invalid JSON,
 * and calls importNuScenesTables. No file system access here: callers pass the texts.
 *
 * When several folders hold the same table (two versions side by side), `version` picks the folder
 * name; without it that is an error naming both paths.
 */
import type { Scene } from '../../schema';
import { importNuScenesTables, type NuScenesImportOptions } from './importTables';
import { NUSCENES_TABLES, NuScenesTablesError, type NuScenesTableName } from './tables';

export interface TableFile {
  /** Path relative to the dropped folder, '/' separators. */
  path: string;
  text: string;
}

const TABLE_NAMES = new Set<string>(NUSCENES_TABLES);

/** The table files among `paths` (name → path), or an error when a table appears in two folders. */
export function findNuScenesTableFiles(paths: readonly string[], version?: string): Map<NuScenesTableName, string> {
  const found = new Map<NuScenesTableName, string>();
  for (const p of paths) {
    const parts = p.split('/');
    const m = /^(.+)\.json$/.exec(parts[parts.length - 1]);
    if (!m || !TABLE_NAMES.has(m[1])) continue;
    if (version !== undefined && parts[parts.length - 2] !== version) continue;
    const name = m[1] as NuScenesTableName;
    const prev = found.get(name);
    if (prev !== undefined) throw new NuScenesTablesError(`${name}.json found twice (${prev} and ${p}); pass the version folder to use`);
    found.set(name, p);
  }
  return found;
}

export function readNuScenesTableFiles(files: readonly TableFile[], source: string, opts: NuScenesImportOptions & { version?: string } = {}): { scene: Scene; warnings: string[]; files: string[] } {
  const found = findNuScenesTableFiles(files.map((f) => f.path), opts.version);
  if (!found.has('sample_data') || !found.has('sample')) {
    throw new NuScenesTablesError(`${source}: no nuScenes tables found (expected <version>/sample.json, sample_data.json, calibrated_sensor.json, sensor.json, ego_pose.json${found.size ? `; found ${[...found.values()].join(', ')}` : ''})`);
  }
  const byPath = new Map(files.map((f) => [f.path, f.text]));
  const tables: Partial<Record<NuScenesTableName, unknown>> = {};
  for (const [name, path] of found) {
    try {
      tables[name] = JSON.parse(byPath.get(path)!);
    } catch (e) {
      throw new NuScenesTablesError(`${path}: invalid JSON (${(e as Error).message})`);
    }
  }
  const dir = found.get('sample_data')!.split('/').slice(0, -1).join('/');
  try {
    const { scene, warnings } = importNuScenesTables(tables, source, opts);
    return { scene, warnings, files: [...found.values()].sort() };
  } catch (e) {
    // the core names `<table>.json`; re-anchor it at the path it was read from
    if (e instanceof NuScenesTablesError && dir) {
      const m = /^([a-z_]+\.json): /.exec(e.message);
      if (m && found.has(m[1].slice(0, -5) as NuScenesTableName)) throw new NuScenesTablesError(`${found.get(m[1].slice(0, -5) as NuScenesTableName)}: ${e.message.slice(m[0].length)}`);
    }
    throw e;
  }
}
