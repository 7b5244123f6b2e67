import { catalog, type CatalogEntry } from '../catalog/catalog.js';
import { isFindingCode } from '../catalog/codes.js';
import { renderAdvice } from '../catalog/stacks.js';
import type { Finding, Report, Severity } from '../model/report.js';
import { stripUnsafeCharacters } from '../security/sanitize-text.js';
import { codeHelpUri } from './code-docs.js';
import { projectPathPrefix } from './location.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (ecosystem §3): one run, one rule
 * per code that occurs (its catalog title, explanation and fixes), one result per finding. Lint
 * findings point at their file and region relative to `%SRCROOT%`; diagnosis findings have no
 * file, so they name the target as a logical location (code scanning only shows results with a
 * physical location, which is why SARIF is meant for `mcp-doctor lint`).
 */

/** The schema URI SARIF consumers expect in `$schema`. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const INFORMATION_URI = 'https://www.npmjs.com/package/mcp-doctor';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export { codeHelpUri };

/** Renders reports (usually one lint report) as a SARIF 2.1.0 log, pretty-printed. */
export function renderSarif(reports: readonly Report[]): string {
  const version = reports[0]?.tool.version ?? '0.0.0';
  const codes = [...new Set(reports.flatMap((r) => r.findings.map((f) => f.code)))];
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const project = reports.find((r) => r.target.kind === 'project');
  const srcRoot = project ? sourceRoot(project) : undefined;
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'mcp-doctor',
        version,
        semanticVersion: version,
        informationUri: INFORMATION_URI,
        rules: codes.map((code) => describeRule(code, version)),
      },
    },
    ...(srcRoot ? { originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } } } : {}),
    invocations: [{ executionSuccessful: reports.every((r) => !r.checks.some((c) => c.status === 'error')) }],
    results: reports.flatMap((report) => report.findings.map((finding) => describeResult(finding, report, ruleIndex.get(finding.code) ?? 0))),
    columnKind: 'utf16CodeUnits',
  };
  const log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function describeRule(code: string, version: string): Record<string, unknown> {
  // A code from a report file may be unknown to this version: it still gets a rule, without prose.
  const entry: CatalogEntry | undefined = isFindingCode(code) ? catalog[code] : undefined;
  if (!entry) return { id: code, shortDescription: { text: code } };
  const steps = entry.remediation.map(renderAdvice);
  const help = steps.map((step) => `- ${step}`).join('\n');
  return {
    id: code,
    name: code.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase()),
    shortDescription: { text: clean(entry.title) },
    fullDescription: { text: clean(entry.explanation) },
    helpUri: codeHelpUri(code, version),
    help: { text: clean(steps.join('\n')), markdown: `${clean(entry.explanation)}\n\n**How to fix**\n\n${clean(help)}` },
    defaultConfiguration: { level: LEVEL[entry.severity] },
    properties: { tags: ['mcp', 'agentcore'], precision: 'high', 'problem.severity': entry.severity === 'info' ? 'recommendation' : entry.severity },
  };
}

function describeResult(finding: Finding, report: Report, ruleIndex: number): Record<string, unknown> {
  const result: Record<string, unknown> = {
    ruleId: finding.code,
    ruleIndex,
    level: LEVEL[finding.severity] ?? 'note',
    message: { text: clean(finding.message) },
  };
  const location = finding.location;
  if (location) {
    const region: Record<string, number> = { startLine: location.line, startColumn: location.column };
    if (location.endLine !== undefined) region.endLine = location.endLine;
    // SARIF's endColumn is exclusive; a SourceLocation's end is inclusive.
    if (location.endColumn !== undefined) region.endColumn = location.endColumn + 1;
    result.locations = [{ physicalLocation: { artifactLocation: { uri: encodePath(projectPathPrefix(report) + location.file), uriBaseId: '%SRCROOT%' }, region } }];
    // Same code at the same place is the same alert across runs, whatever the wording.
    result.partialFingerprints = { 'mcpDoctor/v1': `${finding.code}:${projectPathPrefix(report)}${location.file}:${location.line}` };
  } else {
    const target = report.runtime ? report.runtime.arn : report.target.url;
    result.locations = [{ logicalLocations: [{ fullyQualifiedName: clean(target), kind: 'resource' }] }];
  }
  if (finding.evidence?.detail) result.properties = { evidence: clean(finding.evidence.detail) };
  return result;
}

/**
 * The `file://` URL paths are relative to: where the command ran when the user typed a relative
 * folder (so code scanning finds `services/weather/main.py` in the repository), else the folder.
 */
function sourceRoot(report: Report): string {
  const root = report.target.url.endsWith('/') ? report.target.url : `${report.target.url}/`;
  const depth = projectPathPrefix(report).split('/').filter(Boolean).length;
  return depth === 0 ? root : new URL(`${'../'.repeat(depth)}`, root).href;
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function encodePath(path: string): string {
  // A lone surrogate (a hostile name) would make encodeURIComponent throw: it is dropped first.
  return path.split('/').map((segment) => encodeURIComponent(stripUnsafeCharacters(segment))).join('/');
}

function clean(text: string): string {
  return stripUnsafeCharacters(String(text));
}
