/**
 * `export <scene.json> --to openlabel|bundle|coco|mot|rttm|vtt --out PATH [--sensor ID] [--file-id ID]`:
 * COCO and MOT are per camera, RTTM and WebVTT per audio/video sensor (`--sensor`, default the
 * first suitable one); what a format cannot hold is listed in the summary and on stderr.
 * Write the scene as ASAM OpenLABEL 1.0
 * (validated against the official schema plus the extra checks before writing; an invalid result
 * is refused) or as a Crosslabel bundle (scene + media manifest; media URIs are resolved relative to
 * the scene file and hashed when readable). Writes atomically; prints {out, format, summary}.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { writeBundle } from '../../core/formats/bundle';
import { exportCoco, validateCoco } from '../../core/formats/coco';
import { exportKittiLabels } from '../../core/formats/kitti';
import { exportMot } from '../../core/formats/mot';
import { exportOpenLabel, validateOpenLabel, type ExportSummary } from '../../core/formats/openlabel';
import { exportRttm } from '../../core/formats/rttm';
import { exportVtt } from '../../core/formats/vtt';
import { CliError, readSceneFile, flagString, info, parseArgs, printJson, writeFileAtomic, type CliCommand } from '../io';


export const command: CliCommand = {
  summary: 'Export a scene as OpenLABEL 1.0, a Crosslabel bundle, COCO, MOT, RTTM or WebVTT',
  usage:
    'crosslabel export <scene.json> --to openlabel|bundle|kitti|coco|mot|rttm|vtt --out PATH [--sensor ID] [--file-id ID]\n' +
    '  kitti: PATH is a folder; writes label_2/<frame>.txt per frame\n' +
    '  coco/mot: one camera (--sensor, default the first camera); rttm/vtt: one audio or video sensor\n' +
    '  prints {out, format, summary}',
  async run(args) {
    const { positionals, flags } = parseArgs(args);
    const to = flagString(flags, 'to');
    const out = flagString(flags, 'out');
    const formats = ['openlabel', 'bundle', 'kitti', 'coco', 'mot', 'rttm', 'vtt'];
    if (positionals.length !== 1 || !out || !to || !formats.includes(to)) throw new CliError(`usage: ${this.usage}`, 2);
    const scene = readSceneFile(positionals[0], 1);
    if (to === 'kitti') {
      // KITTI object labels: PATH is a folder; one label_2/<frame>.txt per frame label of the scene
      const frames = [...new Set(scene.streams.flatMap((st) => st.samples.map((x) => x.frame)).filter((f): f is string => !!f))].sort();
      if (!frames.length) throw new CliError(`${positionals[0]}: no sample carries a frame label to name the KITTI label files by`);
      const texts = frames.map((f) => [f, exportKittiLabels(scene, f)] as const); // all or nothing: render everything first
      for (const [f, text] of texts) writeFileAtomic(join(out, 'label_2', `${f}.txt`), text);
      const kinds = new Set(Object.values(scene.annotations).map((a) => a.kind));
      const dropped = [...kinds].filter((k) => k !== 'cuboid' && k !== 'box2d').map((k) => ({ what: k, count: Object.values(scene.annotations).filter((a) => a.kind === k).length, reason: 'KITTI object labels hold 2D boxes and 3D boxes only' }));
      for (const d of dropped) info(`not in kitti: ${d.count} × ${d.what} — ${d.reason}`);
      printJson({ out, format: 'kitti', summary: { written: { frames: frames.length, rows: texts.reduce((n, [, t]) => n + t.split('\n').filter(Boolean).length, 0) }, dropped } });
      return 0;
    }
    if (to === 'coco' || to === 'mot' || to === 'rttm' || to === 'vtt') {
      const kinds = to === 'coco' || to === 'mot' ? ['camera'] : ['audio', 'video'];
      const wanted = flagString(flags, 'sensor');
      const sensor = scene.sensors.find((x) => (wanted ? x.id === wanted : kinds.includes(x.kind)));
      if (!sensor || !kinds.includes(sensor.kind)) throw new CliError(`${positionals[0]}: no ${kinds.join(' or ')} sensor${wanted ? ` "${wanted}"` : ''} to export as ${to}`);
      let text: string;
      let summary: ExportSummary;
      if (to === 'coco') {
        const r = exportCoco(scene, sensor.id);
        validateCoco(r.json, out);
        text = JSON.stringify(r.json) + '\n';
        summary = r.summary;
      } else if (to === 'mot') ({ text, summary } = exportMot(scene, sensor.id));
      else if (to === 'rttm') ({ text, summary } = exportRttm(scene, sensor.id, flagString(flags, 'file-id') ?? sensor.id));
      else ({ text, summary } = exportVtt(scene, sensor.id));
      for (const d of summary.dropped) info(`not in ${to}: ${d.count} × ${d.what} — ${d.reason}`);
      writeFileAtomic(out, text);
      printJson({ out, format: to, sensor: sensor.id, summary });
      return 0;
    }
    if (to === 'openlabel') {
      const { json, summary } = exportOpenLabel(scene);
      const check = validateOpenLabel(json);
      if (!check.valid) throw new CliError(`refusing to write an invalid OpenLABEL file ${out}:\n` + check.errors.slice(0, 20).map((e) => `  ${e.path}: ${e.message}`).join('\n'));
      for (const d of summary.dropped) info(`not in OpenLABEL: ${d.count} × ${d.what} — ${d.reason}`);
      writeFileAtomic(out, JSON.stringify(json, null, 2) + '\n');
      printJson({ out, format: 'openlabel', summary });
      return 0;
    }
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
    const bundle = await writeBundle(scene, readMedia, new Date().toISOString());
    const hashed = bundle.media.filter((m) => m.sha256).length;
    writeFileAtomic(out, JSON.stringify(bundle, null, 2) + '\n');
    printJson({ out, format: 'bundle', summary: { written: { media: bundle.media.length, hashed, objects: Object.keys(scene.objects).length, annotations: Object.keys(scene.annotations).length }, dropped: [] } });
    return 0;
  },
};
