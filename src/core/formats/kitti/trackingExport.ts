/**
 * Scene → one KITTI tracking sequence (`label_02/<sequence>.txt`), the inverse of
 * importKittiTrackingLabels. Frame numbering and the label frame: see trackingFrames.ts.
 *
 * - One row per (frame, object) where the object has a box2d on the camera's sample of that frame
 *   and/or a cuboid on any sensor's sample of that frame (a LiDAR's first, then the camera's, then
 *   any other's). The row's columns come from the same helper as the object benchmark's export
 *   (`kittiRowOf`): the 3D columns from the cuboid carried into the label frame through that
 *   frame's calibration (the samples' own transforms override the static ones), the box from the
 *   box2d or else the projected cuboid, clamped like KITTI's files to [0, W−1] × [0, H−1] when the
 *   camera sample's image size is known (DontCare rows too), alpha / truncated / occluded from the
 *   box's fields, the per-frame attributes, then the object's attributes.
 * - track_id: the object's `track_id` attribute when it is a non-negative integer (what the
 *   tracking import writes), else its id when that is a non-negative integer (OpenLABEL uids:
 *   Vicomtech's KITTI files use the KITTI track id as uid), else the smallest unused id, given in
 *   order of first appearance (frame, then object id). An id claimed twice goes to the object
 *   seen first; the other gets a fresh one (listed in `notes`).
 * - truncated is an integer level in tracking labels: integer values are kept, fractions (the
 *   object benchmark's box2d.truncated) become 0 for 0, 1 below 0.5, 2 from 0.5 (our choice; KITTI
 *   defines no mapping).
 * - Rows are ordered by frame; within a frame by the imported line (`metadata.kitti.line` of the
 *   box2d / cuboid, `scene.metadata.kittiTracking.dontCareLines` for DontCare), then by track id,
 *   DontCare rows (ignore regions on the camera's samples, track −1, the tracking sentinels) last.
 * - Everything else is counted in `summary.dropped`, never silently lost.
 */
import type { Annotation, Box2D, Cuboid, Sample, Scene } from '../../schema';
import type { ExportSummary } from '../common';
import { clampToKittiImage, kittiRowOf } from './export';
import { velodyneCuboidToLabelBox } from './geometry';
import { formatKittiTrackingLabels, KITTI_TRACKING_DONTCARE, type KittiTrackingLabel } from './tracking';
import { graphAt, intrinsicsAt, pickCamera, sequenceFrames } from './trackingFrames';
import { allAnnotations } from '../../schema';

export interface KittiTrackingExportOptions {
  /** Camera sensor id (default: the camera on KITTI's `camera_2` frame, else the first camera). */
  camera?: string;
}

export interface KittiTrackingExportResult {
  /** The text of one `label_02/<sequence>.txt`. */
  text: string;
  rows: KittiTrackingLabel[];
  summary: ExportSummary;
  /** Object id → the track id written for it. */
  trackIds: Record<string, number>;
  /** Decisions worth telling the user (frame numbering, reassigned track ids). */
  notes: string[];
}

/** Object attributes that become columns (or the track id) rather than being dropped. */
const COLUMN_ATTRIBUTES = new Set(['truncated', 'occluded', 'alpha', 'track_id']);
const NON_NEGATIVE_INT = /^\d+$/;

/** Truncation level 0/1/2 from either an integer level or a 0..1 fraction (see module doc). */
export const truncationLevel = (v: number): number => (Number.isInteger(v) ? v : v <= 0 ? 0 : v < 0.5 ? 1 : 2);

