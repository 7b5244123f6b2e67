import type { CheckResult, Finding, Report } from '../model/report.js';
import { formatLocation } from './location.js';
import { element, formatSeconds } from './xml.js';

/**
 * JUnit XML as CI systems read it (ecosystem §1.3): `<testsuites>` root, one `<testsuite>` per
 * target, one `<testcase>` per check with `classname="mcp-doctor.<area>"`. A failing check is a
 * `<failure type="CODE">`, a check the doctor could not run an `<error>`, a skip a `<skipped>` with
 * its reason; warnings and info pass with their text in `<system-out>`. Validates against
 * Jenkins' junit-10.xsd.
 */
export function renderJunit(reports: readonly Report[]): string {
  const suites = reports.map((report) => renderSuite(report));
  const total = (pick: (r: Report) => number) => reports.reduce((sum, r) => sum + pick(r), 0);
  const root = element(
    'testsuites',
    {
      name: 'mcp-doctor',
      tests: total((r) => r.summary.checks),
      failures: total((r) => r.summary.failed),
      errors: total((r) => r.summary.errored),
      time: formatSeconds(total((r) => r.durationMs)),
    },
    suites,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

function renderSuite(report: Report): string {
  const properties = element(
    'properties',
    {},
    [
      ['mcp-doctor.version', report.tool.version],
      ['target', report.target.url],
      ['profile', report.profile],
      ['fail-on', report.failOn],
      ['verdict', report.summary.verdict],
      ['server.protocolVersion', report.server.protocolVersion],
      ['server.protocolVersions', report.server.protocolVersions?.join(', ')],
    ]
      .filter((p): p is [string, string] => p[1] !== undefined)
      .map(([name, value]) => element('property', { name, value }, [], 3)),
    2,
  );
  const cases = report.checks.map((check) => renderCase(check, report.findings.filter((f) => f.checkId === check.id), report.conformance !== undefined));
  return element(
    'testsuite',
    {
      name: report.target.url,
      tests: report.summary.checks,
      failures: report.summary.failed,
      errors: report.summary.errored,
      skipped: report.summary.skipped,
      time: formatSeconds(report.durationMs),
      timestamp: report.startedAt,
    },
    [properties, ...cases],
    1,
  );
}

/**
 * A conformance requirement's testcase is named by its specification section (and its id, which
 * baselines use); its class is the era, so CI groups 2025 and 2026-07-28 results apart.
 */
function caseIdentity(check: CheckResult, conformance: boolean): { name: string; classname: string } {
  if (!conformance) return { name: check.id, classname: `mcp-doctor.${check.area}` };
  const era = check.id.split('/')[0] ?? 'conformance';
  return { name: check.spec ? `${check.spec.id} [${check.id}]` : check.id, classname: `mcp-doctor.conformance.${era}` };
}

function renderCase(check: CheckResult, findings: Finding[], conformance: boolean): string {
  const attrs = { ...caseIdentity(check, conformance), time: formatSeconds(check.durationMs) };
  const children: string[] = [];
  if (check.status === 'fail') {
    const failing = findings.filter((f) => f.severity === 'error');
    const first = failing[0];
    children.push(element('failure', { type: first?.code ?? 'FAILED', message: first ? `${first.code}: ${first.title}` : check.title }, failing.map(describeFinding).join('\n\n'), 3));
  } else if (check.status === 'error') {
    children.push(element('error', { type: 'NOT_TESTABLE', message: check.errorMessage ?? 'the check could not run' }, check.errorMessage ?? '', 3));
  } else if (check.status === 'skip') {
    children.push(element('skipped', { message: check.skipReason ?? 'not applicable' }, [], 3));
  }
  const notes = findings.filter((f) => check.status !== 'fail' || f.severity !== 'error');
  if (notes.length > 0) children.push(element('system-out', {}, notes.map(describeFinding).join('\n\n'), 3));
  return element('testcase', attrs, children, 2);
}

function describeFinding(finding: Finding): string {
  const lines = [`[${finding.severity}] ${finding.code}: ${finding.title}`];
  if (finding.location) lines.push(`At: ${formatLocation(finding.location)}`);
  lines.push(finding.message);
  if (finding.evidence?.request) lines.push(`Request: ${finding.evidence.request}`);
  if (finding.evidence?.status !== undefined) lines.push(`Status: ${finding.evidence.status}`);
  if (finding.evidence?.bodyExcerpt) lines.push(`Body: ${finding.evidence.bodyExcerpt}`);
  if (finding.evidence?.detail) lines.push(`Detail: ${finding.evidence.detail}`);
  const control = finding.evidence?.control;
  if (control) lines.push(`Control: ${control.request}${control.status !== undefined ? ` → ${control.status}` : ''}`);
  lines.push(`Fix: ${finding.remediation.join(' | ')}`);
  lines.push(`Docs: ${finding.docs}`);
  return lines.join('\n');
}
