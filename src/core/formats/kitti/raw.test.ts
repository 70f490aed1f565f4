/**
 * The KITTI raw importer on the bundled sequence (public/demo/sequence), against an independent
 * reference: fixtures/kitti-raw-reference/project_velo.py projects points of sweep 0 with the raw
 * devkit's formula P_rect_02 · R_rect_00 · [R|T]_velo→cam in numpy (its own file reading), and the
 * importer's scene — sensor extrinsics and scene.transforms resolved by the frame graph, intrinsics
 * through the camera model — must put them on the same pixels.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameGraph, createCameraModel, projectPoint } from '../../calibration';
import { mat4 } from '../../math';
import type { CameraSensor } from '../../schema';
import { sampleAt } from '../../time';
import { KittiFormatError } from './errors';
import { NotKittiError } from './layout';
import { importKittiRaw } from './raw';
import { parseKittiRawCamToCam, parseKittiRawVeloToCam } from './rawCalib';
import { parseKittiRawTimestamps } from './rawTimestamps';
import { REPO_ROOT, memorySource, walk } from './testing';
import { readVelodyneBin } from './velodyne';

const SEQ = join(REPO_ROOT, 'public/demo/sequence');
interface RefPoint { index: number; xyz: number[]; uv: number[] }
const REF: { points: RefPoint[]; pointsInImage: number } = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/kitti-raw-reference/reference.json'), 'utf8'));

/** The bundled sequence as a memory source: calibration text, byte lengths of images and sweeps. */
function sequenceFiles(prefix = ''): Record<string, string | number> {
  const files: Record<string, string | number> = {};
  for (const rel of walk(SEQ)) {
    if (/\.(md|json)$/.test(rel)) continue;
    files[`${prefix}${rel}`] = rel.endsWith('.txt') ? readFileSync(join(SEQ, rel), 'utf8') : statSync(join(SEQ, rel)).size;
  }
  return files;
}

const FRAMES = Array.from({ length: 12 }, (_, i) => String(i).padStart(10, '0'));
const STAMP = (i: number) => `2011-09-26 13:02:${String(25 + Math.floor(i / 10)).padStart(2, '0')}.${String((i % 10) * 103_456_789 + 964_389).padStart(9, '0')}`;

describe('importKittiRaw on the bundled 12-frame sequence', () => {
  it('builds a camera and a LiDAR stream of 12 samples at t = i × 0.1 s with shared frame labels, and says there are no timestamps', async () => {
    const { scene, warnings } = await importKittiRaw(memorySource('2011_09_26', sequenceFiles()), { baseUri: '/demo/sequence' });
    expect(warnings).toEqual([]);
    expect(scene.sensors.map((s) => [s.id, s.kind])).toEqual([
      ['image_02', 'camera'],
      ['velodyne', 'lidar'],
    ]);
    for (const st of scene.streams) {
      expect(st.samples.map((s) => s.frame)).toEqual(FRAMES);
      st.samples.forEach((s, i) => {
        expect(s.t).toBeCloseTo(i * 0.1, 12);
        expect(s.original).toEqual({ value: i, unit: 'frame-index' });
      });
    }
    expect(scene.streams[0].samples[3].uri).toBe('/demo/sequence/image_02/data/0000000003.jpg');
    expect(scene.streams[1].samples[3].uri).toBe('/demo/sequence/velodyne_points/data/0000000003.bin');
    // the sample of a stream at or before t (binary search in core/time)
    expect(sampleAt(scene.streams[1], 0.55)?.frame).toBe('0000000005');
    const cam = scene.sensors[0] as CameraSensor;
    expect([cam.intrinsics.width, cam.intrinsics.height]).toEqual([1242, 375]); // S_rect_02
    expect(cam.intrinsics.fx).toBe(721.5377);
    const text = scene.documents[0].text;
    expect(text).toMatch(/no timestamp files/);
    expect(text).toMatch(/10 Hz/);
    expect(text).toMatch(/CC BY-NC-SA 3\.0/);
  });

  it('projects sweep 0 onto image_02 where the numpy devkit formula does (≤ 1e-3 px)', async () => {
    const { scene } = await importKittiRaw(memorySource('2011_09_26', sequenceFiles()));
    const cam = scene.sensors.find((s): s is CameraSensor => s.kind === 'camera')!;
    const camSample = scene.streams[0].samples[0];
    const lidarSample = scene.streams[1].samples[0];
    const T = FrameGraph.fromScene(scene, [camSample, lidarSample]).resolve('velodyne', cam.frame).m;
    const model = createCameraModel(cam.intrinsics);
    const bytes = readFileSync(join(SEQ, 'velodyne_points/data/0000000000.bin'));
    const points = readVelodyneBin(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), '0000000000.bin');
    expect(REF.points).toHaveLength(16);
    let worst = 0;
    for (const ref of REF.points) {
      const x = points[4 * ref.index], y = points[4 * ref.index + 1], z = points[4 * ref.index + 2];
      expect([x, y, z]).toEqual(ref.xyz); // same point of the same file
      const c = mat4.applyToPoint(T, x, y, z);
      const uv = [0, 0];
      expect(projectPoint(model, c[0], c[1], c[2], uv)).toBe(true);
      const d = Math.max(Math.abs(uv[0] - ref.uv[0]), Math.abs(uv[1] - ref.uv[1]));
      worst = Math.max(worst, d);
      expect(d, `point ${ref.index}`).toBeLessThan(1e-3);
    }
    console.log(`importKittiRaw vs numpy devkit projection: ${REF.points.length} points of sweep 0, worst ${worst.toExponential(2)} px`);
  });

  it('accepts the official layout (day folder / drive folder) and uses timestamps.txt when present', async () => {
    const files = sequenceFiles();
    const nested: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(files)) nested[k.startsWith('calib_') ? `2011_09_26/${k}` : `2011_09_26/2011_09_26_drive_0001_sync/${k}`] = v;
    nested['2011_09_26/2011_09_26_drive_0001_sync/image_02/timestamps.txt'] = FRAMES.map((_, i) => STAMP(i)).join('\n') + '\n';
    const { scene, warnings } = await importKittiRaw(memorySource('2011_09_26', nested));
    expect(warnings).toEqual(['velodyne_points: no timestamps.txt; their frames use t = frame number × 0.1 s after the first timestamp']);
    const cam = scene.streams[0].samples;
    expect(cam[0].t).toBe(0);
    expect(cam[0].original).toEqual({ value: STAMP(0), unit: 'iso8601' });
    // frame 10 is 13:02:26.000964389, exactly 1 s after frame 0 (13:02:25.000964389): whole seconds and fractions kept apart
    expect(cam[10].t).toBeCloseTo(1, 9);
    expect(cam[3].t).toBeCloseTo(3 * 0.103456789, 9);
    expect(scene.documents[0].text).toMatch(/timestamps\.txt/);
  });
});

