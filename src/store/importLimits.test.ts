import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../core/limits';
import { LIMITS_KEY, loadImportLimits, saveImportLimits } from './importLimits';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('import limits setting', () => {
  it('defaults without storage or a stored value', () => {
    expect(loadImportLimits(null)).toEqual(DEFAULT_LIMITS);
    expect(loadImportLimits(memory())).toEqual(DEFAULT_LIMITS);
  });

  it('round-trips what was saved', () => {
    const s = memory();
    const limits = { maxBytes: { ...DEFAULT_LIMITS.maxBytes, labels: 1024 }, jobTimeoutSeconds: 12 };
    expect(saveImportLimits(limits, s)).toBe(true);
    expect(loadImportLimits(s)).toEqual(limits);
  });

  it('fills a partial value from the defaults and ignores a broken one', () => {
    const s = memory();
    s.setItem(LIMITS_KEY, JSON.stringify({ maxBytes: { image: 5 } }));
    expect(loadImportLimits(s)).toEqual({ ...DEFAULT_LIMITS, maxBytes: { ...DEFAULT_LIMITS.maxBytes, image: 5 } });
    s.setItem(LIMITS_KEY, JSON.stringify({ maxBytes: { image: -5 } }));
    expect(loadImportLimits(s)).toEqual(DEFAULT_LIMITS);
    s.setItem(LIMITS_KEY, '{not json');
    expect(loadImportLimits(s)).toEqual(DEFAULT_LIMITS);
  });

  it('refuses to save limits that are not limits, and survives a full storage', () => {
    const s = memory();
    expect(saveImportLimits({ ...DEFAULT_LIMITS, jobTimeoutSeconds: 0 }, s)).toBe(false);
    expect(s.m.size).toBe(0);
    const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(saveImportLimits(DEFAULT_LIMITS, full)).toBe(false);
  });
});
