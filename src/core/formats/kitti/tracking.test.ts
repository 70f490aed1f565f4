import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KittiFormatError } from './errors';
import { formatKittiTrackingLabels, parseKittiTrackingLabels } from './tracking';

const FIXTURE = 'fixtures/kitti-tracking/label_02/0003.txt';

/**
 * Two rows of KITTI's own tracking ground truth (training/label_02/0000.txt, frame 0), as quoted in
 * the devkit's format description and in tracking code (e.g. the KITTI → MOT converters that cite
 * "0 -1 DontCare -1 -1 -10.000000 219.310000 …"): they fix the %f layout and the DontCare sentinels.
 */
const KITTI_GT = [
  '0 0 Van 0 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488',
  '0 -1 DontCare -1 -1 -10.000000 219.310000 188.490000 245.500000 218.560000 -1000.000000 -1000.000000 -1000.000000 -10.000000 -1.000000 -1.000000 -1.000000',
].join('\n') + '\n';

describe('parseKittiTrackingLabels / formatKittiTrackingLabels', () => {
  it("reads KITTI's ground-truth rows and prints them back byte for byte", () => {
    const rows = parseKittiTrackingLabels(KITTI_GT, 'label_02/0000.txt');
    expect(rows[0]).toEqual({
      frame: 0, trackId: 0, type: 'Van', truncated: 0, occluded: 0, alpha: -1.793451,
      bbox: { left: 296.744956, top: 161.752147, right: 455.226042, bottom: 292.372804 },
      dimensions: { h: 2, w: 1.823255, l: 4.433886 },
      location: { x: -4.552284, y: 1.858523, z: 13.410495 },
      rotationY: -2.115488,
    });
    expect(rows[1]).toMatchObject({ trackId: -1, type: 'DontCare', truncated: -1, occluded: -1, dimensions: { h: -1000 }, location: { x: -10, y: -1, z: -1 }, rotationY: -1 });
    expect(formatKittiTrackingLabels(rows)).toBe(KITTI_GT);
  });

  it('the re-spelled sequence 0003 (861 rows) parses and prints back byte for byte', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const rows = parseKittiTrackingLabels(text, FIXTURE);
    expect(rows).toHaveLength(861); // wc -l
    expect(rows.filter((r) => r.type === 'DontCare')).toHaveLength(473);
    expect(formatKittiTrackingLabels(rows)).toBe(text);
  });

  it('results format: an 18th column is the score, printed with %f', () => {
    const line = KITTI_GT.split('\n')[0] + ' 0.912345\n';
    const [row] = parseKittiTrackingLabels(line, 'r.txt');
    expect(row.score).toBe(0.912345);
    expect(formatKittiTrackingLabels([row])).toBe(line);
  });

  it('no negative zero, integers for frame / track / truncated / occluded', () => {
    const [row] = parseKittiTrackingLabels(KITTI_GT, 'x');
    expect(formatKittiTrackingLabels([{ ...row, frame: 12, alpha: -0.0000001, location: { x: -0, y: 1, z: 2 } }])).toMatch(/^12 0 Van 0 0 0\.000000 .* 0\.000000 1\.000000 2\.000000 -2\.115488\n$/);
  });

  describe('malformed rows name the file, the line and the column', () => {
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    /** The fixture with line 5 (1-based) edited by `edit`. */
    const withLine5 = (edit: (cols: string[]) => string[]) => lines.map((l, i) => (i === 4 ? edit(l.split(' ')).join(' ') : l)).join('\n');
    const cases: [string, (cols: string[]) => string[], RegExp][] = [
      ['16 columns (rotation_y lost)', (c) => c.slice(0, 16), /0003\.txt:5: expected 17 columns \(18 with a score\), found 16$/],
      ['19 columns', (c) => [...c, '1', '2'], /0003\.txt:5: expected 17 columns .* found 19$/],
      ['a non-number', (c) => c.map((v, j) => (j === 14 ? '1.2.3' : v)), /0003\.txt:5: column 15 \(location\.y\): "1\.2\.3" is not a number$/],
      ['a negative frame', (c) => c.map((v, j) => (j === 0 ? '-1' : v)), /0003\.txt:5: column 1 \(frame\): -1 is below 0$/],
      ['a fractional frame', (c) => c.map((v, j) => (j === 0 ? '0.5' : v)), /0003\.txt:5: column 1 \(frame\): "0\.5" is not an integer$/],
      ['a fractional truncation (object-benchmark style)', (c) => c.map((v, j) => (j === 3 ? '0.35' : v)), /column 4 \(truncated\): "0\.35" is not an integer$/],
      ['a track id below −1', (c) => c.map((v, j) => (j === 1 ? '-2' : v)), /column 2 \(track_id\): -2 is below -1$/],
      ['a numeric type (the type column shifted out)', (c) => c.slice(2).concat(['0', '0']).map((v, j) => (j === 0 ? '5' : j === 1 ? '3' : v)), /column 3 \(type\): must be the object type, found "-1"$/],
    ];
    for (const [what, edit, message] of cases)
      it(what, () => {
        const text = withLine5(edit);
        expect(() => parseKittiTrackingLabels(text, FIXTURE)).toThrow(KittiFormatError);
        expect(() => parseKittiTrackingLabels(text, FIXTURE)).toThrow(message);
      });

    it('track id −1 on an object that is not DontCare', () => {
      const text = lines[0].replace(/^0 0 Car/, '0 -1 Car');
      expect(() => parseKittiTrackingLabels(text, 'seq.txt')).toThrow(/^seq\.txt:1: column 2 \(track_id\): track id −1 is reserved for DontCare, found on Car$/);
    });
  });
});
