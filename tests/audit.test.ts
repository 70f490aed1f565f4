/** scripts/audit.mjs's verdicts on recorded and written `npm audit --omit=dev --json` outputs (fixtures/npm-audit). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../scripts/audit.mjs';

const report = (name: string): unknown => JSON.parse(readFileSync(`fixtures/npm-audit/${name}.json`, 'utf8'));

describe('npm audit verdict', () => {
  it('fails on high and critical advisories, naming each package, worst first, with its advisory', () => {
    const v = decide(report('high-and-critical'));
    expect(v.status).toBe('fail');
    expect(v.exitCode).toBe(1);
    expect(v.findings.map((f) => `${f.severity} ${f.name}`)).toEqual(['critical browserify-sign', 'critical pbkdf2', 'high cross-spawn']);
    expect(v.message).toContain('1 moderate, 1 high, 2 critical');
    expect(v.message).toContain('critical pbkdf2: pbkdf2 returns predictable uninitialized/zero-filled memory for non-normalized or unimplemented algos https://github.com/advisories/GHSA-h7cp-r72f-jxh6');
    expect(v.message).toContain('critical browserify-sign: via pbkdf2');
    expect(v.message).not.toContain('nanoid');
  });

  it('passes when only low and moderate advisories are found, and says what there was', () => {
    const v = decide(report('moderate-only'));
    expect(v).toMatchObject({ status: 'pass', exitCode: 0, findings: [] });
    expect(v.message).toBe('npm audit: 1 low, 2 moderate in production dependencies (none high or worse)');
  });

  it('a lower level makes the moderate ones fail; critical lets the high one pass', () => {
    expect(decide(report('moderate-only'), { level: 'moderate' }).findings.map((f) => f.name)).toEqual(['@aws-sdk/core', 'fast-xml-parser']);
    const critical = decide(report('high-and-critical'), { level: 'critical' });
    expect(critical.findings.map((f) => f.name)).toEqual(['browserify-sign', 'pbkdf2']);
    expect(() => decide(report('clean'), { level: 'severe' })).toThrow(/unknown level "severe"/);
  });

  it('passes a clean report', () => {
    expect(decide(report('clean'))).toMatchObject({ status: 'pass', exitCode: 0, message: 'npm audit: no advisories in production dependencies (none high or worse)' });
  });

  it('an endpoint that answers 405 (this registry) or cannot be reached: one line, no audit done, exit 0', () => {
    const refused = decide(report('endpoint-405'));
    expect(refused).toMatchObject({ status: 'unavailable', exitCode: 0 });
    expect(refused.message).toBe("npm audit: the registry's advisory endpoint answered 405 (Method Not Allowed) at https://registry.npmjs.org/-/npm/v1/security/advisories/bulk: no audit was done");
    const offline = decide(report('offline'));
    expect(offline).toMatchObject({ status: 'unavailable', exitCode: 0 });
    expect(offline.message).toBe("npm audit: the registry's advisory endpoint cannot be reached (ENOTFOUND): no audit was done");
    for (const m of [refused.message, offline.message]) expect(m.split('\n')).toHaveLength(1);
  });

  it('any other failure is an error (exit 2), not a silent pass', () => {
    expect(decide({ error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' } })).toMatchObject({ status: 'error', exitCode: 2, message: 'npm audit failed: This command requires an existing lockfile.' });
    expect(decide({ error: { code: 'EBADJSON', summary: 'npm audit printed no JSON (exit 1): boom' } }).exitCode).toBe(2);
    expect(decide({ auditReportVersion: 2 })).toMatchObject({ status: 'error', exitCode: 2 });
    expect(decide(null).exitCode).toBe(2);
  });
});
