/**
 * `import nuscenes <dir> --out scene.json [--scene NAME|TOKEN] [--version v1.0-mini] [--base-uri PREFIX]`:
 * a folder holding nuScenes JSON tables (`<dir>/<version>/<table>.json`, or the version folder
 * itself) into a validated scene document. Only files named like a table are read.
 *
 * - Sample URIs: the tables' filenames are relative to the dataroot (the folder above the version
 *   folder); they are written relative to the output file's folder unless --base-uri is given.
 * - Errors name the file (as found under <dir>) and the JSON path or line, exit 2 for unreadable or
 *   malformed tables, 1 when the imported scene fails validation; nothing is written on failure (the
 *   output is written atomically after the whole import and validation succeeded).
 */
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findNuScenesTableFiles, NUSCENES_TABLES, NuScenesTablesError, readNuScenesTableFiles } from '../../core/formats/nuscenes';
import { serializeScene, validateScene, annotationCount } from '../../core/schema';
import { listFiles } from './listFiles';
import { CliError, EXIT, fileError, flagString, info, printJson, writeFileAtomic } from '../io';
import { parseJsonText, readTextFile } from './textInput';

const TABLE_FILES = new Set(NUSCENES_TABLES.map((t) => `${t}.json`));

export function importNuScenesDir(dir: string, flags: Record<string, string | true>, out: string): number {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw fileError(dir, 'no such folder');
  }
  if (!st.isDirectory()) throw fileError(dir, 'not a folder (expected nuScenes tables: <version>/sample.json, sample_data.json, …)');
  const version = flagString(flags, 'version');
  let read = new Set<string>();
  let files: { path: string; text: string }[] = [];
  try {
    const paths = listFiles(dir, (name) => TABLE_FILES.has(name));
    const found = findNuScenesTableFiles(paths, version);
    read = new Set(found.values());
    files = [...found.values()].map((p) => ({ path: p, text: readTextFile(join(dir, p)) }));
    // dataroot: the folder above the one holding sample_data.json
    const sdPath = found.get('sample_data');
    const dataroot = resolve(dir, sdPath ? dirname(sdPath) : '.', '..');
    const baseUri = flagString(flags, 'base-uri') ?? relative(dirname(resolve(out)), dataroot).split(sep).join('/');
    const { scene, warnings } = readNuScenesTableFiles(files, dir, { scene: flagString(flags, 'scene'), version, baseUri });
    const text = serializeScene(scene);
    const check = validateScene(JSON.parse(text));
    if (!check.ok) throw new CliError(`${out}: the imported scene does not validate (importer bug): ${check.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, EXIT.failed);
    writeFileAtomic(out, text);
    for (const w of warnings) info(`warning: ${w}`);
    printJson({
      out,
      objects: Object.keys(scene.objects).length,
      annotations: annotationCount(scene),
      samples: scene.streams.reduce((n, s) => n + s.samples.length, 0),
      warnings,
    });
    return 0;
  } catch (e) {
    if (e instanceof NuScenesTablesError) {
      // paths in core errors are relative to <dir>; name them as given on the command line
      const m = /^([^:]+\.json): /.exec(e.message);
      const bad = m && /^invalid JSON/.test(e.message.slice(m[0].length)) ? files.find((f) => f.path === m[1]) : undefined;
      if (bad) parseJsonText(bad.text, join(dir, bad.path)); // throws the located syntax error
      throw new CliError(m && read.has(m[1]) ? join(dir, m[1]) + e.message.slice(m[1].length) : e.message, EXIT.input);
    }
    throw e;
  }
}
