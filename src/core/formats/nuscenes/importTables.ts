/**
 * nuScenes JSON tables (sample, sample_data, calibrated_sensor, sensor, ego_pose, sample_annotation,
 * instance, category, attribute, visibility, scene, log) → one scene document, built fresh (nothing
 * is mutated; on any error nothing is returned).
 *
 * Frames (decision):
 * - every sensor frame is named by its channel (`LIDAR_TOP`, `CAM_FRONT`) with `extrinsics`
 *   channel → `ego` from its calibrated_sensor, kept as the quaternion and translation given;
 * - each sample carries its own ego pose as a per-sample transform `ego` → `global` (the ego pose
 *   changes per sample_data, so it cannot be static); a sample whose calibrated_sensor differs from
 *   its sensor's first one also overrides channel → `ego` (and the camera intrinsics);
 * - boxes are cuboids in the frame of the sample's anchor sweep: the LIDAR_TOP keyframe (else the
 *   first LiDAR keyframe by channel, else the first keyframe), box_sensor = cs⁻¹ · ego_pose⁻¹ · box_global
 *   with that sample_data's own ego pose and calibrated_sensor, as the devkit's get_sample_data does.
 *   The schema's cuboids live in a sensor frame, and the annotation tools and QA work in the LiDAR
 *   frame, like the mmdet3d importer. The export applies the same written poses back, so it is exact
 *   to rounding (quaternion products keep the box quaternion's sign).
 * - camera keyframes also get a derived per-sample transform anchor → camera composed through both
 *   ego poses (the devkit's 4-hop chain: lidar → ego(t_lidar) → global → ego(t_cam) → camera), so
 *   projection of the anchor's cuboids into a keyframe image compensates the ego motion. The export
 *   ignores it (it is marked `metadata.nuscenes.derived`).
 *
 * Ids keep the tokens: sample id = sample_data token, object id = instance token, annotation id =
 * sample_annotation token; keyframe samples carry `frame` = their sample token (the shared frame
 * label). Timestamps: `t` = seconds from the scene's first sample, `original` = the µs value as given.
 * nuScenes-only fields go to `metadata.nuscenes` (tokens, fileformat, ego-pose timestamps, the small
 * vocabulary tables, link tokens that point outside the given rows of a trimmed table set).
 * Annotation attributes: `nuscenes_attributes` (attribute names, comma-separated),
 * `nuscenes_visibility` (the level, e.g. v80-100), `num_lidar_pts`, `num_radar_pts`.
 */
import { quat } from '../../math';
import { DEFAULT_TAXONOMY, Scene, type SceneInput, type Transform, partitionAnnotations } from '../../schema';
import { CATEGORY_ATTRIBUTE, classForCategory } from './categories';
import { compose, relativeTo, rigid, type Pose } from './poses';
import { fileOf, NuScenesTablesError, parseTables, type NuScenesTableName, type NuScenesTables } from './tables';

export interface NuScenesImportOptions {
  /** Scene token or name; default the first scene of scene.json. */
  scene?: string;
  /** Prefix for sample URIs (`<baseUri>/<filename>`). */
  baseUri?: string;
  /** Image size when a camera's sample_data has none (default 1600×900, nuScenes). */
  defaultImageSize?: { width: number; height: number };
}

export const ANNOTATION_ATTRIBUTES = { attributes: 'nuscenes_attributes', visibility: 'nuscenes_visibility', lidarPts: 'num_lidar_pts', radarPts: 'num_radar_pts' } as const;

type Row<T extends NuScenesTableName> = NuScenesTables[T][number];

const REQUIRED: NuScenesTableName[] = ['sample', 'sample_data', 'calibrated_sensor', 'sensor', 'ego_pose'];

function byToken<T extends { token: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.token, r]));
}

function dangling(table: NuScenesTableName, i: number, field: string, target: NuScenesTableName, tok: string): NuScenesTablesError {
  return new NuScenesTablesError(`${fileOf(table)}: $[${i}].${field}: unknown ${target} token "${tok}" (not in ${fileOf(target)})`);
}

