/**
 * KITTI inputs found by fuzzing (src/core/formats/fuzz, issue #17): numbers out of range and a
 * singular calibration reached the geometry and failed there with messages that named no file.
 */
import { describe, expect, it } from 'vitest';
import { parseKittiCalib } from './calib';
import { KittiFormatError } from './errors';
import { importKitti } from './import';
import { parseKittiLabels } from './labels';
import { demoFiles, demoText, memorySource } from './testing';
import { parseKittiTrackingLabels } from './tracking';

/** The demo folder with one file's text replaced. */
const importWith = (path: string, text: string) => importKitti(memorySource('demo', { ...demoFiles(), [path]: text }));
const rejection = async (p: Promise<unknown>): Promise<Error> => p.then(() => { throw new Error('expected a rejection'); }, (e: Error) => e);

describe('KITTI numbers out of range', () => {
  it('a calibration value of 1e309 (Infinity) is refused where it is written (it became a NaN matrix: "matrix is singular")', async () => {
    const calib = demoText('calib/000001.txt').replace(/^R0_rect: \S+/m, 'R0_rect: 1e309');
    expect(() => parseKittiCalib(calib, 'calib/000001.txt')).toThrow(KittiFormatError);
    const e = await rejection(importWith('calib/000001.txt', calib));
    expect(e).toBeInstanceOf(KittiFormatError);
    expect(e.message).toMatch(/^calib\/000001\.txt:5: R0_rect: value 1 "1e309" is out of range \(not a finite number\)$/);
  });

  it('a label with rotation_y -1e309 is refused with file, line and column (it failed in the quaternion code)', async () => {
    const label = demoText('label_2/000001.txt').replace(/ -1\.56\n/, ' -1e309\n');
    expect(label).toContain('-1e309');
    const e = await rejection(importWith('label_2/000001.txt', label));
    expect(e).toBeInstanceOf(KittiFormatError);
    expect(e.message).toBe('label_2/000001.txt:1: rotation_y: value 1 "-1e309" is out of range (not a finite number)');
    expect(() => parseKittiLabels('Car 0 0 0 1 1 2 2 1 1 1 1 1 1 1e400\n', 'l.txt')).toThrow(/^l\.txt:1: rotation_y: value 1 "1e400" is out of range/);
  });

  it('a tracking row with a size of 1e309 is refused', () => {
    const row = '0 0 Car 0 0 -1.7 296.7 161.8 455.2 292.4 1e309 1.8 4.4 -4.6 1.9 13.4 -2.1\n';
    expect(() => parseKittiTrackingLabels(row, 'label_02/0003.txt')).toThrow(/^label_02\/0003\.txt:1: column 11 \(dimensions\.h\): "1e309" is out of range \(not a finite number\)$/);
  });
});

describe('KITTI singular calibration', () => {
  it('R0_rect scaled to 1e-320 names the calibration file (it was a bare "matrix is singular" from mat4.invert)', async () => {
    const calib = demoText('calib/000002.txt').replace(/^R0_rect: .*$/m, 'R0_rect: 1e-320 0 0 0 1e-320 0 0 0 1e-320');
    const e = await rejection(importWith('calib/000002.txt', calib));
    expect(e).toBeInstanceOf(KittiFormatError);
    expect(e.message).toMatch(/^calib\/000002\.txt: R0_rect · Tr_velo_to_cam cannot be inverted \(matrix is singular or not finite \(det=.*\)\); the calibration is not a rigid transform$/);
  });
});
