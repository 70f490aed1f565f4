/**
 * Export helpers for the frame-independent parts of OpenLABEL: coordinate systems (from sensor
 * extrinsics and scene transforms), streams (with intrinsics) and master frames (with per-stream
 * sync and per-sample calibration overrides). See README.md for the conventions.
 */
import type { CameraIntrinsics, Scene, Sensor, Transform } from '../../schema';
import { invertRepr, reprToTransformData, type Repr } from './geometry';
import type { ExportSummary, JsonObject, OlCoordinateSystem, OlFrame, OlStream } from './types';

const dropped = (s: ExportSummary, what: string, count: number, reason: string): void => {
  if (count > 0) s.dropped.push({ what, count, reason });
};

/** The coordinate-system name of a sensor (its frame), or undefined for sensors without one. */
export const sensorFrame = (s: Sensor): string | undefined => (s.kind === 'camera' || s.kind === 'lidar' ? s.frame : undefined);

/** Pinhole/fisheye intrinsics as OpenLABEL stream properties (keys as Vicomtech's library writes them). */
export function intrinsicsToProps(k: CameraIntrinsics): JsonObject {
  const d = k.distortion;
  if (d.model === 'fisheye') {
    const fish: JsonObject = { width_px: k.width, height_px: k.height, focal_length_x: k.fx, focal_length_y: k.fy, center_x: k.cx, center_y: k.cy, lens_coeffs_1xN: [d.k1, d.k2, d.k3, d.k4], model: 'opencv_fisheye' };
    if (k.skew !== 0) fish.crosslabel_skew = k.skew;
    if (d.maxTheta !== undefined) fish.crosslabel_max_theta = d.maxTheta;
    return { intrinsics_fisheye: fish };
  }
  const pin: JsonObject = { width_px: k.width, height_px: k.height, camera_matrix_3x4: [k.fx, k.skew, k.cx, 0, 0, k.fy, k.cy, 0, 0, 0, 1, 0], distortion_coeffs_1xN: [] };
  if (d.model === 'opencv') {
    pin.distortion_coeffs_1xN = d.k4 !== 0 || d.k5 !== 0 || d.k6 !== 0 ? [d.k1, d.k2, d.p1, d.p2, d.k3, d.k4, d.k5, d.k6] : [d.k1, d.k2, d.p1, d.p2, d.k3];
    if (d.maxRadius !== undefined) pin.crosslabel_max_radius = d.maxRadius;
  }
  return { intrinsics_pinhole: pin };
}

interface Edge {
  t: Transform;
  role: 'extrinsics' | 'scene';
  order: number;
}

/** Build the coordinate-system tree: each transform `from → to` makes `to` the parent of `from`. */
export function buildCoordinateSystems(scene: Scene, extraFrames: Iterable<string>, summary: ExportSummary): Record<string, OlCoordinateSystem> {
  const cs: Record<string, OlCoordinateSystem> = {};
  const sensorFrames = new Set(scene.sensors.map(sensorFrame).filter((f): f is string => !!f));
  const ensure = (name: string) => (cs[name] ??= { type: sensorFrames.has(name) ? 'sensor_cs' : 'local_cs', parent: '', children: [] });
  const edges: Edge[] = [];
  for (const s of scene.sensors) {
    const f = sensorFrame(s);
    if (!f) continue;
    ensure(f);
    if ((s.kind === 'camera' || s.kind === 'lidar') && s.extrinsics) edges.push({ t: s.extrinsics, role: 'extrinsics', order: -1 });
  }
  scene.transforms.forEach((t, i) => edges.push({ t, role: 'scene', order: i }));
  for (const f of extraFrames) ensure(f);
  const ancestors = (n: string): Set<string> => {
    const seen = new Set<string>([n]);
    for (let p = cs[n]?.parent; p && !seen.has(p); p = cs[p]?.parent) seen.add(p);
    return seen;
  };
  let misfits = 0;
  const attach = (child: string, parent: string, repr: Repr, e: Edge, inverted: boolean) => {
    const c = ensure(child);
    c.parent = parent;
    c.pose_wrt_parent = reprToTransformData(repr);
    c.crosslabel_source = e.role;
    if (e.role === 'scene') c.crosslabel_order = e.order;
    if (inverted) c.crosslabel_inverted = true;
  };
  for (const e of edges) {
    const { from, to, repr } = e.t;
    ensure(from);
    ensure(to);
    if (cs[from].parent === '' && !ancestors(to).has(from)) attach(from, to, repr, e, false);
    else if (cs[to].parent === '' && !ancestors(from).has(to)) attach(to, from, invertRepr(repr), e, true);
    else misfits++;
  }
  dropped(summary, 'transform', misfits, 'OpenLABEL coordinate systems form a tree (one parent each); this transform closes a cycle or gives a frame a second parent');
  for (const [name, c] of Object.entries(cs)) if (c.parent) cs[c.parent].children.push(name);
  return cs;
}

