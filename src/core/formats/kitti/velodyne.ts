/**
 * KITTI `velodyne/<frame>.bin`: headerless little-endian float32 records (x, y, z, reflectance),
 * 16 bytes per point, velodyne frame (x forward, y left, z up, metres; reflectance 0..1).
 */
import { KittiFormatError } from './errors';

/** Bytes per point. */
export const KITTI_POINT_STRIDE = 16;

/**
 * The points as one interleaved Float32Array (x y z r x y z r …). A zero-copy view over `bytes`
 * when its byte offset is 4-aligned (and the host is little-endian, as every browser host is);
 * otherwise one copy. Throws {@link KittiFormatError} when the length is not a multiple of 16.
 */
export function readVelodyneBin(bytes: Uint8Array, file: string): Float32Array {
  checkVelodyneLength(bytes.byteLength, file);
  const count = bytes.byteLength / 4;
  if (bytes.byteOffset % 4 === 0 && LITTLE_ENDIAN) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Throws {@link KittiFormatError} naming `file` when `byteLength` is not a whole number of points. */
export function checkVelodyneLength(byteLength: number, file: string): void {
  if (byteLength % KITTI_POINT_STRIDE !== 0) {
    throw new KittiFormatError(
      file,
      `${byteLength} bytes is not a multiple of ${KITTI_POINT_STRIDE} (4 float32 per point: x y z reflectance); the file is truncated or not a KITTI velodyne scan`,
    );
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
