/**
 * A QA finding: one problem (or note) about the scene, with a stable id so the UI can keep a
 * "dismissed" set across runs. The id is a hash of the check, the object, the sensors, the
 * samples and a check-specific discriminator, so it does not change when the scene is re-checked.
 */
import { z } from 'zod';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** A measured quantity against its tolerance, e.g. {name: 'maxEdgePx', value: 31.2, unit: 'px', tolerance: 30}. */
export const Measured = z.object({
  name: z.string().min(1),
  value: z.number(),
  unit: z.string(),
  tolerance: z.number(),
});
export type Measured = z.infer<typeof Measured>;

export const Finding = z.object({
  /** Stable id: hash of check + object + sensors + samples + discriminator. */
  id: z.string().min(1),
  /** Check id, `<family>.<name>`, e.g. `spatial.alignment`. */
  check: z.string().min(1),
  severity: Severity,
  object: z.string().optional(),
  sensors: z.array(z.string()),
  samples: z.array(z.string()),
  message: z.string().min(1),
  measured: Measured.optional(),
});
export type Finding = z.infer<typeof Finding>;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The two FNV-1a 32-bit states of findingId (int32 bits; seeds 0x811c9dc5 and 0x01000193), fed part by part. */
let h1 = 0, h2 = 0;

function feed(s: string): void {
  let a = h1, b = h2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  h1 = a;
  h2 = b;
}

function feedChar(c: number): void {
  h1 = Math.imul(h1 ^ c, 0x01000193);
  h2 = Math.imul(h2 ^ c, 0x01000193);
}

function feedList(l: readonly string[]): void {
  for (let i = 0; i < l.length; i++) {
    if (i) feedChar(0x2c); // ','
    feed(l[i]);
  }
}

/** Character codes of the hex digits. */
const HEX = new Int32Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/** The two states as 16 lower-case hex digits, in one string (`(h >>> 0).toString(16).padStart(8, '0')` of each, concatenated). */
const hex16 = (a: number, b: number): string =>
  String.fromCharCode(
    HEX[(a >>> 28) & 15], HEX[(a >>> 24) & 15], HEX[(a >>> 20) & 15], HEX[(a >>> 16) & 15], HEX[(a >>> 12) & 15], HEX[(a >>> 8) & 15], HEX[(a >>> 4) & 15], HEX[a & 15],
    HEX[(b >>> 28) & 15], HEX[(b >>> 24) & 15], HEX[(b >>> 20) & 15], HEX[(b >>> 16) & 15], HEX[(b >>> 12) & 15], HEX[(b >>> 8) & 15], HEX[(b >>> 4) & 15], HEX[b & 15],
  );

/**
 * 64-bit hex id of the finding's identity: FNV-1a 32-bit, seeded 0x811c9dc5 and 0x01000193, of
 * `[check, object ?? '', sensors.join(','), samples.join(','), key].join('\u0001')`, the two
 * halves concatenated. The string is hashed part by part, never built.
 */
export function findingId(check: string, object: string | undefined, sensors: readonly string[], samples: readonly string[], key = ''): string {
  h1 = 0x811c9dc5 | 0;
  h2 = 0x01000193;
  feed(check);
  feedChar(1);
  if (object !== undefined) feed(object);
  feedChar(1);
  feedList(sensors);
  feedChar(1);
  feedList(samples);
  feedChar(1);
  feed(key);
  return hex16(h1, h2);
}

export interface FindingInit {
  check: string;
  severity: Severity;
  object?: string;
  sensors?: string[];
  samples?: string[];
  message: string;
  measured?: Measured;
  /** Extra discriminator for the id when one check can report the same object/sample twice. */
  key?: string;
}

/** Build a finding with its stable id. */
export function finding(f: FindingInit): Finding {
  const sensors = f.sensors ?? [];
  const samples = f.samples ?? [];
  const out: Finding = { id: findingId(f.check, f.object, sensors, samples, f.key), check: f.check, severity: f.severity, sensors, samples, message: f.message };
  if (f.object !== undefined) out.object = f.object;
  if (f.measured) out.measured = f.measured;
  return out;
}

const collator = new Intl.Collator();
/** `a.localeCompare(b)` (default locale and options), without building a collator per call. */
const locale = (a: string, b: string): number => (a === b ? 0 : collator.compare(a, b));

/** The order of sortFindings: errors first, then warnings, then info; within a severity by check, object, then id. */
export const compareFindings = (a: Finding, b: Finding): number =>
  SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || locale(a.check, b.check) || locale(a.object ?? '', b.object ?? '') || locale(a.id, b.id);

/**
 * Errors first, then warnings, then info; within a severity by check, object, then id (deterministic).
 * The order of compareFindings (a stable sort, ties keep their order), computed with fewer collator
 * calls: the distinct checks and objects (a few dozen) are ranked once with the collator, and ids
 * made by findingId (16 lower-case hex digits) compare by code point when the collator orders such
 * strings that way (checked once, see hexByCodePoint); other ids go through the collator.
 */
