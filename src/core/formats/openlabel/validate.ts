/**
 * Validate an OpenLABEL 1.0 document: the official JSON schema (draft-07, ajv) plus the checks the
 * schema misses (FORMATS.md §1.1): intrinsics and sync (never validated because of a misplaced
 * `oneOf`), root `frame_intervals` (the schema says `item`), element uids, and references: every
 * object_data `coordinate_system`, every frame stream, every frame object, every transform end,
 * every `ontology_uid` must exist; bbox has 4 values, cuboid 9 or 10 (or the null form).
 * Errors carry JSON paths (`$.openlabel.frames["0"]...`).
 */
import type { ErrorObject } from 'ajv';
import { jsonPath } from '../../schema';
// compiled at run time in Node, precompiled at build time for the browser (no code generation under the CSP)
import { schemaValidator } from './schemaValidators';

export interface OpenLabelIssue {
  path: string;
  message: string;
}
export interface OpenLabelValidation {
  valid: boolean;
  errors: OpenLabelIssue[];
}

/**
 * ajv with allErrors is quadratic in the errors of one array (each failing item's errors are
 * `concat`ed onto all before them: 16,000 invalid bbox items took 15 s, 100,000 minutes — found by
 * fuzzing). So a first-error pass decides validity, and every error is listed only when no array is
 * longer than this; otherwise the first error is reported.
 */
const ALL_ERRORS_MAX_ARRAY = 2000;

/** Length of the longest array in `v`, or of the first found longer than ALL_ERRORS_MAX_ARRAY (iteratively: a deeply nested file must not overflow the stack). */
function longestArray(v: unknown): number {
  let longest = 0;
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      longest = Math.max(longest, x.length);
      if (longest > ALL_ERRORS_MAX_ARRAY) return longest;
      for (const y of x) stack.push(y);
    } else if (typeof x === 'object' && x !== null) for (const y of Object.values(x)) stack.push(y);
  }
  return longest;
}

/** ajv's instancePath ("/openlabel/frames/0") → our JSON path ($.openlabel.frames["0"]). */
const ajvPath = (e: ErrorObject): string =>
  jsonPath(
    e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
  );

const UID = /^(-?[0-9]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);
const p = (...parts: (string | number)[]): string => jsonPath(parts);

/** Validate against the official schema and the extra checks. Pure; never throws on bad input. */
export function validateOpenLabel(json: unknown): OpenLabelValidation {
  const errors: OpenLabelIssue[] = [];
  const first = schemaValidator(false);
  if (!first(json)) {
    const longest = longestArray(json);
    const listAll = longest <= ALL_ERRORS_MAX_ARRAY;
    const v = listAll ? schemaValidator(true) : first;
    if (listAll) v(json);
    for (const e of v.errors ?? []) errors.push({ path: ajvPath(e), message: `schema: ${e.message ?? e.keyword}${e.params && 'allowedValues' in e.params ? ` (${String(e.params.allowedValues)})` : ''}` });
    if (!listAll) errors.push({ path: '$', message: `schema: the first error only (an array has ${longest} elements, too many to list every error; fix it and validate again for the next)` });
  }
  if (isRec(json) && isRec(json.openlabel)) extraChecks(json.openlabel, errors);
  return { valid: errors.length === 0, errors };
}

function checkIntervals(list: unknown, path: (string | number)[], errors: OpenLabelIssue[]): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) return void errors.push({ path: p(...path), message: 'frame_intervals must be an array' });
  list.forEach((fi, i) => {
    if (!isRec(fi) || !isInt(fi.frame_start) || !isInt(fi.frame_end)) errors.push({ path: p(...path, i), message: 'a frame interval needs integer frame_start and frame_end' });
    else if ((fi.frame_start as number) > (fi.frame_end as number)) errors.push({ path: p(...path, i), message: `frame_start ${String(fi.frame_start)} > frame_end ${String(fi.frame_end)}` });
  });
}

const DISTORTION_LENGTHS = [0, 4, 5, 8, 12, 14];

