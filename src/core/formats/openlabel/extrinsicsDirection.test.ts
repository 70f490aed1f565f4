/**
 * Extrinsics as a pose or a transform, decided by the file's evidence. Fixtures written by
 * fixtures/openlabel-vicomtech-convention/write_from_kitti_object.py (numpy, no Crosslabel code) from the real KITTI
 * frame 000001 (public/demo/kitti): its truck, car and cyclist as velodyne-frame cuboids, KITTI's own 2D boxes, and
 * CAM_LEFT's pose_wrt_parent written right (inv(R0_rect·Tr_velo_to_cam)) or inverted (R0_rect·Tr_velo_to_cam, a
 * transform where the spec wants a pose). The reference IoUs are the devkit's projected boxes against KITTI's boxes
 * (reference.json), computed in numpy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectSceneCuboids } from '../../projection/scene';
import { importOpenLabel } from './import';

const DIR = 'fixtures/openlabel-vicomtech-convention';
const load = (name: string): unknown => JSON.parse(readFileSync(`${DIR}/${name}`, 'utf8'));
const ref = (JSON.parse(readFileSync(`${DIR}/reference.json`, 'utf8')) as Record<string, { iou_lhw: number }[]>)['000001'];
const refMean = ref.reduce((s, r) => s + r.iou_lhw, 0) / ref.length;
const boxes = (name: string, opts = {}) =>
  projectSceneCuboids(importOpenLabel(load(name), name, opts).scene, { camera: 'CAM_LEFT' })
    .map((p) => ({ object: p.object, box: p.box }))
    .sort((a, b) => a.object.localeCompare(b.object));

describe("OpenLABEL: a camera's pose_wrt_parent read as a pose or a transform by the file's own evidence", () => {
  it('written right: read as a pose (the spec), with the devkit\'s agreement figure', () => {
    const { conventions } = importOpenLabel(load('kitti_object_000001_velo.json'), 'velo.json');
    expect(conventions).toEqual([expect.objectContaining({ question: 'extrinsics direction', chosen: 'pose', basis: 'boxes' })]);
    expect(conventions[0].readings[0].meanIoU).toBeCloseTo(refMean, 2);
    expect(conventions[0].readings[1].meanIoU).toBeLessThan(0.1);
  });

  it('written inverted: read as a transform, reported, and the cuboids project exactly as from the right file', () => {
    const { conventions, warnings } = importOpenLabel(load('kitti_object_000001_velo_inverted.json'), 'inverted.json');
    expect(conventions).toEqual([expect.objectContaining({ question: 'extrinsics direction', chosen: 'transform', basis: 'boxes' })]);
    expect(warnings.join('\n')).toMatch(/extrinsics direction of CAM_LEFT's pose_wrt_parent: read as a transform \(parent → child\): mean IoU of the projected cuboids with the file's own 2D boxes 0\.9\d\d/);
    const right = boxes('kitti_object_000001_velo.json');
    const fixed = boxes('kitti_object_000001_velo_inverted.json');
    expect(fixed).toHaveLength(3);
    expect(fixed.map((p) => p.object)).toEqual(right.map((p) => p.object));
    fixed.forEach((p, i) => p.box.forEach((v, k) => expect(v).toBeCloseTo(right[i].box[k], 6)));
    // forced by the spec, the cuboids fall outside the image: nothing projects
    expect(boxes('kitti_object_000001_velo_inverted.json', { extrinsics: 'pose' })).toHaveLength(0);
    const forced = importOpenLabel(load('kitti_object_000001_velo_inverted.json'), 'inverted.json', { extrinsics: 'pose' }).conventions[0];
    expect(forced.message).toMatch(/as asked — the file's evidence favours a transform/);
  });

  it('written for an OpenGL camera (looking down −z, y up): read as such, and the cuboids project as from the right file', () => {
    const { conventions } = importOpenLabel(load('kitti_object_000001_velo_opengl.json'), 'gl.json');
    expect(conventions).toEqual([expect.objectContaining({ question: 'extrinsics direction', chosen: 'pose-opengl', basis: 'boxes' })]);
    expect(conventions[0].message).toMatch(/read as a pose of an OpenGL camera \(looking down −z\)/);
    const right = boxes('kitti_object_000001_velo.json');
    const fixed = boxes('kitti_object_000001_velo_opengl.json');
    expect(fixed).toHaveLength(3);
    fixed.forEach((p, i) => p.box.forEach((v, k) => expect(v).toBeCloseTo(right[i].box[k], 6)));
  });

  it('a matrix4x4 written column-major (translation in the last row) is read transposed, with a warning, from the matrix itself', () => {
    const json = load('kitti_object_000001_velo.json') as { openlabel: { coordinate_systems: { CAM_LEFT: { pose_wrt_parent: { matrix4x4: number[] } } } } };
    const m = json.openlabel.coordinate_systems.CAM_LEFT.pose_wrt_parent.matrix4x4;
    json.openlabel.coordinate_systems.CAM_LEFT.pose_wrt_parent.matrix4x4 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15].map((i) => m[i]);
    const r = importOpenLabel(json, 'colmajor.json');
    expect(r.warnings.join('\n')).toMatch(/CAM_LEFT.*pose_wrt_parent\.matrix4x4 was read column-major/);
    const got = projectSceneCuboids(r.scene, { camera: 'CAM_LEFT' }).map((p) => p.box);
    const right = boxes('kitti_object_000001_velo.json');
    expect(got).toHaveLength(3);
    expect(r.conventions[0]).toMatchObject({ chosen: 'pose' });
    got.sort((a, b) => a[0] - b[0]).forEach((b, i) => b.forEach((v, k) => expect(v).toBeCloseTo([...right].sort((x, y) => x.box[0] - y.box[0])[i].box[k], 6)));
  });

  it('cuboids the importer moved from the camera carry no evidence: no question is asked of the camera-frame file', () => {
    const { conventions } = importOpenLabel(load('kitti_object_000001.json'), 'cam.json');
    expect(conventions.map((c) => c.question)).toEqual(['cuboid size order']);
  });
});
