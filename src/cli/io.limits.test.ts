import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../core/limits';
import { checkFileSize, cliLimits, readSceneFile, takeLimitsFlag } from './io';

const dir = mkdtempSync(join(tmpdir(), 'crosslabel-limits-'));
const saved = process.env.CROSSLABEL_LIMITS;
afterEach(() => {
  if (saved === undefined) delete process.env.CROSSLABEL_LIMITS;
  else process.env.CROSSLABEL_LIMITS = saved;
});

describe('CLI file size limits', () => {
  it('refuses an oversized scene from its size alone, naming the file, its size and the limit (exit 2)', () => {
    // sparse: 300 MB on paper, nothing on disk (and nothing read: it is all zero bytes, not JSON)
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 300 * 1024 * 1024);
    let caught: (Error & { exitCode?: number }) | undefined;
    try {
      readSceneFile(huge);
    } catch (e) {
      caught = e as Error & { exitCode?: number };
    }
    expect(caught?.message).toContain(`${huge}: 300 MB is over the 256 MB limit for label files (JSON, text)`);
    expect(caught?.exitCode).toBe(2);
    rmSync(huge);
  });

  it('obeys CROSSLABEL_LIMITS and --limits, and names a bad value', () => {
    const small = join(dir, 'small.json');
    writeFileSync(small, '{"x": 1}'.padEnd(2048, ' '));
    expect(() => checkFileSize(small)).not.toThrow();
    process.env.CROSSLABEL_LIMITS = 'labels=1KB';
    expect(() => checkFileSize(small)).toThrow(/small\.json: 2 KB is over the 1 KB limit for label files/);
    delete process.env.CROSSLABEL_LIMITS;
    expect(cliLimits()).toEqual(DEFAULT_LIMITS);
    expect(takeLimitsFlag(['validate', '--limits', 'labels=1KB', 'a.json'])).toEqual(['validate', 'a.json']);
    expect(process.env.CROSSLABEL_LIMITS).toBe('labels=1KB');
    expect(() => checkFileSize(small)).toThrow(/over the 1 KB limit/);
    expect(() => takeLimitsFlag(['--limits=labels=huge'])).toThrow(/CROSSLABEL_LIMITS: labels: "huge" is not a size/);
    expect(() => takeLimitsFlag(['--limits'])).toThrow(/--limits needs a value/);
    // a missing file passes the size check: the read reports it
    expect(() => checkFileSize(join(dir, 'missing.json'))).not.toThrow();
  });
});