export function exportKittiTracking(scene: Scene, opts: KittiTrackingExportOptions = {}): KittiTrackingExportResult {
  const camera = pickCamera(scene, opts.camera);
  const seq = sequenceFrames(scene, camera);
  const sensorKind = new Map(scene.sensors.map((s) => [s.id, s.kind]));
  const dropped = new Map<string, { count: number; reason: string }>();
  const drop = (what: string, reason: string, n = 1) => {
    const d = dropped.get(what) ?? { count: 0, reason };
    d.count += n;
    dropped.set(what, d);
  };
  const notes: string[] = [`frame numbers: ${seq.numbering === 'frame-label' ? "the camera samples' integer frame labels" : 'camera samples in time order'}`];

  // (frame, object) → its box2d on the camera and its cuboid
  const cells = new Map<number, Map<string, { box?: Box2D; cuboid?: Cuboid }>>();
  const cell = (frame: number, object: string) => {
    const byObj = cells.get(frame) ?? new Map<string, { box?: Box2D; cuboid?: Cuboid }>();
    cells.set(frame, byObj);
    const c = byObj.get(object) ?? {};
    byObj.set(object, c);
    return c;
  };
  const cuboidRank = (a: Cuboid) => (sensorKind.get(a.sensor) === 'lidar' ? 0 : a.sensor === camera.id ? 1 : 2);
  const annotations = [...allAnnotations(scene)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const a of annotations) {
    if (a.kind === 'box2d' || a.kind === 'cuboid') {
      const frame = seq.frameOfSample.get(a.sample);
      if (frame === undefined) {
        drop(`${a.kind} on a sample outside the camera's frames`, `no ${camera.id} frame shares its frame label or time`);
        continue;
      }
      if (a.kind === 'box2d') {
        if (a.sensor !== camera.id) {
          drop(`box2d on ${a.sensor}`, `a tracking label file holds the boxes of one camera (${camera.id})`);
          continue;
        }
        const c = cell(frame, a.object);
        if (c.box) drop('second box2d of an object in one frame', 'one row per object and frame');
        else c.box = a;
      } else {
        const c = cell(frame, a.object);
        if (!c.cuboid) c.cuboid = a;
        else {
          drop('second cuboid of an object in one frame', 'one row per object and frame (a LiDAR cuboid wins)');
          if (cuboidRank(a) < cuboidRank(c.cuboid)) c.cuboid = a;
        }
      }
    } else drop(kindLabel(a), KIND_REASON[a.kind]);
  }

  // track ids
  const trackIds: Record<string, number> = {};
  const taken = new Set<number>();
  const firstSeen: string[] = [];
  const seen = new Set<string>();
  for (const frame of [...cells.keys()].sort((a, b) => a - b))
    for (const id of [...cells.get(frame)!.keys()].sort())
      if (!seen.has(id)) {
        seen.add(id);
        firstSeen.push(id);
      }
  const claimed = (id: string): number | undefined => {
    const attr = scene.objects[id]?.attributes.track_id;
    if (typeof attr === 'number' && Number.isInteger(attr) && attr >= 0) return attr;
    if (typeof attr === 'string' && NON_NEGATIVE_INT.test(attr)) return Number(attr);
    return NON_NEGATIVE_INT.test(id) ? Number(id) : undefined;
  };
  const unassigned: string[] = [];
  for (const id of firstSeen) {
    const want = claimed(id);
    if (want !== undefined && !taken.has(want)) {
      trackIds[id] = want;
      taken.add(want);
    } else {
      if (want !== undefined) notes.push(`object "${id}" claims track id ${want}, already used by another object: given a new id`);
      unassigned.push(id);
    }
  }
  let next = 0;
  for (const id of unassigned) {
    while (taken.has(next)) next++;
    trackIds[id] = next;
    taken.add(next);
  }

  // rows
  const dontCareLines = ((scene.metadata.kittiTracking as { dontCareLines?: Record<string, number> } | undefined)?.dontCareLines ?? {}) as Record<string, number>;
  const ordered: { frame: number; line: number; track: number; label: KittiTrackingLabel }[] = [];
  let projected = 0;
  const sampleById = new Map(scene.streams.flatMap((st) => st.samples.map((smp) => [smp.id, smp] as const)));
  const graphs = new Map<string, ReturnType<typeof graphAt>>();
  const graphFor = (a?: Sample, b?: Sample) => {
    const key = `${a?.id ?? ''}\u0000${b?.id ?? ''}`;
    let g = graphs.get(key);
    if (!g) graphs.set(key, (g = graphAt(scene, a, b)));
    return g;
  };
  for (const [frame, byObj] of cells) {
    const camSample = seq.byIndex.get(frame);
    for (const [objectId, { box, cuboid }] of byObj) {
      const object = scene.objects[objectId];
      let threeD;
      if (cuboid) {
        const sensor = scene.sensors.find((s) => s.id === cuboid.sensor);
        if (sensor?.kind !== 'camera' && sensor?.kind !== 'lidar') throw new Error(`scene "${scene.id}": cuboid ${cuboid.id} is on "${cuboid.sensor}", which has no coordinate frame`);
        threeD = velodyneCuboidToLabelBox(cuboid, graphFor(camSample, sampleById.get(cuboid.sample)).resolve(sensor.frame, seq.labelFrame).m);
      }
      const row = kittiRowOf({
        object,
        box,
        cuboid,
        threeD,
        K: intrinsicsAt(camera, camSample),
        camFromRect: () => graphFor(camSample).resolve(seq.labelFrame, camera.frame).m,
      });
      if (!box && cuboid) projected++;
      const line = lineOf(box) ?? lineOf(cuboid) ?? Number.MAX_SAFE_INTEGER;
      ordered.push({ frame, line, track: trackIds[objectId], label: { ...row, truncated: truncationLevel(row.truncated), frame, trackId: trackIds[objectId] } });
    }
  }
  for (const r of scene.ignoreRegions) {
    const frame = r.sensor === camera.id ? seq.frameOfSample.get(r.sample) : undefined;
    if (frame === undefined) {
      drop(`ignore region on ${r.sensor}`, `DontCare rows are boxes on the tracking camera (${camera.id})`);
      continue;
    }
    ordered.push({
      frame,
      line: dontCareLines[r.id] ?? Number.MAX_SAFE_INTEGER,
      track: Number.MAX_SAFE_INTEGER,
      label: { frame, trackId: -1, type: 'DontCare', ...structuredClone(KITTI_TRACKING_DONTCARE), bbox: clampToKittiImage({ left: r.x0, top: r.y0, right: r.x1, bottom: r.y1 }, intrinsicsAt(camera, seq.byIndex.get(frame))) },
    });
  }
  ordered.sort((a, b) => a.frame - b.frame || a.line - b.line || a.track - b.track);
  const rows = ordered.map((o) => o.label);

  // what the format cannot hold
  const written = new Set(Object.keys(trackIds));
  const silent = Object.keys(scene.objects).filter((id) => !written.has(id)).length;
  if (silent) drop('object without a box2d on the camera or a cuboid in any frame', 'a tracking row needs a 2D or 3D box', silent);
  let attrs = 0;
  for (const id of written) attrs += Object.keys(scene.objects[id].attributes).filter((k) => !COLUMN_ATTRIBUTES.has(k)).length;
  if (attrs) drop('object attribute', 'only type, truncated, occluded and alpha have columns', attrs);
  if (scene.documents.length) drop('text document', 'tracking labels hold no text', scene.documents.length);

  const summary: ExportSummary = {
    written: {
      rows: rows.length,
      tracks: written.size,
      frames: new Set(rows.map((r) => r.frame)).size,
      dontCare: rows.filter((r) => r.type === 'DontCare').length,
      projectedBoxes: projected,
    },
    dropped: [...dropped].map(([what, d]) => ({ what, count: d.count, reason: d.reason })),
  };
  return { text: formatKittiTrackingLabels(rows), rows, summary, trackIds, notes };
}

const lineOf = (a: Box2D | Cuboid | undefined): number | undefined => {
  const line = (a?.metadata?.kitti as { line?: unknown } | undefined)?.line;
  return typeof line === 'number' ? line : undefined;
};

const kindLabel = (a: Annotation): string => (a.kind === 'polygon' || a.kind === 'mask' || a.kind === 'notVisible' ? `${a.kind} on ${a.sensor}` : a.kind);

const KIND_REASON: Record<Annotation['kind'], string> = {
  cuboid: '',
  box2d: '',
  polygon: 'tracking labels hold boxes only',
  mask: 'tracking labels hold boxes only',
  notVisible: 'tracking labels have no "not visible" record',
  timeSegment: 'tracking labels have no time segments',
  textSpan: 'tracking labels hold no text',
};
