/**
 * nuScenes / Lyft category names ↔ the scene taxonomy. Import: the class whose id or synonym is the
 * name, else the nuScenes hierarchy rules below (as mmdetection3d groups its 10 detection classes),
 * else `misc` with a warning. The original name is kept on the object as the `nuscenes_class`
 * attribute (the mmdet3d importer's key), so export writes it back unchanged. Export of an object
 * without it: the class's first nuScenes-style synonym (`vehicle.car`), else the class id.
 */
import type { Taxonomy } from '../../schema';

/** Object attribute holding the original category name. */
export const CATEGORY_ATTRIBUTE = 'nuscenes_class';

const RULES: [RegExp, string][] = [
  [/^human\.pedestrian\.(stroller|wheelchair|personal_mobility)$/, 'misc'],
  [/^human\.pedestrian\./, 'pedestrian'],
  [/^vehicle\.bus\./, 'bus'],
  [/^vehicle\.(trailer|construction)$/, 'truck'],
  [/^(trailer|construction_vehicle)$/, 'truck'],
  [/^movable_object\.trafficcone$/, 'traffic_cone'],
  [/^movable_object\.barrier$/, 'barrier'],
];

/** The taxonomy class for a category name; `known` false when it fell back to `misc`. */
export function classForCategory(name: string, taxonomy: Taxonomy): { classId: string; known: boolean } {
  const lower = name.toLowerCase();
  const direct = taxonomy.classes.find((c) => !c.deprecated && (c.id === lower || c.synonyms.some((s) => s.toLowerCase() === lower)));
  if (direct) return { classId: direct.id, known: true };
  const ids = new Set(taxonomy.classes.map((c) => c.id));
  for (const [re, id] of RULES) if (re.test(lower) && ids.has(id)) return { classId: id, known: id !== 'misc' || /stroller|wheelchair|personal_mobility/.test(lower) };
  return { classId: ids.has('misc') ? 'misc' : taxonomy.classes[0].id, known: false };
}

const NUSCENES_PREFIX = /^(vehicle|human|movable_object|static_object|animal)(\.|$)/;

/** The category name to write for an object of `classId` that has no original name. */
export function categoryForClass(classId: string, taxonomy: Taxonomy): string {
  const c = taxonomy.classes.find((x) => x.id === classId);
  return c?.synonyms.find((s) => NUSCENES_PREFIX.test(s)) ?? classId;
}
