import type { CheckResult, FailOn, Finding, ReportSummary, Severity } from '../model/report.js';

/**
 * Post-passes over a finished run: collapse duplicates, order deterministically, count. They run
 * once, after all checks, so checks never look at user preferences (publint's `level`/`strict`).
 *
 * Skip vs not testable: `skip` means the check does not apply, or an observation it needs is
 * missing (the reason names it and why); a probe that crashed or ran out of time
 * makes the check `error`, which is never green and fails the run unless `--fail-on never`.
 */

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Keeps one finding per code (the most severe), ordered by check order, severity, then code. */
export function collapseFindings(findings: Finding[], checkOrder: string[]): Finding[] {
  const byCode = new Map<string, Finding>();
  for (const finding of findings) {
    const existing = byCode.get(finding.code);
    if (!existing || RANK[finding.severity] < RANK[existing.severity]) {
      byCode.set(finding.code, existing?.evidence && !finding.evidence ? { ...finding, evidence: existing.evidence } : finding);
    } else if (!existing.evidence && finding.evidence) {
      // A prediction confirmed by an observed answer keeps its words and gains the evidence.
      byCode.set(finding.code, { ...existing, evidence: finding.evidence });
    }
  }
  const position = (id: string): number => checkOrder.indexOf(id);
  return [...byCode.values()].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || position(a.checkId) - position(b.checkId) || a.code.localeCompare(b.code),
  );
}

/** True when `severity` is at or above the `--fail-on` threshold. */
export function meetsThreshold(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] <= RANK[failOn];
}

/** Counts and the verdict: unhealthy when a finding meets `--fail-on` or a check could not run. */
export function buildSummary(checks: CheckResult[], findings: Finding[], failOn: FailOn): ReportSummary {
  const count = (status: CheckResult['status']) => checks.filter((c) => c.status === status).length;
  const errored = count('error');
  const unhealthy = findings.some((f) => meetsThreshold(f.severity, failOn)) || (failOn !== 'never' && errored > 0);
  return {
    checks: checks.length,
    passed: count('pass'),
    failed: count('fail'),
    warned: count('warn'),
    skipped: count('skip'),
    errored,
    findings: {
      error: findings.filter((f) => f.severity === 'error').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
      info: findings.filter((f) => f.severity === 'info').length,
    },
    verdict: unhealthy ? 'unhealthy' : 'healthy',
  };
}

/** The process exit code for a finished report: 1 when unhealthy, else 0. */
export function getExitCode(summary: ReportSummary): 0 | 1 {
  return summary.verdict === 'unhealthy' ? 1 : 0;
}
