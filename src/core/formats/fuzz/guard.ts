/**
 * Allocation guard for fuzzing: while a reader runs, every ArrayBuffer / typed array / large Array
 * constructed through the globals is counted, and one that would take the input's total past its
 * budget throws `AllocationGuardError` BEFORE the memory is taken (so a lying header cannot make the
 * fuzzing process allocate gigabytes). The violation is also recorded, so a reader that catches the
 * error and rethrows its own still fails the property.
 *
 * How: the constructors on `globalThis` are replaced by Proxies for the duration of one call (code
 * refers to `Float32Array` etc. by global name, so it constructs through the Proxy; `instanceof` and
 * statics like `Float64Array.from` are forwarded). Allocations made inside the engine without a global
 * constructor (TypedArray.prototype.slice / map, Buffer, strings) are not seen; those are bounded by an
 * array that already exists.
 */

export class AllocationGuardError extends Error {
  constructor(readonly requested: number, readonly budget: number, readonly what: string) {
    super(`allocation guard: ${what} would bring this input's allocations to ${requested} bytes, over the budget of ${budget} bytes`);
    this.name = 'AllocationGuardError';
  }
}

const TYPED = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Float16Array',
] as const;

/** Bytes one JS Array element costs at least (a tagged pointer). */
const ARRAY_SLOT_BYTES = 8;
/** Arrays up to this length are not counted (the guard is for header-driven sizes, not every literal). */
const ARRAY_UNCOUNTED = 1 << 16;

interface GuardState {
  budget: number;
  used: number;
  violation?: AllocationGuardError;
  largest: number;
}

let state: GuardState | null = null;
const g = globalThis as unknown as Record<string, unknown>;
const originals = new Map<string, unknown>();
const proxies = new Map<string, unknown>();

function charge(bytes: number, what: string): void {
  if (!state) return;
  if (!Number.isFinite(bytes) || bytes < 0) return; // the constructor itself throws its RangeError
  state.largest = Math.max(state.largest, bytes);
  const total = state.used + bytes;
  if (total > state.budget) {
    const e = new AllocationGuardError(total, state.budget, what);
    state.violation ??= e;
    throw e;
  }
  state.used = total;
}

/** Elements a typed-array constructor's arguments ask for (0 for a view on an existing buffer). */
function elementsOf(args: unknown[]): number {
  const a = args[0];
  if (typeof a === 'number') return a;
  if (a === undefined || a === null) return 0;
  if (a instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && a instanceof SharedArrayBuffer)) return 0;
  const length = (a as { length?: unknown }).length;
  return typeof length === 'number' ? length : 0;
}

function makeProxies(): void {
  if (proxies.size) return;
  for (const name of TYPED) {
    const Ctor = g[name] as (new (...args: unknown[]) => { BYTES_PER_ELEMENT: number }) & { BYTES_PER_ELEMENT: number };
    if (typeof Ctor !== 'function') continue;
    originals.set(name, Ctor);
    proxies.set(
      name,
      new Proxy(Ctor, {
        construct(target, args, newTarget) {
          charge(elementsOf(args) * target.BYTES_PER_ELEMENT, `new ${name}(${typeof args[0] === 'number' ? args[0] : '…'})`);
          return Reflect.construct(target, args, newTarget === proxies.get(name) ? target : newTarget);
        },
      }),
    );
  }
  for (const name of ['ArrayBuffer', 'SharedArrayBuffer'] as const) {
    const Ctor = g[name] as new (...args: unknown[]) => object;
    if (typeof Ctor !== 'function') continue;
    originals.set(name, Ctor);
    proxies.set(
      name,
      new Proxy(Ctor, {
        construct(target, args, newTarget) {
          const n = Number(args[0] ?? 0);
          charge(n, `new ${name}(${n})`);
          return Reflect.construct(target, args, newTarget === proxies.get(name) ? target : newTarget);
        },
      }),
    );
  }
  const OrigArray = Array;
  originals.set('Array', OrigArray);
  const arrayLength = (args: unknown[]) => (args.length === 1 && typeof args[0] === 'number' ? args[0] : 0);
  proxies.set(
    'Array',
    new Proxy(OrigArray, {
      construct(target, args, newTarget) {
        const n = arrayLength(args);
        if (n > ARRAY_UNCOUNTED) charge(n * ARRAY_SLOT_BYTES, `new Array(${n})`);
        return Reflect.construct(target, args, newTarget === proxies.get('Array') ? target : newTarget);
      },
      apply(target, thisArg, args) {
        const n = arrayLength(args);
        if (n > ARRAY_UNCOUNTED) charge(n * ARRAY_SLOT_BYTES, `Array(${n})`);
        return Reflect.apply(target, thisArg, args);
      },
    }),
  );
}

export interface GuardReport {
  /** The first allocation that went over the budget, if any (whatever the reader did with the error). */
  violation?: AllocationGuardError;
  /** Bytes counted. */
  used: number;
  /** The largest single allocation counted. */
  largest: number;
}

/**
 * Run `fn` with the guard installed and a budget of `budget` bytes; restores the globals afterwards
 * (also when `fn` throws or its promise rejects). Not re-entrant.
 */
export async function withAllocationGuard<T>(budget: number, fn: () => T | Promise<T>): Promise<{ value?: T; error?: unknown; report: GuardReport }> {
  if (state) throw new Error('withAllocationGuard is not re-entrant');
  makeProxies();
  state = { budget, used: 0, largest: 0 };
  for (const [name, p] of proxies) g[name] = p;
  try {
    const value = await fn();
    return { value, report: { violation: state.violation, used: state.used, largest: state.largest } };
  } catch (error) {
    return { error, report: { violation: state.violation, used: state.used, largest: state.largest } };
  } finally {
    for (const [name, o] of originals) g[name] = o;
    state = null;
  }
}
