/** KITTI object types ↔ DEFAULT_TAXONOMY class ids, and KITTI's occlusion levels ↔ the taxonomy's `occluded` enum. */

export const KITTI_CLASS_MAP: Readonly<Record<string, string>> = {
  Car: 'car',
  Van: 'van',
  Truck: 'truck',
  Pedestrian: 'pedestrian',
  Person_sitting: 'person_sitting',
  Cyclist: 'cyclist',
  Tram: 'tram',
  Misc: 'misc',
};

/** Inverse map for export (taxonomy class id → KITTI type). */
export const KITTI_TYPE_OF_CLASS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(KITTI_CLASS_MAP).map(([k, v]) => [v, k]));

/** Index = KITTI occluded level (0 visible, 1 partly, 2 largely, 3 unknown). */
export const OCCLUSION_VALUES = ['none', 'partly', 'largely', 'unknown'] as const;
