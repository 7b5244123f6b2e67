import { describe, expect, it } from 'vitest';
import type { Finding, Report, Severity } from '../../src/model/report.js';
import { GITHUB_ANNOTATION_LIMIT, escapeData, escapeProperty, renderGithubAnnotations, renderGithubSummary } from '../../src/report/github.js';
import { MARKDOWN_MAX_BYTES, renderMarkdown } from '../../src/report/markdown.js';
import { healthyReport, sampleReport } from '../helpers/sample-report.js';

// Every C0 control but LF (the line separator), DEL and C1.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

function finding(code: string, severity: Severity, title: string, message: string): Finding {
  return { code: code as Finding['code'], severity, checkId: 'host-header', title, message, remediation: ['fix it'], causes: [], docs: `docs/codes/${code}.md` };
}

function reportWith(url: string, findings: Finding[]): Report {
  const report = healthyReport();
  report.target.url = url;
  report.findings = findings;
  return report;
}

describe('workflow command escaping', () => {
  it.each([
    ['plain text', 'plain text', 'plain text'],
    ['100%', '100%25', '100%25'],
    ['%0A is literal', '%250A is literal', '%250A is literal'],
    ['a\nb', 'a%0Ab', 'a%0Ab'],
    ['a\rb', 'a%0Db', 'a%0Db'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['key: value', 'key: value', 'key%3A value'],
    ['a, b', 'a, b', 'a%2C b'],
    ['::error::x', '::error::x', '%3A%3Aerror%3A%3Ax'],
    ['50%: a,b\n', '50%25: a,b%0A', '50%25%3A a%2Cb%0A'],
  ])('%j → data %j, property %j', (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });
});

describe('renderGithubAnnotations', () => {
  it('annotates the sample report exactly: errors (findings, then checks that could not run), then warnings', () => {
    expect(renderGithubAnnotations([sampleReport()])).toBe(
      [
        `::error title=HOST_HEADER_REJECTED The server rejects non-local Host headers (DNS-rebinding protection left on)::http://127.0.0.1:8000/mcp: 421 for POST initialize (Host: mcp-doctor-host-check.invalid:8000) with \`Host: mcp-doctor-host-check.invalid:8000\`: "Invalid Host header ]]> <&"'>   end"; behind a proxy or on AgentCore every request arrives with such a Host.`,
        '::error title=NOT_TESTABLE mcp-session::http://127.0.0.1:8000/mcp: The official MCP client completes a session (initialize, ping): probe mcp-session did not finish before its deadline',
        '::warning title=GET_STREAM_HANGS GET opens an SSE stream that never sends anything::http://127.0.0.1:8000/mcp: GET with `Accept: text/event-stream` got 200 `text/event-stream` and no byte in 2003 ms; the specification prefers 405 when the server has nothing to push.',
        '',
      ].join('\n'),
    );
  });

  it('leaves info findings to the summary and prints nothing for a clean run', () => {
    const text = renderGithubAnnotations([sampleReport()]);
    expect(text).not.toContain('ACCEPT_HEADER_REQUIRED');
    expect(text).not.toContain('SERVER_STATEFUL');
    expect(renderGithubAnnotations([healthyReport()])).toBe('');
    expect(renderGithubAnnotations([])).toBe('');
  });

  it('escapes the title as a property and the message as data', () => {
    const report = reportWith('https://h.example/mcp?a=1,b=2', [finding('WRONG_PATH', 'error', 'Title: with, specials 100%', 'line one\r\nline two, 50%: done')]);
    expect(renderGithubAnnotations([report])).toBe('::error title=WRONG_PATH Title%3A with%2C specials 100%25::https://h.example/mcp?a=1,b=2: line one%0Aline two, 50%25: done\n');
  });

  it('puts every error first, shows 10 of each, and says how many were cut', () => {
    const warnings = Array.from({ length: 7 }, (_, i) => finding(`WARN_${i}`, 'warning', `warning ${i}`, 'w'));
    const errors = Array.from({ length: 8 }, (_, i) => finding(`ERR_${i}`, 'error', `error ${i}`, 'e'));
    const infos = [finding('INFO_0', 'info', 'info', 'i')];
    // Warnings come first in each report, and errors are spread over two targets.
    const reports = [reportWith('https://one.example/mcp', [...warnings, ...errors, ...infos]), reportWith('https://two.example/mcp', [...warnings, ...errors])];
    const lines = renderGithubAnnotations(reports).trimEnd().split('\n');
    expect(lines).toHaveLength(2 * GITHUB_ANNOTATION_LIMIT + 1);
    const errorLines = lines.slice(0, GITHUB_ANNOTATION_LIMIT);
    const warningLines = lines.slice(GITHUB_ANNOTATION_LIMIT, 2 * GITHUB_ANNOTATION_LIMIT);
    expect(errorLines.every((l) => l.startsWith('::error '))).toBe(true);
    expect(warningLines.every((l) => l.startsWith('::warning '))).toBe(true);
    // Report order is kept within a level: all of target one, then the first of target two.
    expect(errorLines.map((l) => l.slice('::error title='.length, l.indexOf(' ', '::error title='.length)))).toEqual([...errors.map((e) => e.code), 'ERR_0', 'ERR_1']);
    expect(errorLines[8]).toContain('::https://two.example/mcp: e');
    expect(lines[2 * GITHUB_ANNOTATION_LIMIT]).toBe(
      '::notice title=mcp-doctor%3A annotations cut::6 more errors and 4 more warnings not annotated (GitHub shows 10 of each per step); the job summary lists every finding.',
    );
  });

  it('adds no notice when nothing was cut', () => {
    const report = reportWith('https://one.example/mcp', Array.from({ length: 10 }, (_, i) => finding(`ERR_${i}`, 'error', 't', 'm')));
    const text = renderGithubAnnotations([report]);
    expect(text).not.toContain('::notice');
    expect(text.trimEnd().split('\n')).toHaveLength(10);
  });

  it('keeps hostile text on one line, free of control characters, unable to start a command', () => {
    const hostile = 'a\u001b[31m\tb\u0000\u0007\u0085\u202E\r\n::error title=forged::pwned\u2028::add-mask::x\n';
    const report = reportWith(`https://evil.example/${hostile}`, [finding('WRONG_PATH', 'warning', `t ${hostile}`, hostile)]);
    const text = renderGithubAnnotations([report]);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::warning title=[^:,\r\n]*::/);
    expect(text.trimEnd()).not.toMatch(CONTROL);
    expect(text).not.toContain('\u202E');
    expect(lines[0]).toContain('a b%0A::error title=forged::pwned%0A::add-mask::x%0A');
  });
});

describe('renderGithubSummary', () => {
  it('is the Markdown report', () => {
    const reports = [sampleReport(), healthyReport()];
    expect(renderGithubSummary(reports)).toBe(renderMarkdown(reports));
  });

  it('never passes the 1 MiB step-summary limit, whatever cap is asked for', () => {
    const report = sampleReport();
    const template = report.findings[0] as Finding;
    report.findings = Array.from({ length: 400 }, () => ({ ...template, message: 'x'.repeat(5_000), evidence: { bodyExcerpt: 'y'.repeat(5_000) } }));
    const text = renderGithubSummary([report], { maxBytes: 10 * 1024 * 1024 });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
    expect(text).toContain('Report truncated');
  });
});