/** Every token that must resolve does; otherwise a NuScenesTablesError naming file, row and field. */
function checkReferences(t: NuScenesTables, present: Set<NuScenesTableName>): void {
  const sensors = byToken(t.sensor), cs = byToken(t.calibrated_sensor), ego = byToken(t.ego_pose), samples = byToken(t.sample);
  const scenes = byToken(t.scene), instances = byToken(t.instance), cats = byToken(t.category), attrs = byToken(t.attribute), vis = byToken(t.visibility);
  t.calibrated_sensor.forEach((r, i) => {
    if (!sensors.has(r.sensor_token)) throw dangling('calibrated_sensor', i, 'sensor_token', 'sensor', r.sensor_token);
  });
  t.sample_data.forEach((r, i) => {
    if (!samples.has(r.sample_token)) throw dangling('sample_data', i, 'sample_token', 'sample', r.sample_token);
    if (!cs.has(r.calibrated_sensor_token)) throw dangling('sample_data', i, 'calibrated_sensor_token', 'calibrated_sensor', r.calibrated_sensor_token);
    if (!ego.has(r.ego_pose_token)) throw dangling('sample_data', i, 'ego_pose_token', 'ego_pose', r.ego_pose_token);
  });
  if (present.has('scene')) {
    t.sample.forEach((r, i) => {
      if (!scenes.has(r.scene_token)) throw dangling('sample', i, 'scene_token', 'scene', r.scene_token);
    });
  }
  t.instance.forEach((r, i) => {
    if (!cats.has(r.category_token)) throw dangling('instance', i, 'category_token', 'category', r.category_token);
  });
  t.sample_annotation.forEach((r, i) => {
    if (!samples.has(r.sample_token)) throw dangling('sample_annotation', i, 'sample_token', 'sample', r.sample_token);
    if (!instances.has(r.instance_token)) throw dangling('sample_annotation', i, 'instance_token', 'instance', r.instance_token);
    r.attribute_tokens.forEach((a, j) => {
      if (!attrs.has(a)) throw dangling('sample_annotation', i, `attribute_tokens[${j}]`, 'attribute', a);
    });
    if (r.visibility_token !== '' && !vis.has(r.visibility_token)) throw dangling('sample_annotation', i, 'visibility_token', 'visibility', r.visibility_token);
  });
}

const quatRepr = (p: Pose): Transform['repr'] => ({ kind: 'quaternion', rotation: { ...p.q }, translation: { ...p.t } });
/** A calibrated_sensor / ego_pose as stored: the quaternion exactly as given (w, x, y, z → named). */
const rawRepr = (rotation: number[], translation: number[]): Transform['repr'] => ({
  kind: 'quaternion',
  rotation: { w: rotation[0], x: rotation[1], y: rotation[2], z: rotation[3] },
  translation: { x: translation[0], y: translation[1], z: translation[2] },
});

