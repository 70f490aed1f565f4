/**
 * A scene document → the nuScenes JSON tables (attribute, calibrated_sensor, category, ego_pose,
 * instance, log, sample, sample_annotation, sample_data, scene, sensor, visibility). Write each as
 * `<dir>/<table>.json` with `JSON.stringify(rows, null, 2)`.
 *
 * - Tokens: those kept in `metadata.nuscenes` by the importer (ids that already look like tokens
 *   are used as they are), else `tokenFor(table, id)`: deterministic 32-hex.
 * - nuScenes samples: samples sharing a `frame` label form one keyframe sample (token = the label
 *   when it is an imported sample token or looks like a token, else derived); a sample holding a cuboid without a label is a keyframe of its
 *   own; other samples are sweeps (is_key_frame false) attached to their imported sample, else the
 *   nearest keyframe in time.
 * - calibrated_sensor: channel → ego from the sample's override, else the sensor's extrinsics (kept
 *   numbers when stored as a quaternion), else the frame graph. A scene without an `ego` frame uses
 *   its first LiDAR (else camera) frame as the ego frame. ego_pose: the sample's `ego` → `global`
 *   override, else identity (reported in `warnings`).
 * - Boxes: global = ego_pose ∘ calibrated_sensor ∘ cuboid, with exactly the rows written, so a
 *   re-import restores the cuboid to rounding. size [w, l, h], rotation [w, x, y, z].
 * - Links (prev/next, first/last, nbr_*) are recomputed from the exported rows; a link the importer
 *   kept because it pointed outside a trimmed table set is written back where no row replaces it,
 *   and instance/scene counts stay as imported while their members are unchanged.
 * - What nuScenes cannot hold is counted in `summary.dropped`.
 */
import { FrameGraph } from '../../calibration/frameGraph';
import type { CameraIntrinsics, Cuboid, Sample, Scene, Sensor, Transform } from '../../schema';
import type { ExportSummary } from '../common';
import { categoryForClass, CATEGORY_ATTRIBUTE } from './categories';
import { ANNOTATION_ATTRIBUTES } from './importTables';
import { compose, poseFromMat4, rigid, toWXYZ, toXYZ, type Pose } from './poses';
import { looksLikeToken, NUSCENES_TABLES, tokenFor, type NuScenesTableName } from './tables';
import { allAnnotations } from '../../schema';

export interface NuScenesExportOptions {
  /** Prefix stripped from sample URIs to make `filename` when a sample has no imported filename. */
  baseUri?: string;
}

