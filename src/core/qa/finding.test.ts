/**
 * sortFindings ranks checks and objects once and compares findingId's hex ids by code point: it
 * must give exactly the order of a stable sort with compareFindings (the collator on every field),
 * also for ids that are not findingId's, objects missing, and strings the collator orders unlike
 * code points (case, accents, punctuation).
 */
import { describe, expect, it } from 'vitest';
import { compareFindings, finding, findingId, hexByCodePoint, sortFindings, type Finding, type Severity } from './finding';

let seed = 5;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

describe('sortFindings', () => {
  it('is a stable sort by compareFindings', () => {
    const checks = ['spatial.alignment', 'spatial.lidar-points', 'Spatial.alignment', 'class.conflict', 'text.hallucination', 'attribute.type'];
    const objects = [undefined, 'o1', 'o10', 'o2', 'O1', 'é', 'e', 'a-b', 'ab', ''];
    const severities: Severity[] = ['error', 'warning', 'info'];
    for (let round = 0; round < 20; round++) {
      const fs: Finding[] = [];
      for (let i = 0; i < 400; i++) {
        const f = finding({ check: pick(checks), severity: pick(severities), object: pick(objects), samples: [`s${Math.floor(rnd() * 30)}`], message: `m${i}` });
        // some ids not findingId's: upper case, other lengths, duplicates (ties keep their order)
        const r = rnd();
        if (r < 0.1) f.id = f.id.toUpperCase();
        else if (r < 0.2) f.id = f.id.slice(0, 1 + Math.floor(rnd() * 15));
        else if (r < 0.3) f.id = pick(['aa', 'ab', 'a', 'b', 'ä', 'Z']);
        fs.push(f);
      }
      expect(sortFindings(fs)).toEqual([...fs].sort(compareFindings));
      expect(sortFindings(fs).every((f, i, a) => i === 0 || compareFindings(a[i - 1], f) <= 0)).toBe(true);
    }
  });

  it('orders hex ids sharing their first 8 digits by the rest, and keeps equal ids in their order', () => {
    const hex = (v: number) => v.toString(16).padStart(8, '0');
    const fs: Finding[] = [];
    for (let i = 0; i < 300; i++) {
      const f = finding({ check: pick(['spatial.lidar-points', 'class.conflict']), severity: pick(['warning', 'error'] as const), object: pick(['o1', 'o2', undefined]), message: `m${i}` });
      // few distinct high halves, many collisions; some ids repeated exactly
      f.id = pick(['00000000', 'ffffffff', '8000abcd', hex(Math.floor(rnd() * 2 ** 32))]) + (rnd() < 0.2 ? '00000001' : hex(Math.floor(rnd() * 2 ** 32)));
      fs.push(f);
    }
    expect(sortFindings(fs)).toEqual([...fs].sort(compareFindings));
  });

  it('compares findingId ids by code point only where the collator agrees (checked once)', () => {
    expect(typeof hexByCodePoint()).toBe('boolean');
    const ids = Array.from({ length: 500 }, (_, i) => finding({ check: 'c', severity: 'info', message: 'm', key: String(i) }).id);
    const collator = new Intl.Collator();
    if (hexByCodePoint()) for (let i = 1; i < ids.length; i++) expect(Math.sign(collator.compare(ids[i - 1], ids[i]))).toBe(ids[i - 1] < ids[i] ? -1 : ids[i - 1] > ids[i] ? 1 : 0);
  });
});

describe('findingId', () => {
  /** The id's definition, written out: FNV-1a 32-bit of the joined identity with two seeds, as 8 + 8 hex digits. */
  const reference = (check: string, object: string | undefined, sensors: string[], samples: string[], key = ''): string => {
    const s = [check, object ?? '', sensors.join(','), samples.join(','), key].join('\u0001');
    const fnv = (seed: number) => {
      let h = seed >>> 0;
      for (let i = 0; i < s.length; i++) {
        h ^= s.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      return h.toString(16).padStart(8, '0');
    };
    return fnv(0x811c9dc5) + fnv(0x01000193);
  };

  it('is the two seeded FNV-1a hashes of the joined identity (hashed part by part, never joined)', () => {
    const words = ['', 'a', 'spatial.alignment', 'o1', 'cam', 'lidar/000001', 'é', '\u0001', ',', 'x,y', '车'];
    for (let i = 0; i < 500; i++) {
      const list = () => Array.from({ length: Math.floor(rnd() * 4) }, () => pick(words));
      const args = [pick(words), rnd() < 0.2 ? undefined : pick(words), list(), list(), rnd() < 0.3 ? undefined : pick(words)] as const;
      expect(findingId(...args)).toBe(reference(args[0], args[1], args[2], args[3], args[4]));
    }
  });
});
