/** COCO validation: the documented fields and types, unique ids, and references between the lists. */
import { CocoDataset } from './types';
import { CocoFormatError, jsonPath } from './errors';
import { rleFromString } from './rle';

/**
 * Check a parsed COCO JSON value and return it typed. Throws a `CocoFormatError` naming `file`
 * and the JSON path of the first problem (shape, duplicate id, unknown image/category, an RLE
 * whose counts do not sum to h*w).
 */
export function validateCoco(json: unknown, file = 'coco.json'): CocoDataset {
  const r = CocoDataset.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CocoFormatError(file, issue.message, jsonPath(issue.path));
  }
  const d = r.data;
  const unique = (list: { id: number }[], name: string): Set<number> => {
    const seen = new Set<number>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) throw new CocoFormatError(file, `duplicate ${name} id ${x.id}`, `${name}[${i}].id`);
      seen.add(x.id);
    });
    return seen;
  };
  const images = unique(d.images, 'images');
  const cats = unique(d.categories, 'categories');
  unique(d.annotations, 'annotations');
  const sizes = new Map(d.images.map((im) => [im.id, im]));
  d.annotations.forEach((a, i) => {
    const at = `annotations[${i}]`;
    if (!images.has(a.image_id)) throw new CocoFormatError(file, `image_id ${a.image_id} is not in images`, `${at}.image_id`);
    if (!cats.has(a.category_id)) throw new CocoFormatError(file, `category_id ${a.category_id} is not in categories`, `${at}.category_id`);
    const seg = a.segmentation;
    if (seg && !Array.isArray(seg)) {
      const [h, w] = seg.size;
      const im = sizes.get(a.image_id);
      if (im && (im.height !== h || im.width !== w)) {
        throw new CocoFormatError(file, `RLE size [${h}, ${w}] differs from the image's [height, width] [${im.height}, ${im.width}]`, `${at}.segmentation.size`);
      }
      let counts: number[];
      try {
        counts = typeof seg.counts === 'string' ? rleFromString(seg.counts) : seg.counts;
      } catch (e) {
        throw new CocoFormatError(file, (e as Error).message, `${at}.segmentation.counts`);
      }
      const sum = counts.reduce((s, c) => s + c, 0);
      if (sum !== h * w) throw new CocoFormatError(file, `RLE counts sum to ${sum}, expected h*w = ${h * w}`, `${at}.segmentation.counts`);
    }
  });
  return d;
}
