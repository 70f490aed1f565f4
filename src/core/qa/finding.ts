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

/** FNV-1a 32-bit of a string, seeded; hex. */
function fnv(s: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** 64-bit (two seeded FNV-1a halves) hex id of the finding's identity. */
export function findingId(check: string, object: string | undefined, sensors: readonly string[], samples: readonly string[], key = ''): string {
  const s = [check, object ?? '', sensors.join(','), samples.join(','), key].join('\u0001');
  return fnv(s, 0x811c9dc5) + fnv(s, 0x01000193);
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
  const hex = new Uint8Array(n);
  const fast = hexByCodePoint();
  for (let i = 0; i < n; i++) {
    const f = fs[i];
    key[i] = SEVERITY_RANK[f.severity] * per + checks.get(f.check)! * span + objects.get(f.object ?? '')!;
    hex[i] = fast && HEX_ID.test(f.id) ? 1 : 0;
  }
  const idx: number[] = new Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((i, j) => {
    const d = key[i] - key[j];
    if (d) return d;
    const a = fs[i].id, b = fs[j].id;
    if (a === b) return 0;
    return hex[i] & hex[j] ? (a < b ? -1 : 1) : collator.compare(a, b);
  });
  const out: Finding[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = fs[idx[i]];
  return out;
}

const HEX_ID = /^[0-9a-f]{16}$/;

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
