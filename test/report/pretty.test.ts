import { describe, expect, it } from 'vitest';
import { renderPretty } from '../../src/report/pretty.js';
import { healthyReport, sampleReport, sanitizedReport, stabilize } from '../helpers/sample-report.js';

const ANSI = /\u001b\[[0-9;]*m/;

function lines(text: string): string[] {
  return text.split('\n');
}

describe('renderPretty', () => {
  const report = sanitizedReport();
  const plain = renderPretty(report, { color: false });

  it('matches the snapshot without colour', async () => {
    await expect(stabilize(plain)).toMatchFileSnapshot('./__snapshots__/sample-report.pretty.txt');
  });

  it('groups findings as Errors, Warnings, Info, in that order, numbered across groups', () => {
    const errors = plain.indexOf('Errors (1)');
    const warnings = plain.indexOf('Warnings (1)');
    const info = plain.indexOf('Info (2)');
    expect(errors).toBeGreaterThan(-1);
    expect(warnings).toBeGreaterThan(errors);
    expect(info).toBeGreaterThan(warnings);
    const at = (code: string) => plain.indexOf(`. ${code}  `);
    expect(at('HOST_HEADER_REJECTED')).toBeGreaterThan(errors);
    expect(at('HOST_HEADER_REJECTED')).toBeLessThan(warnings);
    expect(at('GET_STREAM_HANGS')).toBeGreaterThan(warnings);
    expect(at('GET_STREAM_HANGS')).toBeLessThan(info);
    expect(at('ACCEPT_HEADER_REQUIRED')).toBeGreaterThan(info);
    expect(at('SERVER_STATEFUL')).toBeGreaterThan(at('ACCEPT_HEADER_REQUIRED'));
    expect(plain).toContain('   1. HOST_HEADER_REJECTED');
    expect(plain).toContain('   4. SERVER_STATEFUL');
  });

  it('shows the cause, the fix and where to read more for each finding', () => {
    expect(plain).toContain('Likely cause: FastMCP built with the default `host="127.0.0.1"`');
    expect(plain).toContain('Fix:');
    expect(plain).toContain('More: mcp-doctor explain HOST_HEADER_REJECTED');
    expect(plain).toContain('Evidence: GET http://127.0.0.1:8000/mcp (accept: text/event-stream) → 200 text/event-stream');
  });

  it('ends with the verdict line', () => {
    const body = lines(plain.trimEnd());
    expect(body.at(-1)).toBe('✖ unhealthy: 1 error, 1 warning, 2 info · 4/9 checks passed, 2 skipped, 1 could not run · 12345 ms');
    expect(lines(renderPretty(healthyReport(), { color: false }).trimEnd()).at(-1)).toBe('✔ healthy: 0 errors, 0 warnings, 0 info · 7/9 checks passed, 2 skipped · 12345 ms');
  });

  it('marks an interrupted run in the verdict', () => {
    const interrupted = { ...healthyReport(), interrupted: true };
    expect(renderPretty(interrupted, { color: false }).trimEnd()).toMatch(/ · interrupted$/);
  });

  it('prints a header with the target, profile and server', () => {
    const [first, second] = lines(stabilize(plain));
    expect(first).toBe('mcp-doctor 0.0.0-snapshot · http://127.0.0.1:8000/mcp · profile generic');
    expect(second).toBe('server weather 1.4.0 · protocol 2025-11-25 · stateful · 3 tools');
  });

  it('quiet shows only errors and the verdict', () => {
    const quiet = renderPretty(report, { color: false, quiet: true });
    expect(quiet).toContain('Errors (1)');
    expect(quiet).toContain('HOST_HEADER_REJECTED');
    for (const absent of ['Warnings', 'Info (', 'GET_STREAM_HANGS', 'ACCEPT_HEADER_REQUIRED', 'SERVER_STATEFUL', 'mcp-doctor 0', 'server weather']) expect(quiet).not.toContain(absent);
    expect(lines(quiet.trimEnd()).at(-1)).toMatch(/^✖ unhealthy: /);
  });

  it('verbose lists every check id, all causes and the probe timeline', () => {
    const verbose = renderPretty(report, { color: false, verbose: true });
    const checksAt = verbose.indexOf('\nChecks\n');
    expect(checksAt).toBeGreaterThan(-1);
    const checkLines = verbose.slice(checksAt).split('\n');
    for (const check of report.checks) expect(checkLines.some((line) => line.trimStart().slice(2).startsWith(check.id))).toBe(true);
    expect(verbose).toContain('no bearer token was sent');
    expect(verbose).toContain('probe mcp-session did not finish before its deadline');
    expect(verbose).toContain('Likely causes:');
    expect(verbose).toContain('- A proxy that rewrites Host to an internal name.');
    expect(verbose).toMatch(/Probes \(3 sequential rounds, 14 requests\)/);
    expect(verbose).toMatch(/mcp-session\s+11000 ms\s+2 req\s+timeout/);
    expect(plain).not.toContain('\nChecks\n');
  });

  it('uses ANSI colour only when asked', () => {
    const colored = renderPretty(report, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\u001b[31m');
    expect(plain).not.toMatch(ANSI);
    expect(plain).not.toContain('\u001b');
    for (const options of [{ quiet: true }, { verbose: true }]) expect(renderPretty(report, { color: false, ...options })).not.toContain('\u001b');
  });

  // Text can reach a report without passing the probe layer (a probe's thrown message, a report
  // built by a library user), so the terminal reporter strips it itself.
  it('does not print escape sequences or NUL carried by report text', () => {
    const raw = renderPretty(sampleReport(), { color: false });
    expect(raw).not.toMatch(/[\u0000\u001b]/);
  });
});

describe('the detected stack', () => {
  it('is named next to the server facts in the terminal and in Markdown', async () => {
    const { renderMarkdown } = await import('../../src/report/markdown.js');
    const report = sampleReport();
    report.server.stack = { name: 'python-sdk', versionRange: '>=1.26 <2', evidence: ['400 `Bad Request: Missing session ID`'] };
    expect(renderPretty(report, { color: false })).toMatch(/stack python-sdk >=1\.26 <2/);
    expect(renderMarkdown([report])).toMatch(/stack python-sdk \S*1\.26/);
    delete report.server.stack;
    expect(renderPretty(report, { color: false })).not.toMatch(/stack /);
  });
});
