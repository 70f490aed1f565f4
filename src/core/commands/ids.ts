/**
 * Record ids. `newId("obj")` gives e.g. `obj_3f2a9c1e5b7d4e08` — a prefix naming the record kind
 * plus 16 hex digits of a random UUID (64 bits; collisions within one scene are negligible).
 * Uses `crypto.randomUUID`, available in Node >= 19 and every current browser.
 */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
}