type Json = Record<string, unknown>;
type NsMeta = Record<string, unknown> | undefined;
const ns = (m: Record<string, unknown> | undefined): NsMeta => (m?.nuscenes && typeof m.nuscenes === 'object' ? (m.nuscenes as Record<string, unknown>) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const numOr = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The standard nuScenes visibility table (tokens 1..4), written when the scene kept none. */
const NUSCENES_VISIBILITY = [
  { description: 'visibility of whole object is between 0 and 40%', token: '1', level: 'v0-40' },
  { description: 'visibility of whole object is between 40 and 60%', token: '2', level: 'v40-60' },
  { description: 'visibility of whole object is between 60 and 80%', token: '3', level: 'v60-80' },
  { description: 'visibility of whole object is between 80 and 100%', token: '4', level: 'v80-100' },
];

const tokenOf = (meta: NsMeta, kind: string, id: string): string => str(meta?.token) ?? (looksLikeToken(id) ? id : tokenFor(kind, id));

/** A transform's repr as a pose, keeping stored quaternion numbers (normalised only for the maths). */
function reprPose(t: Transform): { pose: Pose; raw?: { rotation: number[]; translation: number[] } } {
  if (t.repr.kind === 'quaternion') {
    const { rotation: q, translation: p } = t.repr;
    const raw = { rotation: [q.w, q.x, q.y, q.z], translation: [p.x, p.y, p.z] };
    return { pose: rigid(raw.rotation, raw.translation), raw };
  }
  return { pose: poseFromMat4(new Float64Array(t.repr.rowMajor)) };
}

function timestampUs(sample: Sample, t0: number): number {
  const o = sample.original;
  if (o && typeof o.value === 'number') {
    if (o.unit === 'us') return o.value;
    if (o.unit === 's') return Math.round(o.value * 1e6);
    if (o.unit === 'ms') return Math.round(o.value * 1e3);
    if (o.unit === 'ns') return Math.round(o.value / 1e3);
  }
  return Math.round(t0 + sample.t * 1e6);
}

export function exportNuScenesTables(scene: Scene, opts: NuScenesExportOptions = {}): { tables: Record<NuScenesTableName, Json[]>; summary: ExportSummary; warnings: string[] } {
  const dropped = new Map<string, { count: number; reason: string }>();
  const drop = (what: string, reason: string, n = 1) => {
    if (n <= 0) return;
    const d = dropped.get(what) ?? { count: 0, reason };
    d.count += n;
    dropped.set(what, d);
  };
  const warnings: string[] = [];
  const sceneMeta = ns(scene.metadata);
  const t0 = numOr(sceneMeta?.t0_us) ?? 0;
  const importedSamples = new Map<string, Record<string, unknown>>(((sceneMeta?.samples as Record<string, unknown>[] | undefined) ?? []).map((s) => [String(s.token), s]));

  // --- sensors
  const exported = scene.sensors.filter((s): s is Extract<Sensor, { kind: 'camera' | 'lidar' }> => s.kind === 'camera' || s.kind === 'lidar');
  for (const s of scene.sensors) {
    if (s.kind === 'camera' || s.kind === 'lidar') continue;
    const n = scene.streams.filter((st) => st.sensor === s.id).reduce((a, st) => a + st.samples.length, 0);
    drop(`${s.kind} sensor`, 'nuScenes holds camera, LiDAR and radar sensors only', 1);
    drop(`${s.kind} sample`, 'nuScenes holds camera, LiDAR and radar sensors only', n);
  }
  const sensorRows: Json[] = exported.map((s) => ({ token: tokenOf(ns(s.metadata), 'sensor', s.id), channel: s.id, modality: str(ns(s.metadata)?.modality) ?? s.kind }));
  const sensorToken = new Map(exported.map((s, i) => [s.id, sensorRows[i].token as string]));
  const exportedIds = new Set(exported.map((s) => s.id));

  const graph = FrameGraph.fromScene(scene);
  const egoFrame = graph.frames.includes('ego') ? 'ego' : (exported.find((s) => s.kind === 'lidar') ?? exported[0])?.frame;
  if (egoFrame && egoFrame !== 'ego') warnings.push(`the scene has no "ego" frame: ${egoFrame} stands in for the ego body frame`);

  // --- keyframe groups (nuScenes samples)
  const streams = scene.streams.filter((st) => exportedIds.has(st.sensor));
  const cuboidSamples = new Set(allAnnotations(scene).filter((a): a is Cuboid => a.kind === 'cuboid').map((a) => `${a.sensor}\u0000${a.sample}`));
  const groupKey = (st: { sensor: string }, s: Sample): string | undefined => s.frame ?? (cuboidSamples.has(`${st.sensor}\u0000${s.id}`) ? `#${s.id}` : undefined);
  let anyGroup = streams.some((st) => st.samples.some((s) => groupKey(st, s) !== undefined));
  const fallbackStream = anyGroup ? undefined : (streams.find((st) => exported.find((x) => x.id === st.sensor)?.kind === 'lidar') ?? streams[0]);
  if (fallbackStream) anyGroup = true;
  const keyOf = (st: (typeof streams)[number], s: Sample): string | undefined => (st === fallbackStream ? `#${s.id}` : groupKey(st, s));

  interface SdOut {
    row: Json;
    sample: Sample;
    sensor: (typeof exported)[number];
    ts: number;
    key?: string;
    egoPose: Pose;
    csPose: Pose;
  }
  const sdOut: SdOut[] = [];
  const csRows = new Map<string, Json>();
  const csByContent = new Map<string, string>();
  const egoRows = new Map<string, Json>();
  let identityEgo = 0;
  const distortionDropped = new Set<string>();
  const perSensorCount = new Map<string, number>();
  const uncalibrated = new Set<string>();

  for (const st of streams) {
    const sensor = exported.find((s) => s.id === st.sensor)!;
    for (const sample of st.samples) {
      const meta = ns(sample.metadata);
      const ts = timestampUs(sample, t0);
      // calibrated sensor: channel → ego
      const override = sample.transforms?.find((x) => x.from === sensor.frame && x.to === egoFrame);
      const ext = sensor.extrinsics && sensor.extrinsics.from === sensor.frame && sensor.extrinsics.to === egoFrame ? sensor.extrinsics : undefined;
      let cs: { pose: Pose; raw?: { rotation: number[]; translation: number[] } };
      if (override) cs = reprPose(override);
      else if (ext) cs = reprPose(ext);
      else if (sensor.frame === egoFrame) cs = { pose: { q: { x: 0, y: 0, z: 0, w: 1 }, t: { x: 0, y: 0, z: 0 } }, raw: { rotation: [1, 0, 0, 0], translation: [0, 0, 0] } };
      else {
        try {
          cs = { pose: poseFromMat4(FrameGraph.fromScene(scene, [sample]).resolve(sensor.frame, egoFrame!).m) };
        } catch {
          if (!uncalibrated.has(sensor.id)) warnings.push(`sensor ${sensor.id}: no chain of transforms from "${sensor.frame}" to "${egoFrame}": calibrated_sensor written as identity`);
          uncalibrated.add(sensor.id);
          cs = { pose: { q: { x: 0, y: 0, z: 0, w: 1 }, t: { x: 0, y: 0, z: 0 } }, raw: { rotation: [1, 0, 0, 0], translation: [0, 0, 0] } };
        }
      }
      const intr: CameraIntrinsics | undefined = sensor.kind === 'camera' ? (sample.intrinsics ?? sensor.intrinsics) : undefined;
      if (intr && intr.distortion.model !== 'none' && !distortionDropped.has(`${sensor.id}`)) {
        distortionDropped.add(sensor.id);
        drop('camera distortion', 'nuScenes images are undistorted: calibrated_sensor has no distortion coefficients', 1);
      }
      const csRow: Json = {
        token: '',
        sensor_token: sensorToken.get(sensor.id),
        translation: cs.raw?.translation ?? toXYZ(cs.pose.t),
        rotation: cs.raw?.rotation ?? toWXYZ(cs.pose.q),
        camera_intrinsic: intr ? [[intr.fx, intr.skew, intr.cx], [0, intr.fy, intr.cy], [0, 0, 1]] : [],
      };
      const content = JSON.stringify([csRow.sensor_token, csRow.translation, csRow.rotation, csRow.camera_intrinsic]);
      let csToken = str(meta?.calibrated_sensor_token) ?? csByContent.get(content);
      if (!csToken) {
        const n = perSensorCount.get(sensor.id) ?? 0;
        perSensorCount.set(sensor.id, n + 1);
        csToken = tokenFor('calibrated_sensor', `${sensor.id}#${n}`);
      }
      csByContent.set(content, csToken);
      if (!csRows.has(csToken)) csRows.set(csToken, { ...csRow, token: csToken });
      // ego pose: ego → global
      const egoT = sample.transforms?.find((x) => x.from === egoFrame && x.to === 'global');
      let ego: { pose: Pose; raw?: { rotation: number[]; translation: number[] } };
      if (egoT) ego = reprPose(egoT);
      else {
        identityEgo++;
        ego = { pose: { q: { x: 0, y: 0, z: 0, w: 1 }, t: { x: 0, y: 0, z: 0 } }, raw: { rotation: [1, 0, 0, 0], translation: [0, 0, 0] } };
      }
      const egoToken = str(meta?.ego_pose_token) ?? tokenFor('ego_pose', `${st.id}/${sample.id}`);
      if (!egoRows.has(egoToken)) egoRows.set(egoToken, { token: egoToken, timestamp: numOr(meta?.ego_pose_timestamp) ?? ts, rotation: ego.raw?.rotation ?? toWXYZ(ego.pose.q), translation: ego.raw?.translation ?? toXYZ(ego.pose.t) });
      const filename = str(meta?.filename) ?? (sample.uri && opts.baseUri && sample.uri.startsWith(opts.baseUri) ? sample.uri.slice(opts.baseUri.length).replace(/^\/+/, '') : (sample.uri ?? sample.blob ?? ''));
      const extMatch = /\.([A-Za-z0-9]+)$/.exec(filename);
      const key = keyOf(st, sample);
      sdOut.push({
        sample,
        sensor,
        ts,
        key,
        egoPose: rigid(egoRows.get(egoToken)!.rotation as number[], egoRows.get(egoToken)!.translation as number[]),
        csPose: rigid(csRows.get(csToken)!.rotation as number[], csRows.get(csToken)!.translation as number[]),
        row: {
          token: tokenOf(meta, 'sample_data', sample.id),
          sample_token: '',
          ego_pose_token: egoToken,
          calibrated_sensor_token: csToken,
          filename,
          fileformat: str(meta?.fileformat) ?? extMatch?.[1] ?? '',
          width: intr ? intr.width : 0,
          height: intr ? intr.height : 0,
          timestamp: ts,
          is_key_frame: key !== undefined && meta?.is_key_frame !== false,
          prev: '',
          next: '',
        },
      });
    }
  }
  if (identityEgo) warnings.push(`${identityEgo} samples have no ego → global transform: ego_pose written as identity (global = ego)`);

  // --- samples (keyframe groups)
  interface Group {
    key: string;
    token: string;
    members: SdOut[];
  }
  const groups = new Map<string, Group>();
  for (const o of sdOut) {
    if (o.key === undefined) continue;
    let g = groups.get(o.key);
    if (!g) {
      const label = o.key.startsWith('#') ? undefined : o.key;
      const token = label !== undefined && (importedSamples.has(label) || looksLikeToken(label)) ? label : tokenFor('sample', o.key);
      groups.set(o.key, (g = { key: o.key, token, members: [] }));
    }
    g.members.push(o);
  }
  const groupTs = (g: Group): number => {
    const imported = numOr(importedSamples.get(g.token)?.timestamp);
    if (imported !== undefined) return imported;
    const lidar = g.members.find((m) => m.sensor.kind === 'lidar');
    return lidar ? lidar.ts : Math.min(...g.members.map((m) => m.ts));
  };
  const sampleList = [...groups.values()].map((g) => ({ g, ts: groupTs(g) })).sort((a, b) => a.ts - b.ts);
  const groupByToken = new Map(sampleList.map((s) => [s.g.token, s]));
  for (const o of sdOut) {
    if (o.key !== undefined) {
      o.row.sample_token = groups.get(o.key)!.token;
      continue;
    }
    const wanted = str(ns(o.sample.metadata)?.sample_token);
    if (wanted && groupByToken.has(wanted)) o.row.sample_token = wanted;
    else if (sampleList.length) {
      let best = sampleList[0];
      for (const s of sampleList) if (Math.abs(s.ts - o.ts) < Math.abs(best.ts - o.ts)) best = s;
      o.row.sample_token = best.g.token;
    }
  }
  if (!anyGroup) warnings.push('no samples to export');

  // sample_data links per channel
  const bySensor = new Map<string, SdOut[]>();
  for (const o of sdOut) bySensor.set(o.sensor.id, [...(bySensor.get(o.sensor.id) ?? []), o]);
  for (const list of bySensor.values()) {
    list.sort((a, b) => a.ts - b.ts);
    list.forEach((o, i) => {
      const meta = ns(o.sample.metadata);
      o.row.prev = (list[i - 1]?.row.token as string | undefined) ?? str(meta?.prev) ?? '';
      o.row.next = (list[i + 1]?.row.token as string | undefined) ?? str(meta?.next) ?? '';
    });
  }

  // --- annotations
  const sdBySample = new Map(sdOut.map((o) => [`${o.sensor.id}\u0000${o.sample.id}`, o]));
  interface AnnOut {
    row: Json;
    ts: number;
    meta: NsMeta;
    object: string;
  }
  const annOut: AnnOut[] = [];
  const seen = new Set<string>();
  const categoryNames = new Map<string, string>();
  const attrNames = new Set<string>();
  const visLevels = new Set<string>();
  const known = new Set<string>(Object.values(ANNOTATION_ATTRIBUTES));
  const cuboidsPerObject = new Map<string, number>();
  for (const a of allAnnotations(scene)) if (a.kind === 'cuboid') cuboidsPerObject.set(a.object, (cuboidsPerObject.get(a.object) ?? 0) + 1);
  for (const a of allAnnotations(scene)) {
    if (a.kind !== 'cuboid') {
      const reasons: Record<string, string> = {
        box2d: 'nuScenes annotations are 3D boxes in the global frame; 2D boxes are not stored',
        polygon: 'nuScenes has no image polygons',
        mask: 'nuScenes (without the lidarseg/panoptic extension) has no masks',
        timeSegment: 'nuScenes has no time segments',
        textSpan: 'nuScenes has no text annotations',
        notVisible: 'nuScenes has no record of an object not visible in one sensor (visibility is per annotation)',
      };
      drop(a.kind, reasons[a.kind]);
      continue;
    }
    const o = sdBySample.get(`${a.sensor}\u0000${a.sample}`);
    const obj = scene.objects[a.object];
    if (!o || !obj) {
      drop('cuboid', 'on a sensor nuScenes cannot hold (not a camera or LiDAR)');
      continue;
    }
    const sampleToken = o.row.sample_token as string;
    if (seen.has(`${a.object}\u0000${sampleToken}`)) {
      drop('cuboid', 'a second cuboid of one object in one nuScenes sample (nuScenes holds one per instance and sample)');
      continue;
    }
    seen.add(`${a.object}\u0000${sampleToken}`);
    const g = compose(compose(o.egoPose, o.csPose), { q: a.rotation, t: a.center });
    const attrs = a.attributes ?? {};
    const names = typeof attrs[ANNOTATION_ATTRIBUTES.attributes] === 'string' ? (attrs[ANNOTATION_ATTRIBUTES.attributes] as string).split(',').map((s) => s.trim()).filter(Boolean) : [];
    names.forEach((n) => attrNames.add(n));
    const level = typeof attrs[ANNOTATION_ATTRIBUTES.visibility] === 'string' ? (attrs[ANNOTATION_ATTRIBUTES.visibility] as string) : undefined;
    if (level) visLevels.add(level);
    for (const k of Object.keys(attrs)) if (!known.has(k)) drop(`annotation attribute "${k}"`, 'nuScenes attributes are names from attribute.json; other annotation attributes are not stored');
    if (a.score !== undefined) drop('cuboid score', 'nuScenes ground truth has no detection score');
    const single = cuboidsPerObject.get(a.object) === 1;
    const lidarPts = numOr(attrs[ANNOTATION_ATTRIBUTES.lidarPts]) ?? (single ? numOr(obj.attributes[ANNOTATION_ATTRIBUTES.lidarPts]) : undefined) ?? -1;
    const radarPts = numOr(attrs[ANNOTATION_ATTRIBUTES.radarPts]) ?? (single ? numOr(obj.attributes[ANNOTATION_ATTRIBUTES.radarPts]) : undefined) ?? -1;
    const meta = ns(a.metadata);
    annOut.push({
      meta,
      object: a.object,
      ts: groupByToken.get(sampleToken)?.ts ?? o.ts,
      row: {
        token: tokenOf(meta, 'sample_annotation', a.id),
        sample_token: sampleToken,
        instance_token: '',
        attribute_tokens: names,
        visibility_token: level ?? '',
        translation: toXYZ(g.t),
        size: [a.size.w, a.size.l, a.size.h],
        rotation: toWXYZ(g.q),
        num_lidar_pts: lidarPts,
        num_radar_pts: radarPts,
        prev: '',
        next: '',
      },
    });
  }
  drop('ignore region', 'nuScenes has no ignore regions', scene.ignoreRegions.length);
  drop('text document', 'nuScenes holds a scene description only (written from the imported one)', scene.documents.length);
  drop('QA record', 'QA waivers and reviews are Crosslabel records', scene.qa.waivers.length + scene.qa.reviews.length);

  // --- vocabularies
  // copies: the returned tables never share objects with the scene
  const keptCats = structuredClone((sceneMeta?.category as Json[] | undefined) ?? []);
  const keptAttrs = structuredClone((sceneMeta?.attribute as Json[] | undefined) ?? []);
  const keptVis = structuredClone((sceneMeta?.visibility as Json[] | undefined) ?? []);
  const categoryRows = [...keptCats];
  const attributeRows = [...keptAttrs];
  const visibilityRows = keptVis.length ? [...keptVis] : [...NUSCENES_VISIBILITY];
  const catToken = (name: string): string => {
    let row = categoryRows.find((c) => c.name === name);
    if (!row) categoryRows.push((row = { token: tokenFor('category', name), name, description: '' }));
    return row.token as string;
  };
  for (const n of attrNames) if (!attributeRows.some((r) => r.name === n)) attributeRows.push({ token: tokenFor('attribute', n), name: n, description: '' });
  for (const l of visLevels) if (!visibilityRows.some((r) => r.level === l)) visibilityRows.push({ token: tokenFor('visibility', l), level: l, description: '' });
  for (const a of annOut) {
    a.row.attribute_tokens = (a.row.attribute_tokens as string[]).map((n) => attributeRows.find((r) => r.name === n)!.token);
    if (a.row.visibility_token) a.row.visibility_token = visibilityRows.find((r) => r.level === a.row.visibility_token)!.token;
  }

  // --- instances
  const instanceRows: Json[] = [];
  const byObject = new Map<string, AnnOut[]>();
  for (const a of annOut) byObject.set(a.object, [...(byObject.get(a.object) ?? []), a]);
  for (const obj of Object.values(scene.objects)) {
    const list = byObject.get(obj.id);
    if (!list) {
      drop('object without a cuboid', 'a nuScenes instance needs at least one sample_annotation');
      continue;
    }
    const meta = ns(obj.metadata);
    const token = tokenOf(meta, 'instance', obj.id);
    const original = typeof obj.attributes[CATEGORY_ATTRIBUTE] === 'string' ? (obj.attributes[CATEGORY_ATTRIBUTE] as string) : categoryForClass(obj.classId, scene.taxonomy);
    categoryNames.set(obj.id, original);
    for (const k of Object.keys(obj.attributes)) if (k !== CATEGORY_ATTRIBUTE && k !== ANNOTATION_ATTRIBUTES.lidarPts && k !== ANNOTATION_ATTRIBUTES.radarPts) drop(`object attribute "${k}"`, 'nuScenes attributes belong to sample_annotations (names from attribute.json)');
    list.sort((x, y) => x.ts - y.ts);
    list.forEach((a, i) => {
      a.row.instance_token = token;
      a.row.prev = (list[i - 1]?.row.token as string | undefined) ?? str(a.meta?.prev) ?? '';
      a.row.next = (list[i + 1]?.row.token as string | undefined) ?? str(a.meta?.next) ?? '';
    });
    const imp = meta?.imported as Record<string, unknown> | undefined;
    const unchanged = imp && imp.members === list.length && list.every((a) => str(a.meta?.token) !== undefined);
    instanceRows.push({
      token,
      category_token: catToken(original),
      nbr_annotations: unchanged ? (numOr(imp.nbr_annotations) ?? list.length) : list.length,
      first_annotation_token: (unchanged ? str(imp.first_annotation_token) : undefined) ?? list[0].row.token,
      last_annotation_token: (unchanged ? str(imp.last_annotation_token) : undefined) ?? list[list.length - 1].row.token,
    });
  }

  // --- log, scene, samples
  const keptScene = sceneMeta?.scene as Record<string, unknown> | undefined;
  const logRow: Json = structuredClone(sceneMeta?.log as Json | undefined) ?? { token: tokenFor('log', scene.id), logfile: '', vehicle: '', date_captured: '', location: '' };
  const sceneToken = str(keptScene?.token) ?? tokenFor('scene', scene.id);
  const sampleRows: Json[] = sampleList.map((s, i) => {
    const imp = importedSamples.get(s.g.token);
    return {
      token: s.g.token,
      timestamp: s.ts,
      scene_token: sceneToken,
      prev: sampleList[i - 1]?.g.token ?? str(imp?.prev) ?? '',
      next: sampleList[i + 1]?.g.token ?? str(imp?.next) ?? '',
    };
  });
  const impScene = keptScene?.imported as Record<string, unknown> | undefined;
  const sceneUnchanged = impScene && impScene.members === sampleRows.length && sampleRows.every((s) => importedSamples.has(s.token as string));
  const sceneRow: Json = {
    token: sceneToken,
    name: str(keptScene?.name) ?? scene.name,
    description: typeof keptScene?.description === 'string' ? keptScene.description : '',
    log_token: str(keptScene?.log_token) ?? logRow.token,
    nbr_samples: sceneUnchanged ? (numOr(impScene.nbr_samples) ?? sampleRows.length) : sampleRows.length,
    first_sample_token: (sceneUnchanged ? str(impScene.first_sample_token) : undefined) ?? sampleRows[0]?.token ?? '',
    last_sample_token: (sceneUnchanged ? str(impScene.last_sample_token) : undefined) ?? sampleRows[sampleRows.length - 1]?.token ?? '',
  };

  const tables: Record<NuScenesTableName, Json[]> = {
    attribute: attributeRows,
    calibrated_sensor: [...csRows.values()],
    category: categoryRows,
    ego_pose: [...egoRows.values()],
    instance: instanceRows,
    log: [logRow],
    sample: sampleRows,
    sample_annotation: annOut.map((a) => a.row),
    sample_data: sdOut.map((o) => o.row),
    scene: [sceneRow],
    sensor: sensorRows,
    visibility: visibilityRows,
  };
  const written = Object.fromEntries(NUSCENES_TABLES.map((n) => [n, tables[n].length]));
  return { tables, summary: { written, dropped: [...dropped.entries()].map(([what, d]) => ({ what, count: d.count, reason: d.reason })) }, warnings };
}
