/**
 * COCO RLE / SAM masks: sizes from the file are checked before the mask is allocated (issue #17:
 * no allocation larger than what the bytes present can fill), checked with the fuzz harness's guard.
 */
import { describe, expect, it } from 'vitest';
import { withAllocationGuard } from '../fuzz/guard';
import { rleDecode } from './rle';
import { importSamMasks } from './sam';

const target = { sensor: 'cam', sample: 'c0', classId: 'unknown' };

describe('masks sized by the file', () => {
  it('rleDecode of size [65536, 65536] with counts summing to 7 fails before allocating 4 GiB', async () => {
    const r = await withAllocationGuard(1 << 20, () => rleDecode({ size: [65536, 65536], counts: [7] }));
    expect(r.report.violation).toBeUndefined();
    expect((r.error as Error).message).toBe('rleDecode: counts sum to 7, expected h*w = 4294967296');
  });

  it('rleDecode still decodes a consistent RLE, and names a sum past h*w', () => {
    expect(Array.from(rleDecode({ size: [1, 7], counts: [4, 2, 1] }))).toEqual([0, 0, 0, 0, 1, 1, 0]);
    expect(() => rleDecode({ size: [1, 7], counts: [4, 4] })).toThrow('rleDecode: counts sum past h*w = 7');
  });

  it('a SAM binary mask with one long row and many short ones is refused before h × w bytes are allocated', async () => {
    const rows = [Array.from({ length: 20_000 }, () => 0), ...Array.from({ length: 20_000 }, () => [1])];
    const records = [{ segmentation: rows, bbox: [0, 0, 1, 1], predicted_iou: 0.9 }];
    // ~200 KB of JSON; h × w = 400 MB
    const r = await withAllocationGuard(16 << 20, () => importSamMasks(records, target, 'fuzz/sam.json'));
    expect(r.report.violation).toBeUndefined();
    expect((r.error as Error).message).toBe('fuzz/sam.json at [0].segmentation[1]: binary mask row 1 has 1 values, row 0 has 20000');
  });
});
