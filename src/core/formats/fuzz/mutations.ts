/**
 * Fuzz inputs: a real seed file changed by a few mutations, or generated garbage. An input is
 * described by a small plain value (a `FuzzPlan`) that fast-check generates from its seed, and the
 * bytes are made from the plan by `materialize` — deterministic, so a seed and a path reproduce the
 * exact bytes (fast-check's `path` replays the n-th generated plan).
 *
 * The mutations are the ones malformed files in the wild show, aimed at what a reader trusts:
 * - bit flips, set bytes, inserted binary junk, deleted ranges, truncation (often inside the header);
 * - numeric tokens replaced by hostile values (0, −1, 2^31, 2^32−1, 1e20, 1e309, NaN, …), one of them or
 *   every occurrence of the same number (so `WIDTH` and `POINTS` lie together and pass the
 *   WIDTH × HEIGHT = POINTS check);
 * - 32-bit little-endian words written at the target's "hotspots" (e.g. the binary_compressed size prefix);
 * - lines duplicated (up to thousands of times), deleted or swapped;
 * - JSON-aware edits: a value replaced by null / a hostile number / a string with binary bytes / the wrong
 *   type, deep nesting, a huge array, a key removed, an array element duplicated;
 * - a splice of bytes from another seed;
 * - garbage: a soup of the seed's own tokens, or random bytes.
 */
import fc from 'fast-check';

export interface Seed {
  /** Name of the seed file (relative path inside the repository, or a made-up name for built seeds). */
  name: string;
  bytes: Uint8Array;
}

/** Replacement numbers for numeric tokens: boundary values and lies. */
export const HOSTILE_NUMBERS = [
  '0', '-1', '1', '-0', '2', '255', '256', '65535', '65536', '268435456', '2147483647', '2147483648', '-2147483648',
  '4294967295', '4294967296', '9007199254740993', '99999999999999999999', '1e20', '1e309', '-1e309', '1e-320', 'NaN',
  'nan', 'inf', '-inf', 'Infinity', '0.5', '-0.5', '1.5e300', '0x10', '', '1e', '--1', '١٢٣',
] as const;

/** Little-endian 32-bit words for binary headers and size prefixes. */
export const HOSTILE_U32 = [0, 1, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000000, 0x1000, 0xfffffff0] as const;

export type JsonAction =
  | { kind: 'null' }
  | { kind: 'number'; value: number }
  | { kind: 'string'; binary: boolean }
  | { kind: 'wrongType' }
  | { kind: 'deep'; depth: number; array: boolean }
  | { kind: 'hugeArray'; length: number; of: 'number' | 'object' | 'clone' }
  | { kind: 'deleteKey' }
  | { kind: 'duplicateElement'; times: number };

export type Mutation =
  | { op: 'bitFlip'; at: number; bit: number; count: number }
  | { op: 'setByte'; at: number; value: number }
  | { op: 'insertBytes'; at: number; bytes: number[] }
  | { op: 'deleteRange'; at: number; length: number }
  | { op: 'truncate'; at: number; header: boolean }
  | { op: 'number'; which: number; value: number; all: boolean }
  | { op: 'u32'; hotspot: number; at: number; value: number }
  | { op: 'duplicateLine'; which: number; times: number }
  | { op: 'deleteLine'; which: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'json'; which: number; action: JsonAction }
  | { op: 'splice'; seed: number; from: number; length: number; at: number };

export type FuzzPlan =
  | { kind: 'mutate'; seed: number; mutations: Mutation[] }
  | { kind: 'soup'; seed: number; tokens: number[]; separators: number[] }
  | { kind: 'random'; bytes: Uint8Array; seed: number };

/** Where a fraction in [0, 1) lands in a length (biased to the start by `header` mutations). */
const pos = (frac: number, length: number): number => Math.min(length, Math.floor(frac * (length + 1)));

const frac = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const headerFrac = fc.oneof(frac, frac.map((f) => f * f * f)); // cubed: mostly the first few hundred bytes

const jsonAction: fc.Arbitrary<JsonAction> = fc.oneof(
  fc.constant({ kind: 'null' as const }),
  fc.constantFrom(0, -1, 1, 0.5, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 1e20, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324).map((value) => ({ kind: 'number' as const, value })),
  fc.boolean().map((binary) => ({ kind: 'string' as const, binary })),
  fc.constant({ kind: 'wrongType' as const }),
  fc.record({ depth: fc.constantFrom(64, 1000, 5000, 100_000), array: fc.boolean() }).map((r) => ({ kind: 'deep' as const, ...r })),
  fc.record({ length: fc.constantFrom(1000, 10_000, 100_000), of: fc.constantFrom('number' as const, 'object' as const, 'clone' as const) }).map((r) => ({ kind: 'hugeArray' as const, ...r })),
  fc.constant({ kind: 'deleteKey' as const }),
  fc.constantFrom(1, 2, 100, 2000).map((times) => ({ kind: 'duplicateElement' as const, times })),
);

