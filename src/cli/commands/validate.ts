/**
 * `validate <scene.json> [--json] [--fail-on error|warning|info] [--settings tolerances.json]`:
 * run every tier-1 cross-modal QA check headless. LiDAR samples whose `uri` is a local path are
 * read (relative to the scene file) on demand for the point-count and frustum checks; samples
 * without a readable cloud are skipped by those checks (listed on stderr).
 * Output: with --json, {file, counts, findings} on stdout; otherwise a summary on stderr.
 * Exit 0 when no finding reaches --fail-on (default error), 1 when one does, 2 for usage errors,
 * an unreadable or invalid scene, a malformed point cloud or bad settings (each named with the
 * line or JSON path: errors.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readJsonFile } from '../lib/textInput';
import { dirname, isAbsolute, resolve } from 'node:path';
import { readPointCloud } from '../../core/formats/pointcloud';
import { atLeast, countBySeverity, DEFAULT_QA_SETTINGS, qaSettings, QaSettings, runChecks, Severity, type PointsInput, type QaInputs } from '../../core/qa';
import { issuesOf, type Scene } from '../../core/schema';
import { CliError, EXIT, fileError, readSceneFile, flagString, info, parseArgs, printJson, usageError, type CliCommand } from '../io';

const USAGE = `crosslabel validate <scene.json> [--json] [--fail-on error|warning|info] [--settings tolerances.json]
  runs the tier-1 QA checks; exit 1 when a finding is at least as severe as --fail-on (default error)`;


function readSettings(file: string | undefined): QaSettings {
  if (file === undefined) return qaSettings();
  const value = readJsonFile(file);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fileError(file, 'QA settings must be a JSON object of tolerances', EXIT.input, '$');
  const r = QaSettings.safeParse({ ...DEFAULT_QA_SETTINGS, ...value });
  if (!r.success) {
    const lines = issuesOf(r.error).map((i) => ({ file, where: i.path, problem: `invalid QA setting: ${i.message}` }));
    throw new CliError(`${file}: invalid QA settings`, EXIT.input, lines);
  }
  return r.data;
}

/** Lazily read clouds of local LiDAR sample URIs, relative to the scene file. */
function cloudLoader(scene: Scene, sceneFile: string, skipped: string[]): QaInputs['cloudOf'] {
  const uris = new Map<string, string>();
  const lidars = new Set(scene.sensors.filter((s) => s.kind === 'lidar').map((s) => s.id));
  for (const st of scene.streams) if (lidars.has(st.sensor)) for (const s of st.samples) if (s.uri && !/^[a-z][a-z0-9+.-]*:/i.test(s.uri)) uris.set(`${st.sensor}\u0000${s.id}`, s.uri);
  const cache = new Map<string, PointsInput | undefined>();
  const base = dirname(resolve(sceneFile));
  return (sensor, sample) => {
    const k = `${sensor}\u0000${sample}`;
    if (cache.has(k)) return cache.get(k);
    const uri = uris.get(k);
    let out: PointsInput | undefined;
    if (uri) {
      const path = isAbsolute(uri) ? uri : resolve(base, uri);
      if (existsSync(path)) {
        try {
          const cloud = readPointCloud(readFileSync(path), path);
          out = { positions: cloud.positions, stride: cloud.stride, origin: cloud.origin };
        } catch (e) {
          // the cloud file is the malformed input (its reader names it and the place); the scene says whose it is
          throw new CliError(`${(e as Error).message} (point cloud of sample "${sample}" in ${sceneFile})`, EXIT.input);
        }
      } else skipped.push(`${sample} (${path} not found)`);
    } else skipped.push(`${sample} (no local uri)`);
    cache.set(k, out);
    return out;
  };
}

export const command: CliCommand = {
  summary: 'Run the tier-1 cross-modal QA checks on a scene; exit non-zero by severity',
  usage: USAGE,
  async run(args) {
    const { positionals, flags } = parseArgs(args, ['json'], ['fail-on', 'settings']);
    if (positionals.length !== 1) throw usageError(`usage: ${USAGE}`);
    const failOnRaw = flagString(flags, 'fail-on') ?? 'error';
    const failOn = Severity.safeParse(failOnRaw);
    if (!failOn.success) throw usageError(`--fail-on must be error, warning or info (got "${failOnRaw}")`);
    const file = positionals[0];
    const settings = readSettings(flagString(flags, 'settings'));
    const scene = readSceneFile(file);
    const skipped: string[] = [];
    const findings = runChecks(scene, settings, { cloudOf: cloudLoader(scene, file, skipped) });
    const counts = countBySeverity(findings);
    const failing = findings.some((f) => atLeast(f.severity, failOn.data));
    if (flags.json === true) printJson({ file, counts, failOn: failOn.data, findings });
    else {
      for (const f of findings) info(`${f.severity.padEnd(7)} ${f.check.padEnd(28)} ${f.message}`);
      info(`${file}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info — ${failing ? `FAIL (--fail-on ${failOn.data})` : 'ok'}`);
    }
    if (skipped.length) info(`LiDAR point checks skipped for ${skipped.length} sample(s): ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}`);
    return failing ? 1 : 0;
  },
};
