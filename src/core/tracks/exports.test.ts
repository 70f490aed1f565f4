/**
 * Exports write every frame: interpolated annotations are exported like any other (OpenLABEL keeps
 * their source; KITTI tracking, MOT and COCO write a row per frame). Expected numbers are the
 * plain formulas on the track test scene's constants: centre / box edges a + (b − a)·(t − t_a)/(t_b − t_a),
 * and for KITTI's camera-frame location the test scene's extrinsics x_cam = −y, z_cam = x.
 */
import { describe, expect, it } from 'vitest';
import { execute } from '../commands/command';
import { interpolateObject } from '../commands/tracks';
import { exportOpenLabel, importOpenLabel } from '../formats/openlabel';
import { exportKittiTracking } from '../formats/kitti';
import { exportMot } from '../formats/mot';
import { exportCoco } from '../formats/coco';
import { allAnnotations } from '../schema';
import { B1, B10, CAMERA_T, K1, K10, LIDAR_T, makeTrackScene } from './testScene';

const lin = (a: number, b: number, ta: number, tb: number, t: number) => a + ((b - a) * (t - ta)) / (tb - ta);
const scene = () => execute(makeTrackScene(), interpolateObject, { object: 'car' }).next;
const c5 = { x: lin(K1.center.x, K10.center.x, LIDAR_T[1], LIDAR_T[10], LIDAR_T[5]), y: lin(K1.center.y, K10.center.y, LIDAR_T[1], LIDAR_T[10], LIDAR_T[5]) };
const box5 = { x0: lin(B1.x0, B10.x0, CAMERA_T[1], CAMERA_T[10], CAMERA_T[5]), x1: lin(B1.x1, B10.x1, CAMERA_T[1], CAMERA_T[10], CAMERA_T[5]) };

describe('exports include interpolated frames', () => {
  it('OpenLABEL: a cuboid and a box in each of the 10 frames 1…10, source "interpolated" kept, and read back', () => {
    const s = scene();
    const { json } = exportOpenLabel(s);
    const ol = json.openlabel;
    const uid = Object.entries(ol.objects ?? {}).find(([, o]) => (o as { name?: string }).name === 'Car 1')![0];
    const framesWith = (kind: 'cuboid' | 'bbox') =>
      Object.entries(ol.frames ?? {})
        .filter(([, f]) => (f.objects?.[uid]?.object_data as Record<string, unknown[]> | undefined)?.[kind]?.length)
        .map(([k]) => Number(k))
        .sort((a, b) => a - b);
    // master frames follow the samples' frame labels "1" … "10" (the audio sample, unlabelled, has its own frame first)
    const cuboidFrames = framesWith('cuboid');
    expect(cuboidFrames.length).toBe(10);
    expect(cuboidFrames.every((f, i) => i === 0 || f === cuboidFrames[i - 1] + 1)).toBe(true);
    expect(framesWith('bbox')).toEqual(cuboidFrames);
    const f5 = String(cuboidFrames[4]);
    const cub = (ol.frames![f5].objects![uid].object_data as unknown as { cuboid: { val: number[]; attributes?: { text?: { name: string; val: string }[] } }[] }).cuboid[0];
    expect(cub.val[0]).toBeCloseTo(c5.x, 9);
    expect(cub.val[1]).toBeCloseTo(c5.y, 9);
    expect(cub.attributes?.text).toContainEqual({ name: 'source', val: 'interpolated' });
    const back = importOpenLabel(JSON.parse(JSON.stringify(json)), 'interp.json').scene;
    const interp = allAnnotations(back).filter((a) => a.source === 'interpolated');
    expect(interp.filter((a) => a.kind === 'cuboid').length).toBe(8);
    expect(interp.filter((a) => a.kind === 'box2d').length).toBe(8);
  });

  it('KITTI tracking: one row per frame 1…10 for the car; frame 5 carries the interpolated box and location', () => {
    const { rows } = exportKittiTracking(scene(), { camera: 'cam' });
    const car = rows.filter((r) => r.type === 'Car');
    expect(car.map((r) => r.frame)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const r5 = car.find((r) => r.frame === 5)!;
    expect(r5.bbox.left).toBeCloseTo(box5.x0, 2);
    expect(r5.bbox.right).toBeCloseTo(box5.x1, 2);
    expect(r5.location.x).toBeCloseTo(-c5.y, 2);
    expect(r5.location.z).toBeCloseTo(c5.x, 2);
  });

  it('MOT and COCO: the interpolated boxes are rows like any other', () => {
    const s = scene();
    const mot = exportMot(s, 'cam').text.trim().split('\n');
    expect(mot.map((l) => Number(l.split(',')[0]))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // MOT frames are 1-based
    expect(Number(mot[4].split(',')[2])).toBeCloseTo(box5.x0, 2);
    const coco = exportCoco(s, 'cam');
    expect(coco.json.annotations.length).toBe(10);
  });
});