/** Copies of a duplicated line: mostly a few; 1,000 and 5,000 (what shows a quadratic reader) one time in ten each. */
const DUPLICATES = fc.oneof({ arbitrary: fc.constantFrom(1, 2, 3, 50), weight: 8 }, { arbitrary: fc.constant(1000), weight: 1 }, { arbitrary: fc.constant(5000), weight: 1 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('bitFlip' as const), at: headerFrac, bit: fc.integer({ min: 0, max: 7 }), count: fc.integer({ min: 1, max: 8 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('setByte' as const), at: headerFrac, value: fc.constantFrom(0, 10, 13, 32, 34, 44, 45, 46, 48, 57, 91, 93, 123, 125, 127, 128, 255) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('insertBytes' as const), at: headerFrac, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 48 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('deleteRange' as const), at: frac, length: fc.integer({ min: 1, max: 4096 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: frac, header: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('number' as const), which: fc.nat(), value: fc.nat(HOSTILE_NUMBERS.length - 1), all: fc.boolean() }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('u32' as const), hotspot: fc.nat(), at: frac, value: fc.nat(HOSTILE_U32.length - 1) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), which: fc.nat(), times: DUPLICATES }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('deleteLine' as const), which: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('json' as const), which: fc.nat(), action: jsonAction }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('splice' as const), seed: fc.nat(), from: frac, length: fc.integer({ min: 1, max: 2048 }), at: frac }), weight: 1 },
);

/** The plans for a target with `seedCount` seeds: mostly mutated seeds, some garbage. */
export function planArbitrary(seedCount: number): fc.Arbitrary<FuzzPlan> {
  const seed = fc.nat(Math.max(0, seedCount - 1));
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('mutate' as const), seed, mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }), weight: 17 },
    { arbitrary: fc.record({ kind: fc.constant('soup' as const), seed, tokens: fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), separators: fc.array(fc.nat(5), { minLength: 1, maxLength: 8 }) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('random' as const), seed, bytes: fc.uint8Array({ maxLength: 4096 }) }), weight: 1 },
  );
}

/** Inputs never grow past this (a duplicated line × 5000 on a big seed would otherwise make 100 MB). */
export const MAX_INPUT_BYTES = 4 << 20;

const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/** Bytes ↔ a string of one char per byte (latin1), so text edits never change bytes they do not touch. */
const asText = (b: Uint8Array): string => latin1.decode(b);
function fromText(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}
/** A JSON string edit may add non-latin1 characters: encode them as UTF-8. */
const fromJsonText = (s: string): Uint8Array => enc.encode(s);

const NUMBER_TOKEN = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;
/** Only numbers in the first 64 KiB: headers, and enough of the data to reach every record kind. */
const NUMBER_SCAN_BYTES = 1 << 16;

function replaceNumber(b: Uint8Array, m: Extract<Mutation, { op: 'number' }>): Uint8Array {
  const text = asText(b);
  const head = text.slice(0, NUMBER_SCAN_BYTES);
  const found = [...head.matchAll(NUMBER_TOKEN)];
  if (!found.length) return b;
  const pick = found[m.which % found.length];
  const value = HOSTILE_NUMBERS[m.value];
  if (!m.all) return fromText(text.slice(0, pick.index) + value + text.slice(pick.index! + pick[0].length));
  // every occurrence of the same token as a whole word (WIDTH 397 / POINTS 397 lie together)
  const same = new RegExp(`(?<![\\w.+-])${pick[0].replace(/[.+]/g, '\\$&')}(?![\\w.])`, 'g');
  return fromText(head.replace(same, value) + text.slice(NUMBER_SCAN_BYTES));
}

