import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/catalog.js';
import type { FindingCode } from '../../src/catalog/codes.js';
import { renderAdvice } from '../../src/catalog/stacks.js';
import { buildSummary, collapseFindings, getExitCode, meetsThreshold } from '../../src/engine/post-process.js';
import type { CheckResult, FailOn, Finding, Severity } from '../../src/model/report.js';

function finding(code: FindingCode, severity: Severity, checkId: string, message?: string): Finding {
  const entry = catalog[code];
  return {
    code,
    severity,
    checkId,
    title: entry.title,
    message: message ?? entry.summary({}),
    remediation: entry.remediation.map(renderAdvice),
    causes: entry.causes.map(renderAdvice),
    docs: `docs/codes/${code}.md`,
  };
}

function check(id: string, status: CheckResult['status']): CheckResult {
  return { id, title: id, area: 'transport', status, durationMs: 1, ...(status === 'skip' ? { skipReason: 'not applicable' } : {}) };
}

const ORDER = ['endpoint-speaks-mcp', 'accept-negotiation', 'host-header', 'stateless', 'foreign-session-id', 'get-stream'];

describe('collapseFindings', () => {
  it('orders by severity, then check order, then code', () => {
    const input = [
      finding('SERVER_STATEFUL', 'info', 'stateless'),
      finding('GET_STREAM_HANGS', 'warning', 'get-stream'),
      finding('ACCEPT_HEADER_REQUIRED', 'info', 'accept-negotiation'),
      finding('HOST_HEADER_REJECTED', 'error', 'host-header'),
      finding('TRAILING_SLASH_REDIRECT', 'warning', 'endpoint-speaks-mcp'),
      finding('UNEXPECTED_REDIRECT', 'warning', 'endpoint-speaks-mcp'),
    ];
    expect(collapseFindings(input, ORDER).map((f) => f.code)).toEqual([
      'HOST_HEADER_REJECTED',
      'TRAILING_SLASH_REDIRECT',
      'UNEXPECTED_REDIRECT',
      'GET_STREAM_HANGS',
      'ACCEPT_HEADER_REQUIRED',
      'SERVER_STATEFUL',
    ]);
  });

  it('keeps one finding per code: the most severe, whichever arrives first', () => {
    const input = [
      finding('FOREIGN_SESSION_ID_REJECTED', 'info', 'foreign-session-id', 'first info'),
      finding('FOREIGN_SESSION_ID_REJECTED', 'error', 'foreign-session-id', 'the error'),
      finding('FOREIGN_SESSION_ID_REJECTED', 'warning', 'foreign-session-id', 'a warning'),
    ];
    const out = collapseFindings(input, ORDER);
    expect(out).toHaveLength(1);
    expect(out[0]?.severity).toBe('error');
    expect(out[0]?.message).toBe('the error');
  });

  it('keeps the first of equally severe duplicates', () => {
    const input = [finding('SERVER_ERROR', 'warning', 'get-stream', 'one'), finding('SERVER_ERROR', 'warning', 'stateless', 'two')];
    expect(collapseFindings(input, ORDER).map((f) => f.message)).toEqual(['one']);
  });

  it('is deterministic whatever the input order', () => {
    const input = [
      finding('SERVER_STATEFUL', 'info', 'stateless'),
      finding('HOST_HEADER_REJECTED', 'warning', 'host-header'),
      finding('GET_STREAM_HANGS', 'warning', 'get-stream'),
      finding('ACCEPT_NEGOTIATION_BROKEN', 'error', 'accept-negotiation'),
    ];
    const expected = collapseFindings(input, ORDER).map((f) => f.code);
    expect(collapseFindings([...input].reverse(), ORDER).map((f) => f.code)).toEqual(expected);
    expect(expected).toEqual(['ACCEPT_NEGOTIATION_BROKEN', 'HOST_HEADER_REJECTED', 'GET_STREAM_HANGS', 'SERVER_STATEFUL']);
  });

  it('does not mutate its input and returns [] for []', () => {
    const input = [finding('SERVER_STATEFUL', 'info', 'stateless'), finding('HOST_HEADER_REJECTED', 'error', 'host-header')];
    const copy = structuredClone(input);
    collapseFindings(input, ORDER);
    expect(input).toEqual(copy);
    expect(collapseFindings([], ORDER)).toEqual([]);
  });
});