function checkStreamProperties(sp: unknown, path: (string | number)[], errors: OpenLabelIssue[]): void {
  if (!isRec(sp)) return;
  const pin = sp.intrinsics_pinhole;
  if (pin !== undefined) {
    const at = [...path, 'intrinsics_pinhole'];
    if (!isRec(pin)) errors.push({ path: p(...at), message: 'intrinsics_pinhole must be an object' });
    else {
      const key = 'camera_matrix_3x4' in pin ? 'camera_matrix_3x4' : 'camera_matrix';
      if (!isNumArray(pin[key]) || (pin[key] as number[]).length !== 12) errors.push({ path: p(...at, key), message: `camera matrix needs 12 finite numbers (3x4 row-major), got ${Array.isArray(pin[key]) ? (pin[key] as unknown[]).length : typeof pin[key]}` });
      const dk = 'distortion_coeffs_1xN' in pin ? 'distortion_coeffs_1xN' : 'distortion_coeffs';
      if (pin[dk] !== undefined && (!isNumArray(pin[dk]) || !DISTORTION_LENGTHS.includes((pin[dk] as number[]).length)))
        errors.push({ path: p(...at, dk), message: `distortion coefficients need ${DISTORTION_LENGTHS.join(', ')} finite numbers (OpenCV k1 k2 p1 p2 [k3 [k4 k5 k6 [s1..s4 [tx ty]]]])` });
      for (const k of ['width_px', 'height_px']) if (!isInt(pin[k]) || (pin[k] as number) <= 0) errors.push({ path: p(...at, k), message: `${k} must be a positive integer` });
    }
  }
  const fish = sp.intrinsics_fisheye;
  if (fish !== undefined) {
    const at = [...path, 'intrinsics_fisheye'];
    if (!isRec(fish)) errors.push({ path: p(...at), message: 'intrinsics_fisheye must be an object' });
    else {
      const lk = ['lens_coeffs_1xN', 'lens_coeffs_1x4', 'lens_coeffs_1x5', 'lens_coeffs'].find((k) => k in fish);
      if (!lk || !isNumArray(fish[lk]) || ![4, 5].includes((fish[lk] as number[]).length)) errors.push({ path: p(...at, lk ?? 'lens_coeffs_1xN'), message: 'fisheye lens coefficients need 4 or 5 finite numbers' });
      for (const k of ['width_px', 'height_px']) if (!isInt(fish[k]) || (fish[k] as number) <= 0) errors.push({ path: p(...at, k), message: `${k} must be a positive integer` });
      for (const k of ['center_x', 'center_y', 'center_x_px', 'center_y_px', 'focal_length_x', 'focal_length_y'])
        if (fish[k] !== undefined && fish[k] !== null && !(typeof fish[k] === 'number' && Number.isFinite(fish[k]))) errors.push({ path: p(...at, k), message: `${k} must be a finite number` });
    }
  }
  const sync = sp.sync;
  if (sync !== undefined) {
    const at = [...path, 'sync'];
    if (!isRec(sync)) errors.push({ path: p(...at), message: 'sync must be an object' });
    else {
      if (sync.frame_stream !== undefined && (!isInt(sync.frame_stream) || (sync.frame_stream as number) < 0)) errors.push({ path: p(...at, 'frame_stream'), message: 'frame_stream must be a non-negative integer' });
      if (sync.frame_shift !== undefined && !isInt(sync.frame_shift)) errors.push({ path: p(...at, 'frame_shift'), message: 'frame_shift must be an integer' });
      if (sync.timestamp !== undefined && typeof sync.timestamp !== 'string' && !(typeof sync.timestamp === 'number' && Number.isFinite(sync.timestamp)))
        errors.push({ path: p(...at, 'timestamp'), message: 'timestamp must be a string or a finite number' });
    }
  }
}

function checkObjectData(od: unknown, path: (string | number)[], cs: Rec, errors: OpenLabelIssue[]): void {
  if (!isRec(od)) return;
  for (const [type, list] of Object.entries(od)) {
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (!isRec(item)) return;
      const at = [...path, type, i];
      if (typeof item.coordinate_system === 'string' && !(item.coordinate_system in cs)) errors.push({ path: p(...at, 'coordinate_system'), message: `unknown coordinate system "${item.coordinate_system}"` });
      if (type === 'bbox' && !(isNumArray(item.val) && item.val.length === 4)) errors.push({ path: p(...at, 'val'), message: 'a bbox needs 4 numbers [cx, cy, w, h]' });
      if (type === 'cuboid') {
        const okVal = isNumArray(item.val) && (item.val.length === 9 || item.val.length === 10);
        const okAlt = item.val === null && isNumArray(item.quaternion) && isNumArray(item.size);
        if (!okVal && !okAlt) errors.push({ path: p(...at, 'val'), message: 'a cuboid needs 9 (Euler) or 10 (quaternion) numbers' });
      }
    });
  }
}

