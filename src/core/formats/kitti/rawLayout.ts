/**
 * Find a KITTI raw recording in a list of relative paths (a dropped folder or a directory walk):
 * the day's `calib_cam_to_cam.txt` and `calib_velo_to_cam.txt`, and one drive's
 * `image_0x/data/<10 digits>.png` (or .jpg) and `velodyne_points/data/<10 digits>.bin`, with the
 * optional `<sensor>/timestamps.txt`. The official layout is
 * `2011_09_26/calib_*.txt` + `2011_09_26/2011_09_26_drive_0001_sync/image_02/data/0000000000.png`;
 * any prefix is accepted as long as there is one drive.
 */
import { KittiFormatError } from './errors';
import { NotKittiError, normalizePath } from './layout';

export interface KittiRawSensorFiles {
  /** 'image_00'…'image_03' or 'velodyne_points'. */
  dir: string;
  /** Path prefix of the sensor folder inside the source ('' or ending with '/'). */
  prefix: string;
  /** Frame stem ("0000000005") → path as given in the source, sorted by frame. */
  files: Map<string, string>;
  /** `<prefix><dir>/timestamps.txt` when present. */
  timestamps?: string;
}

export interface KittiRawLayout {
  camCalib: string;
  veloCalib: string;
  /** Cameras found, sorted by id ('image_00' … 'image_03'). */
  cameras: KittiRawSensorFiles[];
  velodyne?: KittiRawSensorFiles;
}

const DATA = /^(.*?)(image_0[0-3]|velodyne_points)\/data\/(\d+)\.(png|jpe?g|bin)$/i;
const STAMPS = /^(.*?)(image_0[0-3]|velodyne_points)\/timestamps\.txt$/;
const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Throws NotKittiError when nothing looks like KITTI raw, KittiFormatError (naming the file) when a part is missing or ambiguous. */
export function detectKittiRawLayout(source: string, files: readonly string[]): KittiRawLayout {
  const sensors = new Map<string, KittiRawSensorFiles>();
  const stamps = new Map<string, string[]>();
  const calib = { cam: [] as string[], velo: [] as string[] };
  for (const original of files) {
    const p = normalizePath(original);
    const name = base(p);
    if (name === 'calib_cam_to_cam.txt') calib.cam.push(original);
    else if (name === 'calib_velo_to_cam.txt') calib.velo.push(original);
    const s = STAMPS.exec(p);
    if (s) stamps.set(`${s[1]}${s[2]}`, [...(stamps.get(`${s[1]}${s[2]}`) ?? []), original]);
    const m = DATA.exec(p);
    if (!m) continue;
    const [, prefix, dir, frame, ext] = m;
    const isBin = ext.toLowerCase() === 'bin';
    if (isBin !== (dir === 'velodyne_points')) continue; // an image in velodyne_points/ or a .bin in image_0x/: not ours
    const prev = sensors.get(dir);
    if (prev && prev.prefix !== prefix)
      throw new KittiFormatError(source, `${dir}/ appears under two folders ("${prev.prefix || './'}" and "${prefix || './'}"): import one drive at a time`);
    const entry = prev ?? { dir, prefix, files: new Map<string, string>() };
    if (entry.files.has(frame)) throw new KittiFormatError(original, `frame ${frame} appears twice in ${prefix}${dir}/data/`);
    entry.files.set(frame, original);
    sensors.set(dir, entry);
  }
  if (sensors.size === 0) throw new NotKittiError(source, 'no KITTI raw data found (expected image_0x/data/<frame>.png or velodyne_points/data/<frame>.bin)');
  const one = (list: string[], name: string): string => {
    if (list.length === 0) throw new KittiFormatError(source, `no ${name}: a KITTI raw recording needs the day's calibration files beside the drive folder`);
    if (list.length > 1) throw new KittiFormatError(source, `${name} appears ${list.length} times (${list.join(', ')}): import one recording day at a time`);
    return list[0];
  };
  const layout: KittiRawLayout = { camCalib: one(calib.cam, 'calib_cam_to_cam.txt'), veloCalib: one(calib.velo, 'calib_velo_to_cam.txt'), cameras: [] };
  for (const s of sensors.values()) {
    s.files = new Map([...s.files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    const ts = stamps.get(`${s.prefix}${s.dir}`);
    if (ts?.length) s.timestamps = ts[0];
    if (s.dir === 'velodyne_points') layout.velodyne = s;
    else layout.cameras.push(s);
  }
  layout.cameras.sort((a, b) => (a.dir < b.dir ? -1 : 1));
  return layout;
}