describe('meetsThreshold', () => {
  it.each<[Severity, FailOn, boolean]>([
    ['error', 'error', true],
    ['warning', 'error', false],
    ['info', 'error', false],
    ['error', 'warning', true],
    ['warning', 'warning', true],
    ['info', 'warning', false],
    ['info', 'info', true],
    ['error', 'never', false],
  ])('%s at --fail-on %s → %s', (severity, failOn, expected) => {
    expect(meetsThreshold(severity, failOn)).toBe(expected);
  });
});

describe('buildSummary', () => {
  const checks = [check('a', 'pass'), check('b', 'fail'), check('c', 'warn'), check('d', 'skip'), check('e', 'skip'), check('f', 'pass')];
  const findings = [finding('HOST_HEADER_REJECTED', 'error', 'b'), finding('GET_STREAM_HANGS', 'warning', 'c'), finding('SERVER_STATEFUL', 'info', 'a')];

  it('counts checks by status and findings by severity', () => {
    expect(buildSummary(checks, findings, 'error')).toEqual({
      checks: 6,
      passed: 2,
      failed: 1,
      warned: 1,
      skipped: 2,
      errored: 0,
      findings: { error: 1, warning: 1, info: 1 },
      verdict: 'unhealthy',
    });
  });

  it.each<[string, Finding[], FailOn, 'healthy' | 'unhealthy']>([
    ['an error at --fail-on error', [finding('HOST_HEADER_REJECTED', 'error', 'b')], 'error', 'unhealthy'],
    ['a warning at --fail-on error', [finding('GET_STREAM_HANGS', 'warning', 'c')], 'error', 'healthy'],
    ['a warning at --fail-on warning', [finding('GET_STREAM_HANGS', 'warning', 'c')], 'warning', 'unhealthy'],
    ['an info at --fail-on warning', [finding('SERVER_STATEFUL', 'info', 'a')], 'warning', 'healthy'],
    ['an info at --fail-on info', [finding('SERVER_STATEFUL', 'info', 'a')], 'info', 'unhealthy'],
    ['an error at --fail-on never', [finding('HOST_HEADER_REJECTED', 'error', 'b')], 'never', 'healthy'],
    ['no findings at --fail-on info', [], 'info', 'healthy'],
  ])('%s → %s', (_name, found, failOn, verdict) => {
    expect(buildSummary([check('a', 'pass')], found, failOn).verdict).toBe(verdict);
  });

  it('a check that could not run makes the run unhealthy, except under --fail-on never', () => {
    const withError = [check('a', 'pass'), check('b', 'error')];
    expect(buildSummary(withError, [], 'error').verdict).toBe('unhealthy');
    expect(buildSummary(withError, [], 'info').verdict).toBe('unhealthy');
    expect(buildSummary(withError, [], 'never').verdict).toBe('healthy');
    expect(buildSummary(withError, [], 'error').errored).toBe(1);
  });
});

describe('getExitCode', () => {
  it('is 1 when unhealthy and 0 when healthy', () => {
    const found = [finding('HOST_HEADER_REJECTED', 'error', 'b')];
    expect(getExitCode(buildSummary([check('b', 'fail')], found, 'error'))).toBe(1);
    expect(getExitCode(buildSummary([check('b', 'fail')], found, 'never'))).toBe(0);
    expect(getExitCode(buildSummary([check('a', 'pass')], [], 'info'))).toBe(0);
  });
});
