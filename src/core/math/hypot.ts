/**
 * Math.hypot of 4 numbers, bit-identical, without the builtin call (~150 ns a call in V8, with its
 * argument array, against a few ns inlined): the quaternion norm of the cuboid hot paths.
 */

/**
 * V8's Math.hypot (builtins/math.tq) for 4 arguments, written out: ±Infinity wins over NaN, NaN
 * over the rest, 0 when all are 0; else a Kahan sum of (|v| / max)² and √sum · max, in argument
 * order. Same IEEE operations in the same order, so the same double.
 */
function kahanHypot4(a: number, b: number, c: number, d: number): number {
  const A = Math.abs(a), B = Math.abs(b), C = Math.abs(c), D = Math.abs(d);
  if (A === Infinity || B === Infinity || C === Infinity || D === Infinity) return Infinity;
  if (A !== A || B !== B || C !== C || D !== D) return NaN;
  let max = A;
  if (B > max) max = B;
  if (C > max) max = C;
  if (D > max) max = D;
  if (max === 0) return 0;
  let sum = 0, comp = 0, v: number, s: number, p: number;
  v = A / max; s = v * v - comp; p = sum + s; comp = p - sum - s; sum = p;
  v = B / max; s = v * v - comp; p = sum + s; comp = p - sum - s; sum = p;
  v = C / max; s = v * v - comp; p = sum + s; comp = p - sum - s; sum = p;
  v = D / max; s = v * v - comp; p = sum + s; comp = p - sum - s; sum = p;
  return Math.sqrt(sum) * max;
}

const builtinHypot4 = (a: number, b: number, c: number, d: number): number => Math.hypot(a, b, c, d);

/** True when kahanHypot4 equals this engine's Math.hypot on a fixed set of inputs (V8: yes; another engine's algorithm differs on some of them). */
function sameAsBuiltin(): boolean {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 256; i++) {
    const scale = 10 ** (Math.floor(rnd() * 24) - 12);
    const v = [0, 1, 2, 3].map(() => (rnd() < 0.2 ? 0 : (rnd() - 0.5) * scale));
    if (i % 2) {
      const yaw = rnd() * 7;
      v[0] = v[1] = 0;
      v[2] = Math.sin(yaw / 2);
      v[3] = Math.cos(yaw / 2);
    }
    if (!Object.is(kahanHypot4(v[0], v[1], v[2], v[3]), Math.hypot(v[0], v[1], v[2], v[3]))) return false;
  }
  for (const v of [[NaN, Infinity, 0, 0], [NaN, 1, 0, 0], [0, 0, 0, 0], [-0, 0, -0, 0], [1e308, 1e308, -1e308, 1e308], [5e-324, 0, 0, -5e-324]])
    if (!Object.is(kahanHypot4(v[0], v[1], v[2], v[3]), Math.hypot(v[0], v[1], v[2], v[3]))) return false;
  return true;
}

/** Math.hypot(a, b, c, d), exactly; inlined arithmetic where it is known to give the same double. */
export const hypot4: (a: number, b: number, c: number, d: number) => number = sameAsBuiltin() ? kahanHypot4 : builtinHypot4;
