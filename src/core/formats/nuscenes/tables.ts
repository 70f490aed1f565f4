/**
 * The nuScenes JSON tables (devkit `docs/schema_nuscenes.md`; the Lyft Level 5 dataset uses the same
 * layout): zod shapes for the twelve tables a scene needs, validation with errors that name the file
 * (`<table>.json`) and the JSON path, and deterministic 32-hex tokens for rows that have none.
 *
 * Conventions (FORMATS.md §3): translations in metres, rotations as quaternions in **w, x, y, z**
 * order, box sizes **w, l, h**, `sample_annotation` boxes in the **global** frame, `calibrated_sensor`
 * relative to the ego body frame, `ego_pose` ego → global, timestamps in **microseconds** (Lyft
 * writes fractional ones, e.g. 1556675185903083.2; kept as given). Extra keys are kept by the
 * shapes (`.loose()`) but not otherwise used; link tokens (prev/next, first/last) may be '' (none).
 */
import { z } from 'zod';
import { jsonPath } from '../../schema';
import { printable } from '../printable';

export const NUSCENES_TABLES = [
  'attribute', 'calibrated_sensor', 'category', 'ego_pose', 'instance', 'log',
  'sample', 'sample_annotation', 'sample_data', 'scene', 'sensor', 'visibility',
] as const;
export type NuScenesTableName = (typeof NUSCENES_TABLES)[number];

export class NuScenesTablesError extends Error {
  // messages quote the file's tokens: raw control bytes are escaped (printable.ts)
  constructor(message: string) {
    super(printable(message));
  }
}

const num = z.number({ error: 'expected a number' }).refine(Number.isFinite, 'expected a finite number');
const nums = (n: number) => z.array(num, { error: `expected ${n} numbers` }).length(n, `expected ${n} numbers`);
const token = z.string({ error: 'expected a token (string)' }).min(1, 'expected a non-empty token');
/** prev/next style links: '' means none. */
const link = z.string({ error: 'expected a token or ""' });

export const SensorRow = z.looseObject({ token, channel: z.string().min(1), modality: z.string() });
export const CalibratedSensorRow = z.looseObject({
  token,
  sensor_token: token,
  translation: nums(3),
  rotation: nums(4),
  /** 3×3 for cameras, [] otherwise. */
  camera_intrinsic: z.union([z.array(nums(3)).length(3, 'expected a 3×3 matrix or []'), z.array(z.never()).length(0)], { error: 'expected a 3×3 matrix or []' }),
});
export const EgoPoseRow = z.looseObject({ token, translation: nums(3), rotation: nums(4), timestamp: num });
export const LogRow = z.looseObject({ token, logfile: z.string().optional(), vehicle: z.string().optional(), date_captured: z.string().optional(), location: z.string().optional() });
export const SceneRow = z.looseObject({ token, name: z.string(), description: z.string().optional(), log_token: z.string(), nbr_samples: z.number().int().optional(), first_sample_token: link.optional(), last_sample_token: link.optional() });
export const SampleRow = z.looseObject({ token, timestamp: num, scene_token: token, prev: link.optional(), next: link.optional() });
export const SampleDataRow = z.looseObject({
  token,
  sample_token: token,
  ego_pose_token: token,
  calibrated_sensor_token: token,
  filename: z.string(),
  fileformat: z.string().optional(),
  width: z.number().int().nonnegative().optional(),
  height: z.number().int().nonnegative().optional(),
  timestamp: num,
  is_key_frame: z.boolean({ error: 'expected true or false' }),
  prev: link.optional(),
  next: link.optional(),
});
export const CategoryRow = z.looseObject({ token, name: z.string().min(1), description: z.string().optional() });
export const AttributeRow = z.looseObject({ token, name: z.string().min(1), description: z.string().optional() });
export const VisibilityRow = z.looseObject({ token, level: z.string().min(1), description: z.string().optional() });
export const InstanceRow = z.looseObject({ token, category_token: token, nbr_annotations: z.number().int().optional(), first_annotation_token: link.optional(), last_annotation_token: link.optional() });
export const SampleAnnotationRow = z.looseObject({
  token,
  sample_token: token,
  instance_token: token,
  attribute_tokens: z.array(token).default([]),
  visibility_token: link.default(''),
  translation: nums(3),
  size: nums(3).refine((s) => s.every((v) => v > 0), 'sizes must be positive'),
  rotation: nums(4),
  num_lidar_pts: z.number().int().optional(),
  num_radar_pts: z.number().int().optional(),
  prev: link.optional(),
  next: link.optional(),
});

const SHAPES = {
  attribute: AttributeRow,
  calibrated_sensor: CalibratedSensorRow,
  category: CategoryRow,
  ego_pose: EgoPoseRow,
  instance: InstanceRow,
  log: LogRow,
  sample: SampleRow,
  sample_annotation: SampleAnnotationRow,
  sample_data: SampleDataRow,
  scene: SceneRow,
  sensor: SensorRow,
  visibility: VisibilityRow,
} satisfies Record<NuScenesTableName, z.ZodType>;

/** Every table's rows, typed from its schema above. */
export type NuScenesTables = { [K in NuScenesTableName]: z.infer<(typeof SHAPES)[K]>[] };

/** `sample_annotation.json` */
export const fileOf = (table: NuScenesTableName): string => `${table}.json`;

/**
 * Validate the given tables (absent ones become []; `required` ones must be present). Throws a
 * NuScenesTablesError naming `<table>.json`, the JSON path and the problem (first 5 issues).
 */
export function parseTables(input: Partial<Record<NuScenesTableName, unknown>>, required: readonly NuScenesTableName[]): { tables: NuScenesTables; present: Set<NuScenesTableName> } {
  const tables = {} as Record<NuScenesTableName, unknown[]>;
  const present = new Set<NuScenesTableName>();
  for (const name of NUSCENES_TABLES) {
    const raw = input[name];
    if (raw === undefined) {
      if (required.includes(name)) throw new NuScenesTablesError(`${fileOf(name)}: missing (needed: ${required.map(fileOf).join(', ')})`);
      tables[name] = [];
      continue;
    }
    present.add(name);
    const parsed = z.array(SHAPES[name], { error: 'expected an array of records' }).safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${jsonPath(i.path)}: ${i.message}`);
      const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
      throw new NuScenesTablesError(`${fileOf(name)}: ${issues.join('; ')}${more}`);
    }
    const seen = new Map<string, number>();
    (parsed.data as { token: string }[]).forEach((row, i) => {
      const first = seen.get(row.token);
      if (first !== undefined) throw new NuScenesTablesError(`${fileOf(name)}: $[${i}].token: duplicate token "${row.token}" (also at $[${first}])`);
      seen.set(row.token, i);
    });
    tables[name] = parsed.data;
  }
  return { tables: tables as unknown as NuScenesTables, present };
}

/**
 * A deterministic 32-hex token (the nuScenes length) for `kind` + `id`: four 32-bit FNV-1a lanes
 * with different offsets, so the same scene always exports the same tokens.
 */
export function tokenFor(kind: string, id: string): string {
  const s = `${kind}\u0000${id}`;
  let out = '';
  for (let lane = 0; lane < 4; lane++) {
    let h = (0x811c9dc5 ^ Math.imul(lane + 1, 0x9e3779b9)) >>> 0;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    // final avalanche (murmur3 fmix32) so nearby ids differ in every digit
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

/** True for strings that already look like nuScenes / Lyft tokens (32 or 64 hex digits). */
export const looksLikeToken = (s: string): boolean => /^(?:[0-9a-f]{32}|[0-9a-f]{64})$/.test(s);
