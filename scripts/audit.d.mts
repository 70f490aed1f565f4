// Types for scripts/audit.mjs (imported by its tests).
export const SEVERITIES: readonly string[];
export interface AuditVerdict {
  status: 'pass' | 'fail' | 'unavailable' | 'error';
  exitCode: 0 | 1 | 2;
  message: string;
  findings: { name: string; severity: string; advisories: string[] }[];
}
export function decide(report: unknown, opts?: { level?: string }): AuditVerdict;
export function runNpmAudit(cwd?: string): unknown;
