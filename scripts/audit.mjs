#!/usr/bin/env node
/**
 * `npm audit --omit=dev` for CI: fails (exit 1) when a production dependency has a high or critical
 * advisory, passes (exit 0) otherwise. When the audit endpoint cannot be used — no network, or a
 * registry or mirror that does not serve it (answers 405/404/5xx) — it prints one line saying so and
 * that no audit was done, and exits 0: an unreachable advisory database is not a finding, and CI must
 * not fail on it. Any other npm failure (no lockfile, output that is not JSON) exits 2.
 *
 *   node scripts/audit.mjs [--level high|critical|moderate|low]
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'];

/** npm/node error codes meaning "could not talk to the registry". */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EPIPE', 'FETCH_ERROR', 'ERR_SOCKET_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ENOAUDIT']);

/**
 * The verdict on one `npm audit --json` output (already parsed).
 * @param {unknown} report
 * @param {{ level?: string }} [opts] the lowest severity that fails (default high)
 * @returns {{ status: 'pass' | 'fail' | 'unavailable' | 'error', exitCode: 0 | 1 | 2, message: string, findings: { name: string, severity: string, advisories: string[] }[] }}
 */
export function decide(report, { level = 'high' } = {}) {
  const threshold = SEVERITIES.indexOf(level);
  if (threshold < 0) throw new Error(`audit: unknown level "${level}" (one of ${SEVERITIES.join(', ')})`);
  const r = /** @type {Record<string, any>} */ (report ?? {});
  if (typeof r !== 'object') return { status: 'error', exitCode: 2, message: 'npm audit: unexpected output (not a JSON object)', findings: [] };

  const status = Number(r.statusCode);
  const code = r.error?.code ?? r.code;
  if (Number.isInteger(status) && status >= 400) {
    const where = r.uri ? ` at ${r.uri}` : '';
    return { status: 'unavailable', exitCode: 0, message: `npm audit: the registry's advisory endpoint answered ${status}${r.message ? ` (${String(r.message).replace(/^\d+\s*/, '').split(' - ')[0]})` : ''}${where}: no audit was done`, findings: [] };
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code))
    return { status: 'unavailable', exitCode: 0, message: `npm audit: the registry's advisory endpoint cannot be reached (${code}): no audit was done`, findings: [] };
  if (r.error) return { status: 'error', exitCode: 2, message: `npm audit failed: ${r.error.summary || r.error.code || 'unknown error'}`, findings: [] };
  if (!r.metadata?.vulnerabilities) return { status: 'error', exitCode: 2, message: 'npm audit: the report has no metadata.vulnerabilities (unknown report format)', findings: [] };

  const findings = Object.values(r.vulnerabilities ?? {})
    .filter((v) => SEVERITIES.indexOf(v?.severity) >= threshold)
    .map((v) => ({
      name: String(v.name),
      severity: String(v.severity),
      // an entry's `via` lists advisories (objects) or the packages it depends on that have them (names)
      advisories: (v.via ?? []).map((a) => (typeof a === 'string' ? `via ${a}` : `${a.title ?? 'advisory'} ${a.url ?? ''}`.trim())),
    }))
    .sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.name.localeCompare(b.name));
  const counts = r.metadata.vulnerabilities;
  const failing = SEVERITIES.slice(threshold).reduce((n, s) => n + (Number(counts[s]) || 0), 0);
  const summary = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(', ') || 'no advisories';
  if (failing > 0 || findings.length > 0)
    return { status: 'fail', exitCode: 1, message: `npm audit: ${summary} in production dependencies; ${level} or worse fails:\n${findings.map((f) => `  ${f.severity} ${f.name}: ${f.advisories.join('; ')}`).join('\n')}`, findings };
  return { status: 'pass', exitCode: 0, message: `npm audit: ${summary} in production dependencies (none ${level} or worse)`, findings: [] };
}

/** Runs `npm audit --omit=dev --json` and parses what it printed (npm prints its JSON on stdout, also on failure). */
export function runNpmAudit(cwd = process.cwd()) {
  const res = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error) return { error: { code: /** @type {any} */ (res.error).code ?? 'ENOAUDIT', summary: String(res.error.message) } };
  try {
    return JSON.parse(res.stdout);
  } catch {
    return { error: { code: 'EBADJSON', summary: `npm audit printed no JSON (exit ${res.status}): ${(res.stderr || res.stdout).trim().split('\n')[0] ?? ''}` } };
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--level');
  const verdict = decide(runNpmAudit(), { level: i > 0 ? process.argv[i + 1] : 'high' });
  (verdict.exitCode === 0 ? console.log : console.error)(verdict.message);
  process.exit(verdict.exitCode);
}
