/**
 * `export <scene.json> --to FORMAT --out PATH [--sensor ID] [--file-id ID]`: the scene written by
 * the same exporter registry the workbench uses (src/core/formats/exchange). Single-file formats
 * write PATH; folder formats (KITTI label_2/…) write their files under the folder PATH; per-sensor
 * formats (COCO, MOT per camera; RTTM, WebVTT per audio/video sensor) export `--sensor` (default
 * the first suitable sensor) to PATH. Everything is rendered and validated before the first write,
 * each file written atomically; what the format cannot hold is listed in the printed summary and
 * on stderr. Bundle media URIs are resolved relative to the scene file and hashed when readable.
 * `--version` names the nuScenes version folder; `--sequence` names a KITTI tracking file (label_02/<sequence>.txt). Prints {out, format, sensor?, files?, summary, notes}.
 * Exit 0 written, 1 the format refuses the scene or a write fails, 2 bad usage or an unreadable / invalid scene.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, exportScene, exportSensors, ExportError, type ExportFormat } from '../../core/formats/exchange';
import { CliError, EXIT, readSceneFile, flagString, info, parseArgs, printJson, usageError, writeFileAtomic, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: `Export a scene as ${EXPORT_FORMATS.map((f) => EXPORT_FORMAT_INFO[f].label).join(', ')}`,
  usage:
    `crosslabel export <scene.json> --to ${EXPORT_FORMATS.join('|')} --out PATH [--sensor ID] [--file-id ID] [--sequence 0003] [--version v1.0-mini]\n` +
    EXPORT_FORMATS.map((f) => `  ${f}: ${EXPORT_FORMAT_INFO[f].description}${EXPORT_FORMAT_INFO[f].folder ? ' (PATH is a folder)' : ''}`).join('\n') +
    '\n  per-sensor formats export --sensor (default the first suitable sensor)\n  prints {out, format, sensor?, files?, summary}',
  async run(args) {
    const { positionals, flags } = parseArgs(args, [], ['to', 'out', 'sensor', 'file-id', 'sequence', 'version']);
    const to = flagString(flags, 'to') as ExportFormat | undefined;
    const out = flagString(flags, 'out');
    if (positionals.length !== 1 || !out || !to) throw usageError(`usage: ${this.usage}`);
    if (!EXPORT_FORMATS.includes(to)) throw usageError(`unknown export format "${to}" (formats: ${EXPORT_FORMATS.join(', ')})`);
    const scene = readSceneFile(positionals[0]);
    const info_ = EXPORT_FORMAT_INFO[to];
    const base = dirname(resolve(positionals[0]));
    const readMedia = async (uri: string): Promise<Uint8Array | null> => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('file:')) return null;
      const p = uri.startsWith('file:') ? new URL(uri).pathname : isAbsolute(uri) ? uri : resolve(base, uri);
      try {
        return new Uint8Array(readFileSync(p));
      } catch {
        return null;
      }
    };
    let result;
    try {
      const wanted = flagString(flags, 'sensor');
      // per-sensor formats: one sensor to PATH; KITTI tracking: --sensor picks its camera
      const sensors = info_.perSensor ? exportSensors(scene, to, wanted ? [wanted] : undefined).slice(0, 1) : wanted ? [wanted] : undefined;
      result = await exportScene(scene, to, { sensors, fileId: flagString(flags, 'file-id'), sequence: flagString(flags, 'sequence'), version: flagString(flags, 'version'), readMedia, createdAt: new Date().toISOString() });
    } catch (e) {
      if (e instanceof ExportError) throw new CliError(`${positionals[0]}: ${e.message}`, EXIT.failed);
      throw e;
    }
    for (const n of result.notes) info(n);
    for (const d of result.summary.dropped) info(`not in ${to}: ${d.count} × ${d.what} — ${d.reason}`);
    if (info_.folder) {
      for (const f of result.files) writeFileAtomic(join(out, ...f.path.split('/')), f.text);
      printJson({ out, format: to, files: result.files.map((f) => f.path), summary: result.summary, notes: result.notes });
    } else {
      writeFileAtomic(out, result.files[0].text);
      printJson({ out, format: to, ...(result.files[0].sensor ? { sensor: result.files[0].sensor } : {}), summary: result.summary, notes: result.notes });
    }
    return 0;
  },
};
