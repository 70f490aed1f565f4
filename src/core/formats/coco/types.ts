/**
 * COCO detection / instance-segmentation JSON (FORMATS.md §6), as zod schemas so readers validate
 * and report the JSON path of a bad field. Coordinates are pixels, `bbox = [x, y, w, h]` with
 * (x, y) the top-left corner; `segmentation` is polygons `[[x1,y1,…],…]`, an uncompressed RLE
 * `{size:[h,w], counts:number[]}` or a compressed RLE `{size:[h,w], counts:string}`.
 */
import { z } from 'zod';

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNeg = num.refine((v) => v >= 0, 'must be >= 0');

export const CocoImage = z.looseObject({
  id: z.number().int(),
  file_name: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type CocoImage = z.infer<typeof CocoImage>;

export const CocoCategory = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  supercategory: z.string().optional(),
});
export type CocoCategory = z.infer<typeof CocoCategory>;

export const CocoRleJson = z.object({
  size: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  counts: z.union([z.string(), z.array(z.number().int().nonnegative())]),
});
export type CocoRleJson = z.infer<typeof CocoRleJson>;

export const CocoSegmentation = z.union([
  z.array(z.array(num).refine((p) => p.length >= 6 && p.length % 2 === 0, 'a polygon needs an even number (>= 6) of coordinates')),
  CocoRleJson,
]);
export type CocoSegmentation = z.infer<typeof CocoSegmentation>;

export const CocoAnnotation = z.looseObject({
  id: z.number().int(),
  image_id: z.number().int(),
  category_id: z.number().int(),
  bbox: z.tuple([num, num, nonNeg, nonNeg]),
  area: nonNeg,
  iscrowd: z.union([z.literal(0), z.literal(1)]),
  segmentation: CocoSegmentation.optional(),
  score: num.optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type CocoAnnotation = z.infer<typeof CocoAnnotation>;

export const CocoDataset = z.looseObject({
  info: z.record(z.string(), z.unknown()).optional(),
  images: z.array(CocoImage),
  annotations: z.array(CocoAnnotation),
  categories: z.array(CocoCategory),
});
export type CocoDataset = z.infer<typeof CocoDataset>;
