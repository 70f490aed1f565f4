/**
 * Import the frame-independent parts of OpenLABEL: streams → sensors (with intrinsics in every
 * spelling found in the wild), coordinate systems → extrinsics and scene transforms.
 *
 * A 3x4 camera matrix with a non-zero fourth column (KITTI's P2 = K·[I | t]) describes a camera
 * offset from its coordinate system by t = K⁻¹·p4 (camera-frame metres): the sensor gets its own
 * frame `<cs>_optical` with extrinsics `X_cs = X_optical − t`, and geometry written in the
 * coordinate system is shifted by +t into that frame.
 */
import type { CameraIntrinsics, Sensor, Transform } from '../../schema';
import { jsonPath } from '../../schema';
import { invertRepr, OpenLabelPathError, transformDataToRepr } from './geometry';

type Rec = Record<string, unknown>;
export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const nums = (v: unknown): number[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : undefined);

/** A coordinate-system name made safe for Crosslabel frame names (letters, digits, _ . : -). */
export const safeFrame = (name: string): string => (name.replace(/[^A-Za-z0-9_.:-]/g, '_') || '_');

export interface ParsedIntrinsics {
  intrinsics: CameraIntrinsics;
  /** Camera offset t = K⁻¹·p4 in metres (camera axes), or null when the 4th column is zero. */
  offset: { x: number; y: number; z: number } | null;
}

/**
 * Stream properties → intrinsics. Accepts camera_matrix_3x4 | camera_matrix, distortion_coeffs_1xN |
 * distortion_coeffs, and fisheye center_x | center_x_px, lens_coeffs_1xN | lens_coeffs_1x4 | lens_coeffs.
 * Returns null (with a reason) for models Crosslabel cannot represent.
 */
export function parseIntrinsics(sp: Rec, path: string): ParsedIntrinsics | { unsupported: string } | null {
  const pin = sp.intrinsics_pinhole;
  if (isRec(pin)) {
    const m = nums(pin.camera_matrix_3x4 ?? pin.camera_matrix);
    if (!m || m.length !== 12) throw new OpenLabelPathError(`${path}.intrinsics_pinhole`, 'camera matrix needs 12 numbers');
    const [fx, skew, cx, p0, , fy, cy, p1, , , , p2] = m;
    if (m[4] !== 0 || m[8] !== 0 || m[9] !== 0 || m[10] !== 1) return { unsupported: 'camera matrix is not of the form K·[I | t] (row 3 must be 0 0 1)' };
    // the scene model needs them non-zero, and t = K⁻¹·p4 below divides by them (a 0 or −0 made the
    // camera's extrinsics infinite, rejected later by the frame graph without the file's name — found by fuzzing)
    if (fx === 0 || fy === 0) throw new OpenLabelPathError(`${path}.intrinsics_pinhole`, `camera matrix has a zero focal length (fx ${fx}, fy ${fy})`);
    const width = num(pin.width_px);
    const height = num(pin.height_px);
    if (!width || !height) throw new OpenLabelPathError(`${path}.intrinsics_pinhole`, 'width_px and height_px are required');
    const d = nums(pin.distortion_coeffs_1xN ?? pin.distortion_coeffs) ?? [];
    const maxRadius = num(pin.crosslabel_max_radius);
    const distortion: CameraIntrinsics['distortion'] =
      d.length === 0
        ? { model: 'none' }
        : { model: 'opencv', k1: d[0], k2: d[1], p1: d[2], p2: d[3], k3: d[4] ?? 0, k4: d[5] ?? 0, k5: d[6] ?? 0, k6: d[7] ?? 0, ...(maxRadius !== undefined ? { maxRadius } : {}) };
    let offset: ParsedIntrinsics['offset'] = null;
    if (p0 !== 0 || p1 !== 0 || p2 !== 0) {
      const tz = p2;
      const ty = (p1 - cy * tz) / fy;
      const tx = (p0 - skew * ty - cx * tz) / fx;
      offset = { x: tx, y: ty, z: tz };
    }
    return { intrinsics: { width, height, fx, fy, cx, cy, skew, distortion }, offset };
  }
  const fish = sp.intrinsics_fisheye;
  if (isRec(fish)) {
    const lens = nums(fish.lens_coeffs_1xN ?? fish.lens_coeffs_1x4 ?? fish.lens_coeffs_1x5 ?? fish.lens_coeffs);
    const fx = num(fish.focal_length_x);
    const model = typeof fish.model === 'string' ? fish.model : undefined;
    if (!lens || lens.length !== 4 || fx === undefined || (model && model !== 'opencv_fisheye'))
      return { unsupported: `fisheye model ${model ?? '(unnamed)'} with ${lens?.length ?? 0} lens coefficients${fx === undefined ? ' and no focal length' : ''} is not OpenCV fisheye (4 coefficients, focal lengths)` };
    const width = num(fish.width_px);
    const height = num(fish.height_px);
    if (!width || !height) throw new OpenLabelPathError(`${path}.intrinsics_fisheye`, 'width_px and height_px are required');
    const maxTheta = num(fish.crosslabel_max_theta);
    return {
      intrinsics: {
        width,
        height,
        fx,
        fy: num(fish.focal_length_y) ?? fx,
        cx: num(fish.center_x) ?? num(fish.center_x_px) ?? width / 2,
        cy: num(fish.center_y) ?? num(fish.center_y_px) ?? height / 2,
        skew: num(fish.crosslabel_skew) ?? 0,
        distortion: { model: 'fisheye', k1: lens[0], k2: lens[1], k3: lens[2], k4: lens[3], ...(maxTheta !== undefined ? { maxTheta } : {}) },
      },
      offset: null,
    };
  }
  if (isRec(sp.intrinsics_custom)) return { unsupported: 'custom intrinsics (intrinsics_custom) have no camera model' };
  return null;
}

