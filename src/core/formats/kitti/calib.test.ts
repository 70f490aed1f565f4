/**
 * Calibration parsing. Expected numbers are the decimal strings of public/demo/kitti/calib/*.txt
 * themselves (read by eye from the dataset's file and typed in), not our output.
 */
import { describe, expect, it } from 'vitest';
import { parseKittiCalib } from './calib';
import { KittiFormatError } from './errors';
import { demoText, malformedText } from './testing';

describe('parseKittiCalib', () => {
  it('reads the object-layout keys of a real KITTI calib file, row-major', () => {
    const c = parseKittiCalib(demoText('calib/000000.txt'), 'calib/000000.txt');
    // calib/000000.txt, line "P2: 7.070493000000e+02 0 6.040814000000e+02 4.575831000000e+01 0 7.070493000000e+02 1.805066000000e+02 -3.454157000000e-01 0 0 1 4.981016000000e-03"
    expect(c.P2).toEqual([707.0493, 0, 604.0814, 45.75831, 0, 707.0493, 180.5066, -0.3454157, 0, 0, 1, 0.004981016]);
    expect(c.R0_rect).toHaveLength(9);
    expect(c.R0_rect[0]).toBe(0.9999128);
    expect(c.R0_rect[1]).toBe(0.01009263);
    expect(c.Tr_velo_to_cam).toHaveLength(12);
    expect(c.Tr_velo_to_cam[3]).toBe(-0.02457729);
    expect(c.Tr_velo_to_cam[11]).toBe(-0.3321029);
    expect(c.Tr_imu_to_velo?.[3]).toBe(-0.8086759);
    expect(c.P0?.[3]).toBe(0);
    expect(c.P3?.[3]).toBe(-334.1081);
  });

  it('accepts the tracking-layout spellings R_rect, Tr_velo_cam, Tr_imu_velo (no colon)', () => {
    const tracking = parseKittiCalib(malformedText('calib-tracking-spelling.txt'), 'calib-tracking-spelling.txt');
    const object = parseKittiCalib(demoText('calib/000000.txt'), 'calib/000000.txt');
    expect(tracking).toEqual(object);
    expect(tracking.Tr_velo_to_cam[0]).toBe(0.006927964);
  });

  it('names the file and the key when a required key is missing', () => {
    const run = () => parseKittiCalib(malformedText('calib-missing-key.txt'), 'calib/000007.txt');
    expect(run).toThrow(KittiFormatError);
    expect(run).toThrow(/^calib\/000007\.txt: Tr_velo_to_cam: missing required calibration key/);
  });

  it('names file, line and key for a wrong count or a non-number', () => {
    const text = demoText('calib/000000.txt').split('\n');
    const short = [...text];
    short[4] = 'R0_rect: 1 0 0 0 1 0 0 0';
    expect(() => parseKittiCalib(short.join('\n'), 'c.txt')).toThrow('c.txt:5: R0_rect: expected 9 numbers, found 8');
    const nan = [...text];
    nan[2] = nan[2].replace('7.070493000000e+02', 'abc');
    expect(() => parseKittiCalib(nan.join('\n'), 'c.txt')).toThrow('c.txt:3: P2: value 1 "abc" is not a number');
    expect(() => parseKittiCalib([...text, 'P2: ' + '1 '.repeat(12)].join('\n'), 'c.txt')).toThrow(`c.txt:${text.length + 1}: P2: appears twice`);
  });
});
