/**
 * Point-cloud readers: PCD (ascii / binary / binary_compressed), KITTI .bin, nuScenes .pcd.bin,
 * PLY. `readPointCloud` picks the reader from the file name and the first bytes.
 */
import { looksLikePcd } from './pcdHeader';
import { readPcd } from './pcd';
import { looksLikePly, readPly } from './ply';
import { readKittiBin, readNuscenesBin } from './rawBin';
import { PointCloudFormatError, type PointCloud, type ReadOptions } from './types';

export * from './types';
export { withLazyBounds, withoutBounds } from './assemble';
export { decompressLzf, LzfError } from './lzf';
export { readPcd } from './pcd';
export { parsePcdHeader, type PcdHeader, type PcdEncoding } from './pcdHeader';
export { readPly } from './ply';
export { readKittiBin, readNuscenesBin, KITTI_FIELDS, NUSCENES_FIELDS } from './rawBin';

/**
 * Read any supported cloud. `.pcd.bin` → nuScenes, `.bin` → KITTI, `.ply` / `.pcd` or their magic
 * (`ply`, a PCD header) → PLY / PCD. Throws PointCloudFormatError for unknown or malformed files.
 */
export function readPointCloud(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): PointCloud {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.pcd.bin')) return readNuscenesBin(bytes, fileName);
  if (lower.endsWith('.bin')) return readKittiBin(bytes, fileName);
  if (lower.endsWith('.ply') || looksLikePly(bytes)) return readPly(bytes, fileName, opts);
  if (lower.endsWith('.pcd') || looksLikePcd(bytes)) return readPcd(bytes, fileName, opts);
  throw new PointCloudFormatError(fileName, 'unknown point-cloud format (expected .pcd, .ply, KITTI .bin or nuScenes .pcd.bin)');
}

/** Colour bytes r,g,b per point from `rgb` or `rgba`, or undefined when the cloud has none. */
export function colorsOf(cloud: PointCloud): Uint8Array | undefined {
  const rgb = cloud.attributes.rgb;
  if (rgb instanceof Uint8Array) return rgb;
  const rgba = cloud.attributes.rgba;
  if (!(rgba instanceof Uint8Array)) return undefined;
  const out = new Uint8Array(3 * cloud.count);
  for (let i = 0; i < cloud.count; i++) {
    out[3 * i] = rgba[4 * i];
    out[3 * i + 1] = rgba[4 * i + 1];
    out[3 * i + 2] = rgba[4 * i + 2];
  }
  return out;
}
