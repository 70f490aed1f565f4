/**
 * `inspect <cloud file>`: read a point cloud (PCD, PLY, KITTI .bin, nuScenes .pcd.bin) and print
 * {format, encoding, points, fields, bounds, first} as JSON. Exit 0 read; 2 bad usage, or a missing or
 * malformed file (`<file>: [line N: ]<problem>` on stderr).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { filePoint, PointCloudFormatError, readPointCloud, type PointCloud } from '../../core/formats/pointcloud';
import { fileError, parseArgs, printJson, usageError, type CliCommand } from '../io';

/** Values of point 0, field by field (COUNT > 1 → array; rgb/rgba → byte array; 64-bit ints → string). */
export function firstPoint(cloud: PointCloud): Record<string, number | string | (number | string)[]> {
  const out: Record<string, number | string | (number | string)[]> = {};
  if (cloud.count === 0) return out;
  for (const f of cloud.fields) {
    if (f.name === '_') continue;
    const axis = ['x', 'y', 'z'].indexOf(f.name);
    if (axis >= 0) {
      out[f.name] = filePoint(cloud, 0)[axis]; // file coordinates: positions + the cloud's local origin
      continue;
    }
    const name = cloud.attributes[f.name] ? f.name : f.name === 'red' || f.name === 'green' || f.name === 'blue' ? 'rgb' : f.name;
    const a = cloud.attributes[name];
    if (!a || name in out) continue;
    const per = a.length / cloud.count;
    const vals = Array.from(a.subarray(0, per) as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? v.toString() : v));
    out[name] = per === 1 ? vals[0] : vals;
  }
  return out;
}

export const command: CliCommand = {
  summary: 'Describe a point-cloud file (PCD, PLY, KITTI .bin, nuScenes .pcd.bin) as JSON',
  usage: 'crosslabel inspect <cloud file>\n  prints {format, encoding, points, fields, bounds, first}',
  async run(args) {
    const { positionals } = parseArgs(args, [], []);
    if (positionals.length !== 1) throw usageError(`usage: ${this.usage}`);
    const path = positionals[0];
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw fileError(path, code === 'ENOENT' ? 'no such file' : `cannot read file (${code ?? (e as Error).message})`);
    }
    let cloud: PointCloud;
    try {
      cloud = readPointCloud(bytes, basename(path));
    } catch (e) {
      if (e instanceof PointCloudFormatError) {
        // readers say `line N: …` for ASCII data; that is the place
        const m = /^(line \d+): (.*)$/s.exec(e.problem);
        throw m ? fileError(path, m[2], undefined, m[1]) : fileError(path, e.problem);
      }
      throw e;
    }
    printJson({
      format: cloud.format,
      encoding: cloud.encoding,
      points: cloud.count,
      fields: cloud.fields.map(({ name, type, size, count }) => ({ name, type, size, count })),
      bounds: cloud.bounds,
      first: firstPoint(cloud),
    });
    return 0;
  },
};
