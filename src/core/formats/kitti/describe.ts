/** The plain-English scene description the importer puts in `documents` (shown in the text pane). */
import { DEFAULT_TAXONOMY } from '../../schema';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * E.g. "KITTI object benchmark, folder demo: 3 frames (000000, 000001, 000002) ... 6 objects:
 * 2 Car, 1 Pedestrian ...". `classCount` is keyed by taxonomy class id.
 */
export function describeKittiScene(sourceName: string, frames: readonly string[], classCount: ReadonlyMap<string, number>, dontCare: number): string {
  const total = [...classCount.values()].reduce((a, b) => a + b, 0);
  const nameOf = (id: string): string => DEFAULT_TAXONOMY.classes.find((c) => c.id === id)?.name ?? id;
  const classes = [...classCount.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id, n]) => `${n} ${nameOf(id)}`)
    .join(', ');
  return [
    `KITTI object benchmark frames from "${sourceName}": ${plural(frames.length, 'frame')} (${frames.join(', ')}), each with a left colour camera image (image_2) and a Velodyne HDL-64E scan.`,
    `The frames come from different drives and are not consecutive in time; each frame has its own calibration.`,
    total ? `${plural(total, 'labelled object')}: ${classes}.` : 'No labelled objects.',
    dontCare ? `${plural(dontCare, 'DontCare region')} (imported as ignore regions).` : '',
    `Data: KITTI Vision Benchmark Suite, CC BY-NC-SA 3.0 — A. Geiger, P. Lenz, R. Urtasun, "Are we ready for Autonomous Driving? The KITTI Vision Benchmark Suite", CVPR 2012.`,
  ]
    .filter(Boolean)
    .join('\n');
}