export interface ImportedSensor {
  sensor: Sensor;
  stream: string;
  /** The OpenLABEL coordinate system this sensor's geometry is written in (undefined: none). */
  cs?: string;
  offset: ParsedIntrinsics['offset'];
  clock: { offset: number; drift: number };
}

/** Streams → sensors. Streams Crosslabel has no sensor kind for are skipped with a warning. */
export function importSensors(ol: Rec, warn: (m: string) => void): ImportedSensor[] {
  const out: ImportedSensor[] = [];
  const streams = isRec(ol.streams) ? ol.streams : {};
  for (const [name, raw] of Object.entries(streams)) {
    // `null` here threw TypeError: Cannot read properties of null (found by fuzzing)
    if (!isRec(raw)) throw new OpenLabelPathError(jsonPath(['openlabel', 'streams', name]), 'a stream must be an object');
    const st = raw;
    const sp = isRec(st.stream_properties) ? st.stream_properties : {};
    const path = jsonPath(['openlabel', 'streams', name, 'stream_properties']);
    const declared = typeof sp.crosslabel_kind === 'string' ? sp.crosslabel_kind : undefined;
    const type = declared ?? (st.type === 'camera' ? 'camera' : st.type === 'lidar' ? 'lidar' : undefined);
    const base = { id: name, name: typeof st.description === 'string' && st.description ? st.description : name, ...(isRec(sp.crosslabel_metadata) ? { metadata: sp.crosslabel_metadata } : {}) };
    const clockRec = isRec(sp.crosslabel_clock) ? sp.crosslabel_clock : {};
    const clock = { offset: num(clockRec.offset_s) ?? 0, drift: num(clockRec.drift) ?? 0 };
    const cs = typeof sp.coordinate_system === 'string' ? sp.coordinate_system : name;
    if (type === 'camera') {
      const k = parseIntrinsics(sp, path);
      if (k && 'intrinsics' in k) {
        const frame = k.offset ? `${safeFrame(cs)}_optical` : safeFrame(cs);
        out.push({ sensor: { ...base, kind: 'camera', frame, intrinsics: k.intrinsics }, stream: name, cs, offset: k.offset, clock });
        if (k.offset) warn(`stream ${name}: the camera matrix has a 4th column; the camera sits at t = K⁻¹·p4 = (${k.offset.x.toFixed(4)}, ${k.offset.y.toFixed(4)}, ${k.offset.z.toFixed(4)}) m in "${cs}", imported as frame "${frame}"`);
        continue;
      }
      warn(`stream ${name}: ${k ? k.unsupported : 'no pinhole or fisheye intrinsics'}; imported as an uncalibrated video sensor`);
      out.push({ sensor: { ...base, kind: 'video' }, stream: name, offset: null, clock });
    } else if (type === 'lidar') {
      out.push({ sensor: { ...base, kind: 'lidar', frame: safeFrame(cs) }, stream: name, cs, offset: null, clock });
    } else if (type === 'video') {
      const v = isRec(sp.crosslabel_video) ? sp.crosslabel_video : {};
      out.push({ sensor: { ...base, kind: 'video', ...(v as object) }, stream: name, offset: null, clock });
    } else if (type === 'audio') {
      const a = isRec(sp.crosslabel_audio) ? sp.crosslabel_audio : {};
      out.push({ sensor: { ...base, kind: 'audio', ...(a as object) }, stream: name, offset: null, clock });
    } else if (type === 'text') {
      out.push({ sensor: { ...base, kind: 'text' }, stream: name, offset: null, clock });
    } else {
      warn(`stream ${name} (type ${String(st.type)}): Crosslabel has no sensor kind for it; not imported`);
    }
  }
  return out;
}