export function sortFindings(fs: Finding[]): Finding[] {
  const n = fs.length;
  if (n < 2) return [...fs];
  const checks = ranks(fs, (f) => f.check), objects = ranks(fs, (f) => f.object ?? '');
  const span = objects.size + 1, per = (checks.size + 1) * span;
  const key = new Float64Array(n);
  const fast = hexByCodePoint();
  // a findingId id as two 32-bit halves (hex digits in code-point order = numeric order); hex[i] = 0 for any other id
  const hex = new Uint8Array(n), hi = new Float64Array(n), lo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = fs[i];
    key[i] = SEVERITY_RANK[f.severity] * per + checks.get(f.check)! * span + objects.get(f.object ?? '')!;
    if (fast && parseHexId(f.id, hi, lo, i)) hex[i] = 1;
  }
  // by key, stable: a typed-array sort of key · 2^s + i (exact while it stays below 2^53)
  let s = 1;
  while (2 ** s <= n) s++;
  if (3 * per * 2 ** s >= 2 ** 53) return compareSort(fs, key, hex);
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) order[i] = key[i] * 2 ** s + i;
  order.sort();
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = order[i] % 2 ** s;
  // within a key, by id: hex ids by (high half, low half), stable; a run with another id by the collator
  for (let a = 0; a < n; ) {
    let b = a + 1, allHex = hex[idx[a]];
    while (b < n && key[idx[b]] === key[idx[a]]) allHex &= hex[idx[b++]];
    if (b - a > 1) {
      if (allHex && b - a < 2 ** 21) sortRunByHexId(idx, a, b, hi, lo, order);
      else {
        const run = Array.from(idx.subarray(a, b)).sort((i, j) => {
          const x = fs[i].id, y = fs[j].id;
          if (x === y) return 0;
          return hex[i] & hex[j] ? (x < y ? -1 : 1) : collator.compare(x, y);
        });
        idx.set(run, a);
      }
    }
    a = b;
  }
  const out: Finding[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = fs[idx[i]];
  return out;
}

/** Sort idx[a..b) (in original order) by hi, then lo, stable: a typed-array sort of hi · 2^21 + position, then equal-hi runs by lo. */
function sortRunByHexId(idx: Int32Array, a: number, b: number, hi: Float64Array, lo: Float64Array, scratch: Float64Array): void {
  const len = b - a, t = scratch.subarray(0, len);
  for (let k = 0; k < len; k++) t[k] = hi[idx[a + k]] * 2 ** 21 + k;
  t.sort();
  const run = idx.slice(a, b);
  for (let k = 0; k < len; k++) idx[a + k] = run[t[k] % 2 ** 21];
  for (let k = a + 1; k < b; k++) {
    // insertion by lo among equal hi (rare: 32-bit collisions); equal ids keep their order
    const v = idx[k];
    let m = k - 1;
    while (m >= a && hi[idx[m]] === hi[v] && lo[idx[m]] > lo[v]) {
      idx[m + 1] = idx[m];
      m--;
    }
    idx[m + 1] = v;
  }
}

/** The order of compareFindings given the keys, with one comparator sort (keys too large to pack). */
function compareSort(fs: Finding[], key: Float64Array, hex: Uint8Array): Finding[] {
  const idx = Array.from({ length: fs.length }, (_, i) => i).sort((i, j) => {
    const d = key[i] - key[j];
    if (d) return d;
    const a = fs[i].id, b = fs[j].id;
    if (a === b) return 0;
    return hex[i] & hex[j] ? (a < b ? -1 : 1) : collator.compare(a, b);
  });
  return idx.map((i) => fs[i]);
}

/** When `id` is 16 lower-case hex digits (a findingId): its two halves into hi[i], lo[i], and true. */
function parseHexId(id: string, hi: Float64Array, lo: Float64Array, i: number): boolean {
  if (id.length !== 16) return false;
  let h = 0, l = 0;
  for (let k = 0; k < 16; k++) {
    const c = id.charCodeAt(k);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return false;
    if (k < 8) h = h * 16 + d;
    else l = l * 16 + d;
  }
  hi[i] = h;
  lo[i] = l;
  return true;
}


/** Rank of each distinct value under `locale` (values the collator calls equal share a rank). */
function ranks(fs: readonly Finding[], get: (f: Finding) => string): Map<string, number> {
  const seen = new Set<string>();
  for (const f of fs) seen.add(get(f));
  const distinct = [...seen].sort(locale);
  const out = new Map<string, number>();
  let r = 0;
  for (let i = 0; i < distinct.length; i++) {
    if (i && locale(distinct[i - 1], distinct[i]) !== 0) r++;
    out.set(distinct[i], r);
  }
  return out;
}

let hexOrder: boolean | undefined;
/**
 * True when the collator orders strings of lower-case hex digits of one length by code point, as in
 * the root collation (digits before letters, no contraction): checked on every 1- and 2-digit
 * string (a locale with a contraction such as Danish "aa" fails it, and ids then use the collator).
 */
export function hexByCodePoint(): boolean {
  if (hexOrder === undefined) {
    const d = '0123456789abcdef';
    const all: string[] = [...d];
    for (const a of d) for (const b of d) all.push(a + b);
    hexOrder = true;
    for (let i = 1; i < all.length && hexOrder; i++) if (all[i - 1].length === all[i].length && !(collator.compare(all[i - 1], all[i]) < 0)) hexOrder = false;
  }
  return hexOrder;
}

/** True when `s` is at least as severe as `threshold`. */
export const atLeast = (s: Severity, threshold: Severity): boolean => SEVERITY_RANK[s] <= SEVERITY_RANK[threshold];
