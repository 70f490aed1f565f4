/**
 * Headerless float32 sweeps:
 * - KITTI velodyne `.bin`: 4 × float32 per point (x, y, z, reflectance), little-endian, LiDAR frame.
 * - nuScenes `samples/LIDAR_TOP/*.pcd.bin`: 5 × float32 per point (x, y, z, intensity, ring index)
 *   (nuscenes-devkit `LidarPointCloud.from_file`: `np.fromfile(float32).reshape(-1, 5)`).
 * The file length must be a whole number of records, otherwise it is truncated or not this format.
 */
import { layoutFields, readAos } from './aos';
import { assemble } from './assemble';
import { PointCloudFormatError, type PointCloud, type PointCloudFormat, type PointField } from './types';

const f4 = (name: string): PointField => ({ name, type: 'F', size: 4, count: 1 });

export const KITTI_FIELDS: PointField[] = [f4('x'), f4('y'), f4('z'), f4('reflectance')];
export const NUSCENES_FIELDS: PointField[] = [f4('x'), f4('y'), f4('z'), f4('intensity'), f4('ring')];

function readFloatRecords(bytes: Uint8Array, fileName: string, fields: PointField[], format: PointCloudFormat, what: string): PointCloud {
  const { layouts, stride } = layoutFields(fields);
  if (bytes.length % stride !== 0)
    throw new PointCloudFormatError(fileName, `${bytes.length} bytes is not a whole number of ${stride}-byte ${what} records (truncated, or not a ${what} file)`);
  const count = bytes.length / stride;
  const decoded = readAos(bytes, 0, count, layouts, stride, true);
  return assemble({ fileName, format, encoding: 'float32', fields, count, ...decoded });
}

/** KITTI velodyne .bin → PointCloud with attribute `reflectance`. */
export const readKittiBin = (bytes: Uint8Array, fileName: string): PointCloud =>
  readFloatRecords(bytes, fileName, KITTI_FIELDS, 'kitti-bin', 'KITTI x y z reflectance');

/** nuScenes .pcd.bin → PointCloud with attributes `intensity` and `ring` (float32, as stored). */
export const readNuscenesBin = (bytes: Uint8Array, fileName: string): PointCloud =>
  readFloatRecords(bytes, fileName, NUSCENES_FIELDS, 'nuscenes-bin', 'nuScenes x y z intensity ring');