function extraChecks(ol: Rec, errors: OpenLabelIssue[]): void {
  const path = (...parts: (string | number)[]) => ['openlabel', ...parts];
  const cs = isRec(ol.coordinate_systems) ? ol.coordinate_systems : {};
  const streams = isRec(ol.streams) ? ol.streams : {};
  const objects = isRec(ol.objects) ? ol.objects : {};
  const ontologies = isRec(ol.ontologies) ? ol.ontologies : {};
  checkIntervals(ol.frame_intervals, path('frame_intervals'), errors);

  for (const [name, c] of Object.entries(cs)) {
    if (!isRec(c)) continue;
    if (typeof c.parent === 'string' && c.parent !== '' && !(c.parent in cs)) errors.push({ path: p(...path('coordinate_systems', name, 'parent')), message: `unknown parent coordinate system "${c.parent}"` });
    if (c.parent === name) errors.push({ path: p(...path('coordinate_systems', name, 'parent')), message: 'a coordinate system cannot be its own parent' });
    if (Array.isArray(c.children)) c.children.forEach((ch, i) => typeof ch === 'string' && !(ch in cs) && errors.push({ path: p(...path('coordinate_systems', name, 'children', i)), message: `unknown child coordinate system "${ch}"` }));
  }
  for (const [name, s] of Object.entries(streams)) if (isRec(s)) checkStreamProperties(s.stream_properties, path('streams', name, 'stream_properties'), errors);

  for (const kind of ['objects', 'actions', 'events', 'contexts', 'relations', 'tags']) {
    const map = ol[kind];
    if (!isRec(map)) continue;
    for (const [uid, el] of Object.entries(map)) {
      if (!UID.test(uid)) errors.push({ path: p(...path(kind, uid)), message: `uid "${uid}" is neither an integer nor a UUID` });
      if (!isRec(el)) continue;
      checkIntervals(el.frame_intervals, path(kind, uid, 'frame_intervals'), errors);
      if (typeof el.ontology_uid === 'string' && !(el.ontology_uid in ontologies)) errors.push({ path: p(...path(kind, uid, 'ontology_uid')), message: `unknown ontology "${el.ontology_uid}"` });
    }
  }
  for (const [uid, o] of Object.entries(objects)) {
    if (!isRec(o)) continue;
    if (typeof o.coordinate_system === 'string' && !(o.coordinate_system in cs)) errors.push({ path: p(...path('objects', uid, 'coordinate_system')), message: `unknown coordinate system "${o.coordinate_system}"` });
    checkObjectData(o.object_data, path('objects', uid, 'object_data'), cs, errors);
  }

  const frames = isRec(ol.frames) ? ol.frames : {};
  for (const [fi, f] of Object.entries(frames)) {
    // the importer reads frame `Number(key)` back as `frames[String(n)]`: "99999999999999999999" or "007"
    // would not come back (TypeError: Cannot read properties of undefined, found by fuzzing)
    if (!/^(0|-?[1-9]\d*)$/.test(fi) || !Number.isSafeInteger(Number(fi))) errors.push({ path: p(...path('frames', fi)), message: `frame key "${fi}" is not a frame number (an integer without leading zeros, at most 2^53 − 1)` });
    if (!isRec(f)) continue;
    for (const kind of ['objects', 'actions', 'events', 'contexts', 'relations']) {
      const map = f[kind];
      const rootMap = isRec(ol[kind]) ? (ol[kind] as Rec) : {};
      if (isRec(map)) for (const uid of Object.keys(map)) if (!(uid in rootMap)) errors.push({ path: p(...path('frames', fi, kind, uid)), message: `frame ${fi} names unknown ${kind.slice(0, -1)} "${uid}"` });
    }
    if (isRec(f.objects)) for (const [uid, o] of Object.entries(f.objects)) if (isRec(o)) checkObjectData(o.object_data, path('frames', fi, 'objects', uid, 'object_data'), cs, errors);
    const fp = isRec(f.frame_properties) ? f.frame_properties : {};
    if (isRec(fp.streams))
      for (const [s, st] of Object.entries(fp.streams)) {
        if (!(s in streams)) errors.push({ path: p(...path('frames', fi, 'frame_properties', 'streams', s)), message: `frame ${fi} names unknown stream "${s}"` });
        if (isRec(st)) checkStreamProperties(st.stream_properties, path('frames', fi, 'frame_properties', 'streams', s, 'stream_properties'), errors);
      }
    if (isRec(fp.transforms))
      for (const [tn, t] of Object.entries(fp.transforms)) {
        if (!isRec(t)) continue;
        for (const end of ['src', 'dst']) if (typeof t[end] === 'string' && !((t[end] as string) in cs)) errors.push({ path: p(...path('frames', fi, 'frame_properties', 'transforms', tn, end)), message: `unknown coordinate system "${String(t[end])}"` });
      }
  }
}