function lineBounds(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineEdit(b: Uint8Array, m: Extract<Mutation, { op: 'duplicateLine' | 'deleteLine' | 'swapLines' }>): Uint8Array {
  const text = asText(b);
  const starts = lineBounds(text);
  const line = (k: number): [number, number] => [starts[k], k + 1 < starts.length ? starts[k + 1] : text.length];
  if (m.op === 'duplicateLine') {
    const [s, e] = line(m.which % starts.length);
    let copy = text.slice(s, e);
    if (!copy.endsWith('\n')) copy = `\n${copy}`;
    const times = Math.min(m.times, Math.floor(MAX_INPUT_BYTES / Math.max(1, copy.length)));
    return fromText(text.slice(0, e) + copy.repeat(times) + text.slice(e));
  }
  if (m.op === 'deleteLine') {
    const [s, e] = line(m.which % starts.length);
    return fromText(text.slice(0, s) + text.slice(e));
  }
  let [a, c] = [m.a % starts.length, m.b % starts.length];
  if (a === c) return b;
  if (a > c) [a, c] = [c, a];
  const [as, ae] = line(a);
  const [cs, ce] = line(c);
  const withNl = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
  return fromText(text.slice(0, as) + withNl(text.slice(cs, ce)) + text.slice(ae, cs) + text.slice(as, ae) + text.slice(ce));
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Slot {
  parent: Json[] | { [k: string]: Json } | null;
  key: string | number;
  value: Json;
}

/** Every value of a JSON document (root first, depth-first), with its parent and key, at most `limit`. */
function slots(root: Json, limit = 50_000): Slot[] {
  const out: Slot[] = [{ parent: null, key: '', value: root }];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    const v = out[i].value;
    if (Array.isArray(v)) v.forEach((x, k) => out.push({ parent: v, key: k, value: x }));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push({ parent: v, key: k, value: x });
  }
  return out;
}

function deepValue(depth: number, array: boolean): string {
  return array ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '0' + '}'.repeat(depth);
}

const BINARY_STRING = '\u0000\u0001\u0002\u001b[31m\u00ff\ufffd\ud800\u202e' + String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 128 + i));

function jsonEdit(b: Uint8Array, m: Extract<Mutation, { op: 'json' }>): Uint8Array {
  try {
    return jsonEditUnsafe(b, m);
  } catch {
    // a document an earlier mutation nested 100,000 deep overflows JSON.parse / stringify: leave it as it is
    return b;
  }
}

function jsonEditUnsafe(b: Uint8Array, m: Extract<Mutation, { op: 'json' }>): Uint8Array {
  let root: Json;
  const text = new TextDecoder().decode(b);
  try {
    root = JSON.parse(text) as Json;
  } catch {
    return b; // not JSON (any more): byte-level mutations do the rest
  }
  const all = slots(root);
  // Prefer containers' children over the root: editing the root replaces the whole document.
  const slot = all.length > 1 ? all[1 + (m.which % (all.length - 1))] : all[0];
  const a = m.action;
  // Values too big to build as objects are spliced in as text through a placeholder string.
  const MARK = '\u0000fuzz-placeholder\u0000';
  let raw: string | undefined;
  let next: Json | undefined;
  switch (a.kind) {
    case 'null':
      next = null;
      break;
    case 'number':
      next = a.value;
      break;
    case 'string':
      next = a.binary ? BINARY_STRING : '';
      break;
    case 'wrongType':
      next = Array.isArray(slot.value) ? { 0: slot.value[0] ?? null } : slot.value && typeof slot.value === 'object' ? Object.values(slot.value) : typeof slot.value === 'string' ? 1 : 'x';
      break;
    case 'deep':
      raw = deepValue(a.depth, a.array);
      break;
    case 'hugeArray': {
      const one = a.of === 'number' ? '0' : a.of === 'object' ? '{}' : JSON.stringify(slot.value) ?? 'null';
      const n = Math.min(a.length, Math.floor(MAX_INPUT_BYTES / (one.length + 1)));
      raw = `[${Array.from({ length: n }, () => one).join(',')}]`;
      break;
    }
    case 'deleteKey':
      if (slot.parent === null) return b;
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      return fromJsonText(JSON.stringify(root));
    case 'duplicateElement': {
      if (!Array.isArray(slot.parent)) {
        if (!Array.isArray(slot.value) || !slot.value.length) return b;
        const arr = slot.value;
        const size = (JSON.stringify(arr[0]) ?? '').length + 1;
        arr.push(...Array.from({ length: Math.min(a.times, Math.floor(MAX_INPUT_BYTES / size)) }, () => arr[0]));
        return fromJsonText(JSON.stringify(root));
      }
      const arr = slot.parent;
      const size = (JSON.stringify(slot.value) ?? '').length + 1;
      arr.splice(slot.key as number, 0, ...Array.from({ length: Math.min(a.times, Math.floor(MAX_INPUT_BYTES / size)) }, () => slot.value));
      return fromJsonText(JSON.stringify(root));
    }
  }
  if (raw !== undefined) next = MARK;
  if (slot.parent === null) root = next!;
  else if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = next!;
  else slot.parent[slot.key as string] = next!;
  let out = JSON.stringify(root);
  if (raw !== undefined) out = out.replace(JSON.stringify(MARK), () => raw!);
  return fromJsonText(out);
}

