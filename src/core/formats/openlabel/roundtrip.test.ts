import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Annotation, Scene } from '../../schema';
import { exportOpenLabel } from './export';
import { importOpenLabel } from './import';
import schema from './openlabel_json_schema-v1.0.0.json';
import { kittiScene, kittiSceneWithMask } from './testing/kittiScene';
import type { OpenLabelDoc } from './types';
import { validateOpenLabel } from './validate';

/**
 * Normalise what OpenLABEL legitimately renumbers: object ids (uids "0", "1", … in order),
 * annotation and ignore-region ids (replaced by a content key; fromCuboid by its target's key),
 * and float noise from the bbox centre form (rounded to 1e-9).
 */
function normalise(scene: Scene): unknown {
  const objIds = new Map(Object.keys(scene.objects).map((id, i) => [id, `obj${i}`]));
  const keyOf = (a: Annotation): string => {
    const where = a.kind === 'textSpan' ? `${a.document}:${a.start}` : a.kind === 'timeSegment' ? `${a.sensor}:${a.start}` : `${a.sensor}:${a.sample}:${'x0' in a ? a.x0.toFixed(6) : 'center' in a ? a.center.x : ''}`;
    return `${a.kind}|${objIds.get(a.object)}|${where}`;
  };
  const keyById = new Map(Object.values(scene.annotations).map((a) => [a.id, keyOf(a)]));
  const annotations = Object.values(scene.annotations)
    .map((a) => ({ ...a, id: keyOf(a), object: objIds.get(a.object), ...('fromCuboid' in a && a.fromCuboid ? { fromCuboid: keyById.get(a.fromCuboid) } : {}) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const objects = Object.values(scene.objects).map((o) => ({ ...o, id: objIds.get(o.id) }));
  const ignoreRegions = scene.ignoreRegions.map(({ id: _id, ...r }) => r);
  const round = (_k: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v);
  return JSON.parse(JSON.stringify({ ...scene, objects, annotations, ignoreRegions }, round));
}

describe('OpenLABEL round trip', () => {
  it('scene → OpenLABEL → scene keeps every object, geometry, link, timestamp, calibration and attribute', () => {
    const scene = kittiScene();
    const { json, summary } = exportOpenLabel(scene);
    const back = importOpenLabel(JSON.parse(JSON.stringify(json)), 'roundtrip.json');
    expect(normalise(back.scene)).toEqual(normalise(scene));
    expect(back.warnings).toEqual([]);
    expect(summary.written).toMatchObject({ objects: 4, cuboids: 2, boxes: 3, polygons: 1, notVisible: 2, timeSegments: 1, textSpans: 2, ignoreRegions: 2, documents: 1, streams: 4 });
  });

  it('writes the OpenLABEL shapes FORMATS.md §1 describes', () => {
    const { json } = exportOpenLabel(kittiScene());
    const ol = json.openlabel;
    // one uid for the pedestrian: a cuboid in the LiDAR frame and boxes in the camera, in the same master frame
    const f0 = ol.frames!['0'].objects!['0'].object_data!;
    expect(f0.cuboid[0]).toMatchObject({ name: 'box3D', coordinate_system: 'velodyne', val: [8.66, -1.8, -0.76, 0, 0, 0.0998, 0.995, 1.2, 0.48, 1.89] });
    // bbox centre form: (712.4 + 810.73) / 2, (143 + 307.92) / 2, 98.33, 164.92 (hand computation)
    const [cx, cy, w, h] = f0.bbox[0].val as number[];
    expect([cx, cy, w, h].map((v) => +v.toFixed(6))).toEqual([761.565, 225.46, 98.33, 164.92]);
    expect(f0.bbox[0].name).toBe('box2D@cam2');
    expect(f0.bbox[1].attributes?.text).toContainEqual({ name: 'source', val: 'projected' });
    expect(f0.bbox[1].attributes?.text).toContainEqual({ name: 'from_cuboid', val: '0:box3D' });
    // pose_wrt_parent maps child → parent: velodyne's pose is Tr_velo_to_cam itself (X_cam0 = Tr · X_velo)
    expect(ol.coordinate_systems!.velodyne.parent).toBe('camera_0');
    expect((ol.coordinate_systems!.velodyne.pose_wrt_parent as { matrix4x4: number[] }).matrix4x4[3]).toBe(-2.457729e-2);
    expect(ol.coordinate_systems!.fisheye_left.pose_wrt_parent).toEqual({ quaternion: [0.5, -0.5, 0.5, -0.5], translation: [0.2, 0.9, -0.4] });
    // intrinsics with the spellings Vicomtech's library writes
    const cam = ol.streams!.cam2.stream_properties!.intrinsics_pinhole as Record<string, unknown>;
    expect(cam).toMatchObject({ width_px: 1242, height_px: 375, camera_matrix_3x4: [707.0493, 0, 604.0814, 0, 0, 707.0493, 180.5066, 0, 0, 0, 1, 0], distortion_coeffs_1xN: [-0.05, 0.01, 0.001, -0.0005, 0.002] });
    expect(ol.streams!.fish.stream_properties!.intrinsics_fisheye).toMatchObject({ center_x: 640.5, lens_coeffs_1xN: [0.05, -0.01, 0.002, -0.0004] });
    // master frame 0 groups camera, LiDAR and fisheye samples labelled 000000, each with its own sync timestamp
    const sync = ol.frames!['0'].frame_properties!.streams!;
    expect(Object.keys(sync).sort()).toEqual(['cam2', 'fish', 'velo']);
    expect(sync.velo.stream_properties!.sync).toEqual({ frame_stream: 0, timestamp: 0.002 });
    expect(ol.frames!['0'].frame_properties!.timestamp).toBe(0);
    // per-sample calibration override → per-frame transforms and per-frame intrinsics
    expect(Object.values(ol.frames!['0'].frame_properties!.transforms!)[0]).toMatchObject({ src: 'camera_2', dst: 'camera_0_rect' });
    expect(sync.cam2.stream_properties!.intrinsics_pinhole).toBeDefined();
    expect(ol.objects!['0']).toMatchObject({ type: 'pedestrian', ontology_uid: '0', name: 'Pedestrian 1' });
    expect(ol.ontologies!['0']).toBe('urn:crosslabel:taxonomy:crosslabel-driving:v1');
  });

  it('every export validates against the official schema and the extra checks', () => {
    const { json } = exportOpenLabel(kittiSceneWithMask());
    expect(validateOpenLabel(json)).toEqual({ valid: true, errors: [] });
  });

  it('lists what OpenLABEL cannot hold instead of dropping it silently', () => {
    const { summary } = exportOpenLabel(kittiSceneWithMask());
    expect(summary.dropped.find((d) => d.what === 'mask')).toMatchObject({ count: 1 });
    expect(summary.dropped.map((d) => d.what)).toContain('taxonomy definition');
  });

  it('a broken export that the schema alone accepts is caught by the extra checks', () => {
    const { json } = exportOpenLabel(kittiScene());
    const broken = JSON.parse(JSON.stringify(json)) as OpenLabelDoc;
    const pin = broken.openlabel.streams!.cam2.stream_properties!.intrinsics_pinhole as { camera_matrix_3x4: number[] };
    pin.camera_matrix_3x4 = pin.camera_matrix_3x4.slice(0, 11);
    // master frames: 0 = samples labelled 000000, 1 = the audio sample (t = 0, no label), 2 = 000001
    (broken.openlabel.frames!['2'].frame_properties!.streams!.velo.stream_properties!.sync as Record<string, unknown>).frame_stream = 'one';
    (broken.openlabel.frame_intervals as unknown[]).push({ frame_start: 'x' });
    broken.openlabel.frames!['0'].objects!['0'].object_data!.cuboid[0].coordinate_system = 'nowhere';
    // The official schema alone (ajv draft-07) accepts all four faults…
    const schemaOnly = new Ajv({ strict: false }).compile(schema);
    expect(schemaOnly(broken)).toBe(true);
    // …the extra checks name each one by JSON path.
    const r = validateOpenLabel(broken);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '$.openlabel.streams.cam2.stream_properties.intrinsics_pinhole.camera_matrix_3x4',
        '$.openlabel.frames["2"].frame_properties.streams.velo.stream_properties.sync.frame_stream',
        '$.openlabel.frame_intervals[1]',
        '$.openlabel.frames["0"].objects["0"].object_data.cuboid[0].coordinate_system',
      ]),
    );
    expect(r.errors.find((e) => e.path.endsWith('camera_matrix_3x4'))?.message).toMatch(/12 finite numbers.*got 11/);
  });
});
