/**
 * OpenLABEL master frames → Crosslabel samples, one per (stream, frame) where the stream appears.
 * A stream appears in a frame when the frame lists it in `frame_properties.streams`; a stream no
 * frame lists appears in every frame. Time `t` (scene seconds) comes from the stream's
 * `sync.timestamp`, else `frame_properties.timestamp`, else the master index (with a warning).
 * Numeric timestamps are seconds; strings are ISO 8601 (a missing zone is read as UTC).
 * Per-frame `transforms` override the calibration of the samples of that frame.
 */
import type { Sample, Transform } from '../../schema';
import { jsonPath } from '../../schema';
import { OpenLabelPathError, transformDataToRepr } from './geometry';
import { isRec, parseIntrinsics, safeFrame, type ImportedSensor } from './importSensors';

type Rec = Record<string, unknown>;

/** Timestamp (number = seconds, string = ISO 8601) → seconds. */
export function parseTimestamp(v: unknown, path: string): { t: number; original?: Sample['original'] } {
  if (typeof v === 'number' && Number.isFinite(v)) return { t: v };
  if (typeof v === 'string') {
    const iso = v.trim().replace(' ', 'T');
    const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
    if (Number.isFinite(ms)) return { t: ms / 1000, original: { value: v, unit: 'iso8601' } };
  }
  throw new OpenLabelPathError(path, `timestamp ${JSON.stringify(v)} is neither a number (seconds) nor an ISO 8601 string`);
}

export interface ImportedFrames {
  /** sensor id → samples (ordered by time). */
  samples: Map<string, Sample[]>;
  /** sensor id → master frame index → sample id. */
  sampleAt: Map<string, Map<number, string>>;
  frameIndices: number[];
}

export function importFrames(ol: Rec, sensors: ImportedSensor[], warn: (m: string) => void): ImportedFrames {
  const frames = isRec(ol.frames) ? ol.frames : {};
  const frameIndices = Object.keys(frames)
    .map(Number)
    .sort((a, b) => a - b);
  const listed = new Set<string>();
  for (const f of Object.values(frames)) if (isRec(f) && isRec(f.frame_properties) && isRec(f.frame_properties.streams)) for (const s of Object.keys(f.frame_properties.streams)) listed.add(s);
  const samples = new Map<string, Sample[]>();
  const sampleAt = new Map<string, Map<number, string>>();
  let untimed = 0;
  let orphanTransforms = 0;
  let transposed = 0;
  for (const fi of frameIndices) {
    const f = frames[String(fi)];
    if (!isRec(f)) throw new OpenLabelPathError(jsonPath(['openlabel', 'frames', String(fi)]), 'a frame must be an object');
    const fp = isRec(f.frame_properties) ? f.frame_properties : {};
    const fpath = ['openlabel', 'frames', String(fi), 'frame_properties'];
    const fStreams = isRec(fp.streams) ? fp.streams : {};
    const frameTs = fp.timestamp !== undefined ? parseTimestamp(fp.timestamp, jsonPath([...fpath, 'timestamp'])) : undefined;
    const inFrame: { s: ImportedSensor; sample: Sample }[] = [];
    for (const s of sensors) {
      const entry = fStreams[s.stream];
      if (listed.has(s.stream) && entry === undefined) continue;
      const sp = isRec(entry) && isRec(entry.stream_properties) ? entry.stream_properties : {};
      const sync = isRec(sp.sync) ? sp.sync : {};
      const extra = isRec(sp.crosslabel_sample) ? sp.crosslabel_sample : {};
      const spPath = jsonPath([...fpath, 'streams', s.stream, 'stream_properties']);
      let ts = sync.timestamp !== undefined ? parseTimestamp(sync.timestamp, `${spPath}.sync.timestamp`) : frameTs;
      if (!ts) {
        untimed++;
        ts = { t: fi, original: { value: fi, unit: 'frame-index' } };
      }
      const sample: Sample = { id: typeof extra.id === 'string' ? extra.id : `${s.stream}/${fi}`, t: ts.t };
      for (const k of ['uri', 'blob', 'frame'] as const) if (typeof extra[k] === 'string') sample[k] = extra[k] as string;
      if (extra.frame === undefined && !isRec(sp.crosslabel_sample)) sample.frame = String(fi);
      if (typeof extra.duration === 'number') sample.duration = extra.duration;
      if (isRec(extra.original)) sample.original = extra.original as Sample['original'];
      else if (ts.original) sample.original = ts.original;
      if (isRec(extra.metadata)) sample.metadata = extra.metadata;
      if (s.sensor.kind === 'camera') {
        const k = parseIntrinsics(sp, spPath);
        if (k && 'intrinsics' in k) sample.intrinsics = k.intrinsics;
        else if (k) warn(`frame ${fi}, stream ${s.stream}: ${k.unsupported}; per-frame intrinsics not imported`);
      }
      inFrame.push({ s, sample });
    }
    if (isRec(fp.transforms)) {
      for (const [tn, raw] of Object.entries(fp.transforms)) {
        const t = raw as Rec;
        const repr = transformDataToRepr(t.transform_src_to_dst, jsonPath([...fpath, 'transforms', tn, 'transform_src_to_dst']), () => transposed++);
        const tr: Transform = { from: safeFrame(String(t.src)), to: safeFrame(String(t.dst)), repr };
        const targets = inFrame.filter(({ s }) => (typeof t.crosslabel_stream === 'string' ? s.stream === t.crosslabel_stream : s.sensor.kind === 'camera' || s.sensor.kind === 'lidar'));
        if (!targets.length) orphanTransforms++;
        for (const { sample } of targets) (sample.transforms ??= []).push(tr);
      }
    }
    for (const { s, sample } of inFrame) {
      const list = samples.get(s.sensor.id) ?? [];
      list.push(sample);
      samples.set(s.sensor.id, list);
      const m = sampleAt.get(s.sensor.id) ?? new Map<number, string>();
      m.set(fi, sample.id);
      sampleAt.set(s.sensor.id, m);
    }
  }
  if (untimed) warn(`${untimed} samples have no timestamp: t = master frame index (seconds), original unit "frame-index"`);
  if (transposed) warn(`${transposed} per-frame transforms (transform_src_to_dst.matrix4x4) were read column-major: their last row holds the translation and their last column is [0, 0, 0, 1], the transpose of the spec's row-major layout`);
  if (orphanTransforms) warn(`${orphanTransforms} per-frame transforms belong to frames without camera or LiDAR samples; not imported`);
  for (const list of samples.values()) list.sort((a, b) => a.t - b.t);
  return { samples, sampleAt, frameIndices };
}