/**
 * Coordinate systems → sensor extrinsics and scene transforms. `pose_wrt_parent` maps child →
 * parent points, i.e. Transform {from: child, to: parent}; `crosslabel_inverted` flips it back.
 */
export function importCoordinateSystems(ol: Rec, sensors: ImportedSensor[], warn: (m: string) => void): Transform[] {
  const cs = isRec(ol.coordinate_systems) ? ol.coordinate_systems : {};
  const byFrame = new Map<string, ImportedSensor[]>();
  for (const s of sensors) if ('frame' in s.sensor) byFrame.set(s.sensor.frame, [...(byFrame.get(s.sensor.frame) ?? []), s]);
  const scene: { t: Transform; order: number }[] = [];
  let i = 0;
  for (const [name, raw] of Object.entries(cs)) {
    // `null` here threw TypeError: Cannot read properties of null (reading 'parent') (issue #17, found by fuzzing)
    if (!isRec(raw)) throw new OpenLabelPathError(jsonPath(['openlabel', 'coordinate_systems', name]), 'a coordinate system must be an object');
    const c = raw;
    const parent = typeof c.parent === 'string' ? c.parent : '';
    if (!parent) continue;
    if (c.pose_wrt_parent === undefined) {
      warn(`coordinate system ${name}: parent "${parent}" but no pose_wrt_parent; the link is not imported`);
      continue;
    }
    const repr = transformDataToRepr(c.pose_wrt_parent, jsonPath(['openlabel', 'coordinate_systems', name, 'pose_wrt_parent']), warn);
    const child = safeFrame(name);
    const par = safeFrame(parent);
    const t: Transform = c.crosslabel_inverted === true ? { from: par, to: child, repr: invertRepr(repr) } : { from: child, to: par, repr };
    const owners = byFrame.get(t.from);
    const role = c.crosslabel_source === 'scene' || c.crosslabel_source === 'extrinsics' ? c.crosslabel_source : owners ? 'extrinsics' : 'scene';
    if (role === 'extrinsics' && owners) {
      for (const o of owners) if (o.sensor.kind === 'camera' || o.sensor.kind === 'lidar') o.sensor.extrinsics = t;
    } else scene.push({ t, order: typeof c.crosslabel_order === 'number' ? c.crosslabel_order : 1e9 + i });
    i++;
  }
  // Cameras offset from their coordinate system (3x4 matrix with a 4th column): X_cs = X_optical − t.
  for (const s of sensors) {
    if (!s.offset || s.sensor.kind !== 'camera' || !s.cs) continue;
    const { x, y, z } = s.offset;
    s.sensor.extrinsics = { from: s.sensor.frame, to: safeFrame(s.cs), repr: { kind: 'matrix4x4', rowMajor: [1, 0, 0, -x, 0, 1, 0, -y, 0, 0, 1, -z, 0, 0, 0, 1] } };
  }
  return scene.sort((a, b) => a.order - b.order).map((x) => x.t);
}