/** Streams: one per sensor, named by sensor id; custom keys carry what OpenLABEL has no place for. */
export function buildStreams(scene: Scene, summary: ExportSummary): Record<string, OlStream> {
  const out: Record<string, OlStream> = {};
  for (const s of scene.sensors) {
    const props: JsonObject = { crosslabel_kind: s.kind };
    const f = sensorFrame(s);
    if (f && f !== s.id) props.coordinate_system = f;
    if (s.kind === 'camera') Object.assign(props, intrinsicsToProps(s.intrinsics));
    if (s.kind === 'video') props.crosslabel_video = JSON.parse(JSON.stringify({ width: s.width, height: s.height, fps: s.fps, camera: s.camera }));
    if (s.kind === 'audio') props.crosslabel_audio = JSON.parse(JSON.stringify({ sampleRate: s.sampleRate, channels: s.channels }));
    if (s.metadata) props.crosslabel_metadata = s.metadata as JsonObject;
    const streams = scene.streams.filter((st) => st.sensor === s.id);
    const st = streams[0];
    if (st && (st.offset !== 0 || st.drift !== 0)) props.crosslabel_clock = { offset_s: st.offset, drift: st.drift };
    dropped(summary, `extra streams of sensor ${s.id}`, Math.max(0, streams.length - 1), 'one OpenLABEL stream per sensor: their samples are merged');
    out[s.id] = { type: s.kind === 'camera' ? 'camera' : s.kind === 'lidar' ? 'lidar' : 'other', description: s.name, stream_properties: props };
  }
  return out;
}

export interface MasterFrames {
  frames: Record<string, OlFrame>;
  /** sensor id → sample id → master frame index. */
  frameOf: Map<string, Map<string, number>>;
  /** Frame names used by per-sample transform overrides (they must exist as coordinate systems). */
  overrideFrames: Set<string>;
}

/**
 * Master frames: samples with the same `frame` label share a frame; others get one frame per
 * distinct time. Frames are ordered by their earliest sample time. Each sample is written as
 * `frame_properties.streams.<sensor>.stream_properties.sync = {frame_stream, timestamp}`.
 */
export function buildFrames(scene: Scene): MasterFrames {
  interface Slot {
    key: string;
    t: number;
    order: number;
    members: { sensor: string; index: number; sample: Scene['streams'][number]['samples'][number] }[];
  }
  const slots = new Map<string, Slot>();
  let order = 0;
  for (const st of scene.streams) {
    st.samples.forEach((sample, index) => {
      let key = sample.frame !== undefined ? `f:${sample.frame}` : `t:${sample.t}`;
      if (slots.get(key)?.members.some((m) => m.sensor === st.sensor)) key = `s:${st.sensor}:${sample.id}`;
      const slot = slots.get(key) ?? { key, t: sample.t, order: order++, members: [] };
      slot.t = Math.min(slot.t, sample.t);
      slot.members.push({ sensor: st.sensor, index, sample });
      slots.set(key, slot);
    });
  }
  const sorted = [...slots.values()].sort((a, b) => a.t - b.t || a.order - b.order);
  const frames: Record<string, OlFrame> = {};
  const frameOf = new Map<string, Map<string, number>>();
  const overrideFrames = new Set<string>();
  sorted.forEach((slot, fi) => {
    const streams: Record<string, { stream_properties: JsonObject }> = {};
    const transforms: NonNullable<NonNullable<OlFrame['frame_properties']>['transforms']> = {};
    for (const { sensor, index, sample } of slot.members) {
      const sp: JsonObject = { sync: { frame_stream: index, timestamp: sample.t } };
      const extra = JSON.parse(JSON.stringify({ id: sample.id, uri: sample.uri, blob: sample.blob, frame: sample.frame, duration: sample.duration, original: sample.original, metadata: sample.metadata })) as JsonObject;
      sp.crosslabel_sample = extra;
      if (sample.intrinsics) Object.assign(sp, intrinsicsToProps(sample.intrinsics));
      streams[sensor] = { stream_properties: sp };
      (sample.transforms ?? []).forEach((t) => {
        overrideFrames.add(t.from).add(t.to);
        transforms[`${sensor}:${t.from}_to_${t.to}`] = { src: t.from, dst: t.to, transform_src_to_dst: reprToTransformData(t.repr), crosslabel_stream: sensor };
      });
      const m = frameOf.get(sensor) ?? new Map<string, number>();
      m.set(sample.id, fi);
      frameOf.set(sensor, m);
    }
    const fp: NonNullable<OlFrame['frame_properties']> = { timestamp: slot.t, streams };
    if (Object.keys(transforms).length) fp.transforms = transforms;
    frames[String(fi)] = { frame_properties: fp };
  });
  return { frames, frameOf, overrideFrames };
}