describe('importKittiRaw: bad input gets a clear message naming the file', () => {
  it('timestamps that go backwards', async () => {
    const files = sequenceFiles();
    const lines = FRAMES.map((_, i) => STAMP(i));
    [lines[4], lines[5]] = [lines[5], lines[4]];
    files['image_02/timestamps.txt'] = lines.join('\n');
    await expect(importKittiRaw(memorySource('seq', files))).rejects.toThrow(/^image_02\/timestamps\.txt:6: timestamps go backwards: .* is earlier than line 5/);
  });

  it('a timestamps file shorter than the frames', async () => {
    const files = sequenceFiles();
    files['velodyne_points/timestamps.txt'] = FRAMES.slice(0, 5).map((_, i) => STAMP(i)).join('\n');
    await expect(importKittiRaw(memorySource('seq', files))).rejects.toThrow(/velodyne_points\/timestamps\.txt: has 5 line\(s\) but velodyne_points\/data\/ has frame 0000000005/);
  });

  it('a calibration without P_rect_02 / a malformed number / no calib file', async () => {
    const files = sequenceFiles();
    files['calib_cam_to_cam.txt'] = String(files['calib_cam_to_cam.txt']).replace(/^P_rect_02:.*$/m, '');
    await expect(importKittiRaw(memorySource('seq', files))).rejects.toThrow(/^calib_cam_to_cam\.txt: P_rect_02: no P_rect_02 for camera image_02/);
    expect(() => parseKittiRawVeloToCam('R: 1 0 0 0 1 0 0 0 1\nT: 0 0 x\n', 'calib_velo_to_cam.txt')).toThrow('calib_velo_to_cam.txt:2: T: value 3 "x" is not a number');
    expect(() => parseKittiRawCamToCam('R_rect_00: 1 0 0 0 1 0 0 0 1\nP_rect_02: 1 2 3\nS_rect_02: 1242 375\n', 'cc.txt')).toThrow('cc.txt:2: P_rect_02: expected 12 numbers, found 3');
    const noCalib = sequenceFiles();
    delete noCalib['calib_velo_to_cam.txt'];
    await expect(importKittiRaw(memorySource('seq', noCalib))).rejects.toThrow(/^seq: no calib_velo_to_cam\.txt/);
  });

  it('a truncated sweep, a folder that is not KITTI raw, two drives at once', async () => {
    const files = sequenceFiles();
    files['velodyne_points/data/0000000007.bin'] = 1000;
    await expect(importKittiRaw(memorySource('seq', files))).rejects.toThrow(/^velodyne_points\/data\/0000000007\.bin: 1000 bytes is not a multiple of 16/);
    await expect(importKittiRaw(memorySource('x', { 'a.txt': 'hi' }))).rejects.toBeInstanceOf(NotKittiError);
    const two = { ...sequenceFiles(), 'other/image_02/data/0000000000.png': 10 };
    await expect(importKittiRaw(memorySource('seq', two))).rejects.toBeInstanceOf(KittiFormatError);
  });

  it('parseKittiRawTimestamps keeps nanoseconds and rejects a malformed line with its line number', () => {
    const s = parseKittiRawTimestamps('2011-09-26 13:02:25.964389445\n2011-09-26 13:02:26.068621398\n', 'ts.txt');
    expect(s[1].whole - s[0].whole + s[1].frac - s[0].frac).toBeCloseTo(0.104231953, 9);
    expect(() => parseKittiRawTimestamps('2011-09-26 13:02:25.9\nyesterday\n', 'ts.txt')).toThrow(/^ts\.txt:2: malformed timestamp "yesterday"/);
  });
});