function writeU32(b: Uint8Array, at: number, value: number): Uint8Array {
  if (b.length < 4) return b;
  const out = b.slice();
  new DataView(out.buffer).setUint32(Math.min(at, out.length - 4), value, true);
  return out;
}

function splice(b: Uint8Array, at: number, del: number, insert: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(b.length - del + insert.length);
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(at + del), at + insert.length);
  return out;
}

export interface MaterializeContext {
  seeds: readonly Seed[];
  /** Byte offsets worth writing 32-bit words at (e.g. the binary_compressed prefix), for a seed's bytes. */
  hotspots?(bytes: Uint8Array): number[];
}

/** Apply one mutation. */
export function applyMutation(b: Uint8Array, m: Mutation, ctx: MaterializeContext): Uint8Array {
  switch (m.op) {
    case 'bitFlip': {
      if (!b.length) return b;
      const out = b.slice();
      const start = Math.min(pos(m.at, b.length), b.length - 1);
      for (let k = 0; k < m.count; k++) out[(start + k * 7) % out.length] ^= 1 << ((m.bit + k) % 8);
      return out;
    }
    case 'setByte': {
      if (!b.length) return b;
      const out = b.slice();
      out[Math.min(pos(m.at, b.length), b.length - 1)] = m.value;
      return out;
    }
    case 'insertBytes':
      return splice(b, pos(m.at, b.length), 0, Uint8Array.from(m.bytes));
    case 'deleteRange': {
      const at = pos(m.at, b.length);
      return splice(b, at, Math.min(m.length, b.length - at));
    }
    case 'truncate':
      return b.slice(0, m.header ? Math.min(b.length, pos(m.at, Math.min(b.length, 1024))) : pos(m.at, b.length));
    case 'number':
      return replaceNumber(b, m);
    case 'u32': {
      const spots = ctx.hotspots?.(b) ?? [];
      const at = spots.length && m.hotspot % 3 !== 0 ? spots[m.hotspot % spots.length] : pos(m.at, Math.max(0, b.length - 4));
      return writeU32(b, at, HOSTILE_U32[m.value]);
    }
    case 'duplicateLine':
    case 'deleteLine':
    case 'swapLines':
      return lineEdit(b, m);
    case 'json':
      return jsonEdit(b, m);
    case 'splice': {
      const other = ctx.seeds[m.seed % ctx.seeds.length].bytes;
      const from = pos(m.from, other.length);
      return splice(b, pos(m.at, b.length), 0, other.subarray(from, from + m.length));
    }
  }
}

/** Tokens of a seed (its first 16 KiB split at whitespace and punctuation, the separators kept out). */
function tokensOf(b: Uint8Array): string[] {
  const t = asText(b.subarray(0, 1 << 14))
    .split(/([\s,:;{}[\]"<>=]+)/)
    .filter((x) => x !== '');
  return t.length ? t : ['0'];
}
const SEPARATORS = [' ', '\n', ',', '\t', ':', '\r\n'];

/** The bytes of a plan. */
export function materialize(plan: FuzzPlan, ctx: MaterializeContext): Uint8Array {
  if (plan.kind === 'random') return plan.bytes;
  const seed = ctx.seeds[plan.seed % ctx.seeds.length];
  if (plan.kind === 'soup') {
    const tokens = tokensOf(seed.bytes);
    return fromText(plan.tokens.map((t, k) => tokens[t % tokens.length] + SEPARATORS[plan.separators[k % plan.separators.length]]).join(''));
  }
  let b = seed.bytes;
  for (const m of plan.mutations) {
    b = applyMutation(b, m, ctx);
    if (b.length > MAX_INPUT_BYTES) b = b.subarray(0, MAX_INPUT_BYTES);
  }
  return b;
}

/** A short description of a plan for failure reports. */
export function describePlan(plan: FuzzPlan, seeds: readonly Seed[]): string {
  if (plan.kind === 'random') return `${plan.bytes.length} random bytes`;
  const seed = seeds[plan.seed % seeds.length].name;
  if (plan.kind === 'soup') return `token soup of ${seed} (${plan.tokens.length} tokens)`;
  return `${seed} with ${plan.mutations.map((m) => (m.op === 'json' ? `json ${m.action.kind}` : m.op === 'number' ? `number→${JSON.stringify(HOSTILE_NUMBERS[m.value])}${m.all ? ' (all)' : ''}` : m.op)).join(', ')}`;
}
