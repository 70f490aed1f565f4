/**
 * Scene → COCO for one camera. One COCO image per camera sample (stream order), categories from
 * the taxonomy classes whose modalities include `camera` (ids 1.. in taxonomy order, so they are
 * stable across exports of the same taxonomy), annotations from box2d, polygon and mask.
 * Each annotation carries `attributes.object_id` (our object id) so cross-sensor links survive.
 * Everything COCO cannot hold is counted in `summary.dropped`, never dropped silently.
 */
import type { Annotation, Box2D, Mask, Polygon, Scene } from '../../schema';
import type { ExportSummary } from '../common';
import type { CocoAnnotation, CocoCategory, CocoDataset, CocoImage } from './types';
import { rleArea, rleFromString, rleToBbox, rleToString, type CocoRle } from './rle';
import { allAnnotations } from '../../schema';

export interface CocoExport {
  json: CocoDataset;
  summary: ExportSummary;
}

/** Shoelace area of a closed polygon, px². (pycocotools rasterises polygons; this is the exact area.) */
export function polygonArea(points: readonly { x: number; y: number }[]): number {
  let s = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) s += points[j].x * points[i].y - points[i].x * points[j].y;
  return Math.abs(s) / 2;
}

/** Export the annotations of camera `camera` as a COCO dataset. Throws when the sensor is not a camera. */
export function exportCoco(scene: Scene, camera: string): CocoExport {
  const sensor = scene.sensors.find((s) => s.id === camera);
  if (!sensor || sensor.kind !== 'camera') throw new Error(`exportCoco: "${camera}" is not a camera sensor of scene "${scene.id}"`);
  const summary: ExportSummary = { written: {}, dropped: [] };
  const drop = new Map<string, { count: number; reason: string }>();
  const dropped = (what: string, reason: string): void => {
    const d = drop.get(what) ?? { count: 0, reason };
    d.count++;
    drop.set(what, d);
  };

  const images: CocoImage[] = [];
  const imageOf = new Map<string, CocoImage>();
  for (const st of scene.streams.filter((s) => s.sensor === camera)) {
    for (const smp of st.samples) {
      const k = smp.intrinsics ?? sensor.intrinsics;
      if (!smp.uri) dropped('image file name', 'sample has no uri; the sample id is used as file_name');
      const im: CocoImage = { id: images.length + 1, file_name: smp.uri ?? smp.id, width: k.width, height: k.height };
      images.push(im);
      imageOf.set(smp.id, im);
    }
  }

  const categories: CocoCategory[] = [];
  const catOf = new Map<string, number>();
  for (const c of scene.taxonomy.classes) {
    if (!c.modalities.includes('camera')) continue;
    const cat: CocoCategory = { id: categories.length + 1, name: c.id, supercategory: c.name };
    categories.push(cat);
    catOf.set(c.id, cat.id);
  }

  const annotations: CocoAnnotation[] = [];
  const ordered = allAnnotations(scene)
    .filter((a): a is Extract<Annotation, { sensor: string; sample: string }> => 'sample' in a && a.sensor === camera)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const a of ordered) {
    if (a.kind !== 'box2d' && a.kind !== 'polygon' && a.kind !== 'mask') {
      dropped(a.kind, `COCO has no ${a.kind === 'notVisible' ? 'not-visible marker' : '3D cuboid'}`);
      continue;
    }
    const im = imageOf.get(a.sample);
    const obj = scene.objects[a.object];
    const cat = obj ? catOf.get(obj.classId) : undefined;
    if (!im) {
      dropped(a.kind, 'its sample is not in a stream of the camera');
      continue;
    }
    if (cat === undefined) {
      dropped(a.kind, `class "${obj?.classId}" does not apply to cameras`);
      continue;
    }
    const geo = a.kind === 'box2d' ? fromBox(a) : a.kind === 'polygon' ? fromPolygon(a) : fromMask(a, im);
    if (typeof geo === 'string') {
      dropped(a.kind, geo);
      continue;
    }
    const out: CocoAnnotation = {
      id: annotations.length + 1,
      image_id: im.id,
      category_id: cat,
      ...geo,
      iscrowd: 0,
      attributes: { object_id: a.object, annotation_id: a.id, source: a.source },
    };
    if (a.score !== undefined) out.score = a.score;
    annotations.push(out);
    summary.written[a.kind] = (summary.written[a.kind] ?? 0) + 1;
  }
  const ignores = scene.ignoreRegions.filter((r) => r.sensor === camera).length;
  if (ignores > 0) drop.set('ignore region', { count: ignores, reason: 'COCO has no ignore regions (crowd boxes mean something else)' });
  summary.written.images = images.length;
  summary.written.categories = categories.length;
  for (const [what, d] of drop) summary.dropped.push({ what, ...d });
  return { json: { images, annotations, categories }, summary };
}

type Geo = Pick<CocoAnnotation, 'bbox' | 'area' | 'segmentation'>;

function fromBox(a: Box2D): Geo {
  const w = a.x1 - a.x0;
  const h = a.y1 - a.y0;
  return { bbox: [a.x0, a.y0, w, h], area: w * h };
}

function fromPolygon(a: Polygon): Geo | string {
  if (!a.closed) return 'COCO polygons are closed; an open polyline would change meaning';
  const xs = a.points.map((p) => p.x);
  const ys = a.points.map((p) => p.y);
  const x0 = Math.min(...xs), y0 = Math.min(...ys);
  return {
    bbox: [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0],
    area: polygonArea(a.points),
    segmentation: [a.points.flatMap((p) => [p.x, p.y])],
  };
}

function fromMask(a: Mask, im: CocoImage): Geo | string {
  const [h, w] = a.rle.size;
  if (h !== im.height || w !== im.width) return `mask size [${h}, ${w}] differs from the image's [${im.height}, ${im.width}]`;
  let counts: number[];
  try {
    counts = typeof a.rle.counts === 'string' ? rleFromString(a.rle.counts) : a.rle.counts;
  } catch (e) {
    return `unreadable RLE: ${(e as Error).message}`;
  }
  const rle: CocoRle = { size: [h, w], counts };
  return { bbox: rleToBbox(rle), area: rleArea(rle), segmentation: { size: [h, w], counts: rleToString(counts) } };
}
