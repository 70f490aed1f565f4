/**
 * SAM / SAM2 automatic-mask-generator output → mask annotations (FORMATS.md §6).
 * Records: `{segmentation, area, bbox:[x,y,w,h], predicted_iou, point_coords, stability_score, crop_box}`
 * with `segmentation` in any `output_mode`: `coco_rle` (`{size, counts: string}`), `uncompressed_rle`
 * (`{size, counts: number[]}`, column-major, starting with zeros) or `binary_mask` (H×W booleans).
 * Each mask becomes one new object of `classId` and one `mask` annotation with `source: 'model'`
 * and `score = predicted_iou`; SAM's bbox, stability score, prompt point and crop box go to `metadata.sam`.
 */
import { z } from 'zod';
import type { Mask, ObjectTrack } from '../../schema';
import { newId } from '../../commands/ids';
import { CocoFormatError, jsonPath } from './errors';
import { rleEncode, rleFromString, rleToString } from './rle';

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const SamRecord = z.looseObject({
  segmentation: z.union([
    z.object({ size: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]), counts: z.union([z.string(), z.array(z.number().int().nonnegative())]) }),
    z.array(z.array(z.union([z.boolean(), z.literal(0), z.literal(1)]))).min(1),
  ]),
  bbox: z.tuple([num, num, num, num]),
  predicted_iou: num,
  area: num.optional(),
  stability_score: num.optional(),
  point_coords: z.array(z.tuple([num, num])).optional(),
  crop_box: z.tuple([num, num, num, num]).optional(),
});

export interface SamImportTarget {
  /** Camera sensor and sample the masks belong to. */
  sensor: string;
  sample: string;
  /** Taxonomy class for the new objects. */
  classId: string;
}

export interface SamImport {
  objects: ObjectTrack[];
  annotations: Mask[];
}

/**
 * Convert SAM mask records (the parsed JSON list) to objects + mask annotations. The masks are
 * stored compressed (COCO counts string). Throws a `CocoFormatError` naming `file` and the record's
 * JSON path (e.g. `[3].segmentation.counts`) for a malformed record.
 */
export function importSamMasks(records: unknown, target: SamImportTarget, file: string): SamImport {
  const parsed = z.array(SamRecord).safeParse(records);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CocoFormatError(file, issue.message, jsonPath(issue.path) || '(root)');
  }
  const out: SamImport = { objects: [], annotations: [] };
  parsed.data.forEach((r, i) => {
    const seg = r.segmentation;
    let size: [number, number];
    let counts: string;
    if (Array.isArray(seg)) {
      const h = seg.length;
      const w = seg[0].length;
      // rows checked before h*w bytes are allocated: one long row and many short ones must not size the mask
      seg.forEach((row, y) => {
        if (row.length !== w) throw new CocoFormatError(file, `binary mask row ${y} has ${row.length} values, row 0 has ${w}`, `[${i}].segmentation[${y}]`);
      });
      const m = new Uint8Array(h * w);
      seg.forEach((row, y) => row.forEach((v, x) => (m[y * w + x] = v ? 1 : 0)));
      size = [h, w];
      counts = rleToString(rleEncode(m, h, w).counts);
    } else {
      size = seg.size;
      let list: number[];
      try {
        list = typeof seg.counts === 'string' ? rleFromString(seg.counts) : seg.counts;
      } catch (e) {
        throw new CocoFormatError(file, (e as Error).message, `[${i}].segmentation.counts`);
      }
      const sum = list.reduce((s, c) => s + c, 0);
      if (sum !== size[0] * size[1]) throw new CocoFormatError(file, `RLE counts sum to ${sum}, expected h*w = ${size[0] * size[1]}`, `[${i}].segmentation.counts`);
      counts = typeof seg.counts === 'string' ? seg.counts : rleToString(list);
    }
    const object: ObjectTrack = { id: newId('obj'), classId: target.classId, name: `SAM mask ${i + 1}`, attributes: {} };
    const sam: Record<string, unknown> = { bbox: r.bbox, index: i };
    if (r.stability_score !== undefined) sam.stability_score = r.stability_score;
    if (r.point_coords) sam.point_coords = r.point_coords;
    if (r.crop_box) sam.crop_box = r.crop_box;
    out.objects.push(object);
    out.annotations.push({
      id: newId('ann'),
      kind: 'mask',
      object: object.id,
      sensor: target.sensor,
      sample: target.sample,
      source: 'model',
      score: r.predicted_iou,
      rle: { size, counts },
      metadata: { sam, file },
    });
  });
  return out;
}
