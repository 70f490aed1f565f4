/**
 * Label parsing and printing. Expected values are the columns of public/demo/kitti/label_2/000001.txt
 * as written in the dataset's file; the round trip compares our printout with the original bytes.
 */
import { describe, expect, it } from 'vitest';
import { KittiFormatError } from './errors';
import { formatKittiLabels, parseKittiLabels } from './labels';
import { DEMO_FRAMES, demoText, malformedText } from './testing';

describe('parseKittiLabels', () => {
  it('names the 15 columns of a real ground-truth file', () => {
    const rows = parseKittiLabels(demoText('label_2/000001.txt'), 'label_2/000001.txt');
    expect(rows.map((r) => r.type)).toEqual(['Truck', 'Car', 'Cyclist', 'DontCare', 'DontCare', 'DontCare', 'DontCare']);
    // "Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57"
    expect(rows[1]).toEqual({
      type: 'Car',
      truncated: 0,
      occluded: 0,
      alpha: 1.85,
      bbox: { left: 387.63, top: 181.54, right: 423.81, bottom: 203.12 },
      dimensions: { h: 1.67, w: 1.87, l: 3.69 },
      location: { x: -16.53, y: 2.39, z: 58.49 },
      rotationY: 1.57,
    });
    expect(rows[2].occluded).toBe(3);
    expect(rows[1].score).toBeUndefined();
  });

  it('reads the 16th column as the score (results format)', () => {
    const [row] = parseKittiLabels('Car -1 -1 -1.5707 100.0000 120.0000 180.0000 160.0000 1.5000 1.6000 3.9000 1.0000 1.7000 20.0000 -1.5000 0.8731\n', 'r.txt');
    expect(row.score).toBe(0.8731);
    expect(row.dimensions).toEqual({ h: 1.5, w: 1.6, l: 3.9 });
  });

  it('rejects a row with too few columns, naming file and line', () => {
    const run = () => parseKittiLabels(malformedText('label-too-few-columns.txt'), 'label_2/000001.txt');
    expect(run).toThrow(KittiFormatError);
    expect(run).toThrow('label_2/000001.txt:2: expected 15 columns (16 with a score), found 14');
  });

  it('rejects too many columns and non-numbers', () => {
    const line = demoText('label_2/000000.txt').trim();
    expect(() => parseKittiLabels(`${line} 0.5 7\n`, 'x.txt')).toThrow('x.txt:1: expected 15 columns (16 with a score), found 17');
    expect(() => parseKittiLabels(line.replace('1.89', '1.8x'), 'x.txt')).toThrow('x.txt:1: dimensions.h: value 1 "1.8x" is not a number');
    expect(() => parseKittiLabels(`\n${line.replace('Pedestrian', '7')}`, 'x.txt')).toThrow(/x\.txt:2: type: first column must be the object type/);
  });
});

describe('formatKittiLabels', () => {
  it.each(DEMO_FRAMES)('prints label_2/%s.txt back byte for byte', (frame) => {
    const text = demoText(`label_2/${frame}.txt`);
    expect(formatKittiLabels(parseKittiLabels(text, frame))).toBe(text);
  });

  it('round-trips results-format rows with their score', () => {
    const text = 'Pedestrian -1 -1 0.2000 712.40 143.00 810.73 307.92 1.89 0.48 1.20 1.84 1.47 8.41 0.01 0.9132\n';
    const rows = parseKittiLabels(text, 'r.txt');
    const printed = formatKittiLabels(rows);
    expect(printed).toBe('Pedestrian -1.00 -1 0.20 712.40 143.00 810.73 307.92 1.89 0.48 1.20 1.84 1.47 8.41 0.01 0.9132\n');
    expect(parseKittiLabels(printed, 'r.txt')).toEqual(rows.map((r) => ({ ...r, alpha: 0.2 })));
  });

  it('never prints a negative zero', () => {
    const [row] = parseKittiLabels(demoText('label_2/000000.txt'), 'x');
    expect(formatKittiLabels([{ ...row, rotationY: -0.001 }])).toMatch(/ 0\.00\n$/);
  });
});