export function importNuScenesTables(
  input: Partial<Record<NuScenesTableName, unknown>>,
  source: string,
  opts: NuScenesImportOptions = {},
): { scene: Scene; warnings: string[] } {
  const { tables: t, present } = parseTables(input, REQUIRED);
  if (t.sample_annotation.length) {
    for (const need of ['instance', 'category'] as const) if (!present.has(need)) throw new NuScenesTablesError(`${fileOf(need)}: missing (sample_annotation.json refers to it)`);
  }
  checkReferences(t, present);
  const warnings: string[] = [];
  const taxonomy = DEFAULT_TAXONOMY;

  // --- the scene and its samples
  let sceneRow: Row<'scene'> | undefined;
  if (t.scene.length) {
    sceneRow = opts.scene === undefined ? t.scene[0] : t.scene.find((s) => s.token === opts.scene || s.name === opts.scene);
    if (!sceneRow) throw new NuScenesTablesError(`${fileOf('scene')}: no scene "${opts.scene}" (scenes: ${t.scene.map((s) => s.name).join(', ')})`);
  } else if (opts.scene !== undefined) {
    throw new NuScenesTablesError(`${fileOf('scene')}: missing, cannot select scene "${opts.scene}"`);
  } else {
    warnings.push('scene.json not given: every sample is imported as one scene');
  }
  const logRow = sceneRow && t.log.find((l) => l.token === sceneRow.log_token);
  if (sceneRow && present.has('log') && !logRow) warnings.push(`${fileOf('scene')}: log_token "${sceneRow.log_token}" is not in ${fileOf('log')}`);
  const samples = t.sample.filter((s) => !sceneRow || s.scene_token === sceneRow.token).sort((a, b) => a.timestamp - b.timestamp);
  if (!samples.length) throw new NuScenesTablesError(`${fileOf('sample')}: no sample belongs to scene "${sceneRow?.name}"`);
  const sampleTokens = new Set(samples.map((s) => s.token));
  const t0 = samples[0].timestamp;

  const sensorBy = byToken(t.sensor), csBy = byToken(t.calibrated_sensor), egoBy = byToken(t.ego_pose);
  const sds = t.sample_data.filter((r) => sampleTokens.has(r.sample_token));
  const sdTokens = new Set(sds.map((r) => r.token));
  const channelOf = (sd: Row<'sample_data'>) => sensorBy.get(csBy.get(sd.calibrated_sensor_token)!.sensor_token)!;

  // --- sensors: one per channel used by the scene's sample_data
  const byChannel = new Map<string, Row<'sample_data'>[]>();
  for (const sd of [...sds].sort((a, b) => a.timestamp - b.timestamp)) {
    const s = channelOf(sd);
    if (!['camera', 'lidar', 'radar'].includes(s.modality)) continue;
    const list = byChannel.get(s.channel) ?? [];
    list.push(sd);
    byChannel.set(s.channel, list);
  }
  const skipped = sds.filter((sd) => !['camera', 'lidar', 'radar'].includes(channelOf(sd).modality));
  if (skipped.length) warnings.push(`${skipped.length} sample_data of modality ${[...new Set(skipped.map((sd) => channelOf(sd).modality))].join(', ')} not imported (the scene model has camera and LiDAR sensors)`);
  const channels = t.sensor.filter((s) => byChannel.has(s.channel)).map((s) => s.channel).filter((c, i, a) => a.indexOf(c) === i);
  const radar = channels.filter((c) => t.sensor.find((s) => s.channel === c)!.modality === 'radar');
  if (radar.length) warnings.push(`radar channels ${radar.join(', ')} imported as point-cloud (lidar-kind) sensors with metadata.nuscenes.modality "radar"`);

  const size0 = opts.defaultImageSize ?? { width: 1600, height: 900 };
  const intrinsicsOf = (cs: Row<'calibrated_sensor'>, sd: Row<'sample_data'>) => {
    const K = cs.camera_intrinsic as number[][];
    if (K.length !== 3) throw new NuScenesTablesError(`${fileOf('calibrated_sensor')}: $[${t.calibrated_sensor.indexOf(cs)}].camera_intrinsic: a camera needs a 3×3 matrix`);
    if (K[1][0] !== 0 || K[2][0] !== 0 || K[2][1] !== 0 || K[2][2] !== 1) warnings.push(`calibrated_sensor ${cs.token}: camera_intrinsic is not [[fx,s,cx],[0,fy,cy],[0,0,1]]; the other entries are ignored`);
    const hasSize = (sd.width ?? 0) > 0 && (sd.height ?? 0) > 0;
    return { width: hasSize ? sd.width! : size0.width, height: hasSize ? sd.height! : size0.height, fx: K[0][0], fy: K[1][1], cx: K[0][2], cy: K[1][2], skew: K[0][1], distortion: { model: 'none' as const } };
  };
  const missingSize = new Set<string>();

  const sensors: SceneInput['sensors'] = channels.map((channel) => {
    const first = byChannel.get(channel)![0];
    const cs = csBy.get(first.calibrated_sensor_token)!;
    const row = sensorBy.get(cs.sensor_token)!;
    if (!/^[A-Za-z0-9_.:-]+$/.test(channel)) throw new NuScenesTablesError(`${fileOf('sensor')}: channel "${channel}" cannot name a frame (letters, digits, _ . : -)`);
    const base = { id: channel, name: channel, frame: channel, extrinsics: { from: channel, to: 'ego', repr: rawRepr(cs.rotation, cs.translation) }, metadata: { nuscenes: { token: row.token, modality: row.modality } } };
    if (row.modality === 'camera') {
      if (!((first.width ?? 0) > 0)) missingSize.add(channel);
      return { ...base, kind: 'camera' as const, intrinsics: intrinsicsOf(cs, first) };
    }
    return { ...base, kind: 'lidar' as const };
  });
  if (missingSize.size) warnings.push(`no image size in sample_data for ${[...missingSize].join(', ')}: ${size0.width}×${size0.height} assumed`);
  const sensorById = new Map(sensors.map((s) => [s.id, s]));

  // --- anchor sample_data per sample (the frame its boxes are stored in)
  const anchorOf = new Map<string, Row<'sample_data'>>();
  const rank = (sd: Row<'sample_data'>) => {
    const s = channelOf(sd);
    return [s.channel === 'LIDAR_TOP' ? 0 : s.modality === 'lidar' ? 1 : 2, s.channel] as const;
  };
  for (const sd of sds) {
    if (!sd.is_key_frame || !byChannel.has(channelOf(sd).channel)) continue;
    const cur = anchorOf.get(sd.sample_token);
    if (!cur) anchorOf.set(sd.sample_token, sd);
    else {
      const [a, b] = [rank(sd), rank(cur)];
      if (a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])) anchorOf.set(sd.sample_token, sd);
    }
  }
  const egoPose = (sd: Row<'sample_data'>): Pose => {
    const e = egoBy.get(sd.ego_pose_token)!;
    return rigid(e.rotation, e.translation);
  };
  const csPose = (sd: Row<'sample_data'>): Pose => {
    const c = csBy.get(sd.calibrated_sensor_token)!;
    return rigid(c.rotation, c.translation);
  };
  /** global ← sensor for one sample_data. */
  const globalFromSensor = (sd: Row<'sample_data'>): Pose => compose(egoPose(sd), csPose(sd));

  // --- streams
  let external = 0;
  const ext = (tok: string | undefined, inScene: Set<string>): string | undefined => {
    if (!tok || inScene.has(tok)) return undefined;
    external++;
    return tok;
  };
  const base = opts.baseUri ? `${opts.baseUri.replace(/\/+$/, '')}/` : '';
  const streams: SceneInput['streams'] = channels.map((channel) => {
    const sensor = sensorById.get(channel)!;
    const defaultCs = csBy.get(byChannel.get(channel)![0].calibrated_sensor_token)!;
    return {
      id: channel,
      sensor: channel,
      samples: byChannel.get(channel)!.map((sd) => {
        const e = egoBy.get(sd.ego_pose_token)!;
        const cs = csBy.get(sd.calibrated_sensor_token)!;
        const transforms: Transform[] = [{ from: 'ego', to: 'global', repr: rawRepr(e.rotation, e.translation) }];
        let intrinsics;
        if (cs.token !== defaultCs.token) {
          transforms.push({ from: channel, to: 'ego', repr: rawRepr(cs.rotation, cs.translation) });
          if (sensor.kind === 'camera') intrinsics = intrinsicsOf(cs, sd);
        } else if (sensor.kind === 'camera' && (sd.width ?? 0) > 0 && (sd.width !== sensor.intrinsics.width || sd.height !== sensor.intrinsics.height)) {
          intrinsics = intrinsicsOf(cs, sd);
        }
        const derived: string[] = [];
        const anchor = anchorOf.get(sd.sample_token);
        if (sd.is_key_frame && sensor.kind === 'camera' && anchor && anchor.token !== sd.token) {
          const camFromAnchor = relativeTo(globalFromSensor(sd), globalFromSensor(anchor));
          const from = channelOf(anchor).channel;
          transforms.push({ from, to: channel, repr: quatRepr({ q: quat.normalize(camFromAnchor.q), t: camFromAnchor.t }) });
          derived.push(`T_${channel}_from_${from}`);
        }
        const nuscenes: Record<string, unknown> = {
          token: sd.token,
          sample_token: sd.sample_token,
          is_key_frame: sd.is_key_frame,
          filename: sd.filename,
          ego_pose_token: e.token,
          ego_pose_timestamp: e.timestamp,
          calibrated_sensor_token: cs.token,
        };
        if (sd.fileformat !== undefined) nuscenes.fileformat = sd.fileformat;
        const prev = ext(sd.prev, sdTokens), next = ext(sd.next, sdTokens);
        if (prev) nuscenes.prev = prev;
        if (next) nuscenes.next = next;
        if (derived.length) nuscenes.derived = derived;
        return {
          id: sd.token,
          t: (sd.timestamp - t0) / 1e6,
          uri: base + sd.filename,
          ...(sd.is_key_frame ? { frame: sd.sample_token } : {}),
          original: { value: sd.timestamp, unit: 'us' as const },
          transforms,
          ...(intrinsics ? { intrinsics } : {}),
          metadata: { nuscenes },
        };
      }),
    };
  });

  // --- objects and cuboids
  const catBy = byToken(t.category), attrBy = byToken(t.attribute), visBy = byToken(t.visibility);
  const anns = t.sample_annotation.map((r, i) => ({ r, i })).filter(({ r }) => sampleTokens.has(r.sample_token));
  const annTokens = new Set(anns.map(({ r }) => r.token));
  const objects: SceneInput['objects'] = {};
  const annotations: SceneInput['annotations'][string] = {};
  const counts = new Map<string, number>();
  const unknownCats = new Set<string>();
  const members = new Map<string, number>();
  for (const { r } of anns) members.set(r.instance_token, (members.get(r.instance_token) ?? 0) + 1);
  for (const inst of t.instance) {
    if (!members.has(inst.token)) continue;
    const cat = catBy.get(inst.category_token)!;
    const { classId, known } = classForCategory(cat.name, taxonomy);
    if (!known) unknownCats.add(cat.name);
    const n = (counts.get(classId) ?? 0) + 1;
    counts.set(classId, n);
    const className = taxonomy.classes.find((c) => c.id === classId)!.name;
    objects[inst.token] = {
      id: inst.token,
      classId,
      name: `${className} ${n}`,
      attributes: { [CATEGORY_ATTRIBUTE]: cat.name },
      metadata: {
        nuscenes: {
          token: inst.token,
          category_token: cat.token,
          imported: { members: members.get(inst.token)!, nbr_annotations: inst.nbr_annotations, first_annotation_token: inst.first_annotation_token, last_annotation_token: inst.last_annotation_token },
        },
      },
    };
  }
  if (unknownCats.size) warnings.push(`categories without a taxonomy class, imported as misc (name kept in ${CATEGORY_ATTRIBUTE}): ${[...unknownCats].join(', ')}`);
  for (const { r, i } of anns) {
    const anchor = anchorOf.get(r.sample_token);
    if (!anchor) throw new NuScenesTablesError(`${fileOf('sample_annotation')}: $[${i}].sample_token: sample "${r.sample_token}" has no keyframe sample_data of a camera or LiDAR to place the box in`);
    const box = relativeTo(globalFromSensor(anchor), { q: { w: r.rotation[0], x: r.rotation[1], y: r.rotation[2], z: r.rotation[3] }, t: { x: r.translation[0], y: r.translation[1], z: r.translation[2] } });
    const attributes: Record<string, string | number> = {};
    if (r.attribute_tokens.length) attributes[ANNOTATION_ATTRIBUTES.attributes] = r.attribute_tokens.map((a) => attrBy.get(a)!.name).join(',');
    if (r.visibility_token) attributes[ANNOTATION_ATTRIBUTES.visibility] = visBy.get(r.visibility_token)!.level;
    if (r.num_lidar_pts !== undefined) attributes[ANNOTATION_ATTRIBUTES.lidarPts] = r.num_lidar_pts;
    if (r.num_radar_pts !== undefined) attributes[ANNOTATION_ATTRIBUTES.radarPts] = r.num_radar_pts;
    const nuscenes: Record<string, unknown> = { token: r.token };
    const prev = ext(r.prev, annTokens), next = ext(r.next, annTokens);
    if (prev) nuscenes.prev = prev;
    if (next) nuscenes.next = next;
    annotations[r.token] = {
      id: r.token,
      kind: 'cuboid',
      object: r.instance_token,
      sensor: channelOf(anchor).channel,
      sample: anchor.token,
      source: 'imported',
      center: box.t,
      size: { l: r.size[1], w: r.size[0], h: r.size[2] },
      rotation: box.q,
      attributes,
      metadata: { nuscenes },
    };
  }

  // --- scene-level records
  const sampleMeta = samples.map((s) => {
    const m: Record<string, unknown> = { token: s.token, timestamp: s.timestamp };
    const prev = ext(s.prev, sampleTokens), next = ext(s.next, sampleTokens);
    if (prev) m.prev = prev;
    if (next) m.next = next;
    return m;
  });
  if (external) warnings.push(`${external} prev/next links point outside the given rows (a trimmed table set?); kept for export`);
  const sceneMeta = sceneRow
    ? { token: sceneRow.token, name: sceneRow.name, description: sceneRow.description ?? '', log_token: sceneRow.log_token, imported: { members: samples.length, nbr_samples: sceneRow.nbr_samples, first_sample_token: sceneRow.first_sample_token, last_sample_token: sceneRow.last_sample_token } }
    : undefined;
  const name = sceneRow?.name || `nuScenes ${samples[0].token.slice(0, 8)}`;
  const scene: SceneInput = {
    schemaVersion: 3,
    id: `nuscenes-${sceneRow?.token ?? samples[0].token}`,
    name,
    taxonomy,
    sensors,
    transforms: [],
    streams,
    objects,
    annotations: partitionAnnotations(annotations),
    documents: [],
    metadata: {
      source,
      importer: 'nuscenes-tables',
      nuscenes: {
        ...(sceneMeta ? { scene: sceneMeta } : {}),
        ...(logRow ? { log: logRow } : {}),
        t0_us: t0,
        samples: sampleMeta,
        category: t.category,
        attribute: t.attribute,
        visibility: t.visibility,
      },
    },
  };
  const parsed = Scene.safeParse(scene);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new NuScenesTablesError(`${source}: the imported scene does not validate (importer bug): ${i.path.join('.')}: ${i.message}`);
  }
  return { scene: parsed.data, warnings };
}
