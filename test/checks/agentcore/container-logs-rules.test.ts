import { describe, expect, it } from 'vitest';
import type { LogCause } from '../../../src/catalog/log-causes.js';
import { evaluateContainerLogs, raiseLikelyCauses } from '../../../src/checks/agentcore/container-logs.js';
import { createFinding } from '../../../src/engine/findings.js';
import type { Finding } from '../../../src/model/report.js';
import type { AwsCallError, ContainerLogsObservation } from '../../../src/model/observations.js';
import { GROUP, logObservation, NOW } from './container-logs-fixtures.js';

const NEED = `reading the container log needs logs:FilterLogEvents on ${GROUP}`;
const BASE = { id: 'container-logs', title: 'The container log names the cause of the failure', area: 'agentcore', durationMs: 7 } as const;
const WINDOW = { logGroup: GROUP, since: '2026-12-07T11:55:00.000Z', until: '2026-12-07T12:00:00.000Z' } as const;

function observation(messages: string[], error?: AwsCallError): ContainerLogsObservation {
  return logObservation(messages, error ? { error } : {});
}

function awsError(kind: AwsCallError['kind'], name: string, message: string): AwsCallError {
  return { kind, name, message, permission: 'logs:FilterLogEvents' };
}

/**
 * Pins the whole outcome of the container-log check on each path (missing group, nothing read,
 * a read cut short after some lines, a clean read): the check's identity, the report section's
 * empty lists and `skipped` text, and that a partial read is still judged.
 */
describe('evaluateContainerLogs: outcomes', () => {
  it('reports a missing group as LOG_GROUP_MISSING with the error as evidence', () => {
    const error = awsError('not-found', 'ResourceNotFoundException', 'The specified log group does not exist.');
    expect(evaluateContainerLogs(observation([], error), [], 7)).toStrictEqual({
      result: { ...BASE, status: 'warn' },
      findings: [{ code: 'LOG_GROUP_MISSING', args: { location: GROUP }, evidence: { detail: 'ResourceNotFoundException: The specified log group does not exist.' } }],
      section: { ...WINDOW, lines: [], matchedCodes: [], readFor: [], skipped: `the log group ${GROUP} does not exist` },
      causes: [],
    });
  });

  it.each([
    ['access-denied', 'AccessDeniedException', `AccessDeniedException: the caller may not read the container log; ${NEED}`],
    ['no-credentials', 'CredentialsProviderError', `no AWS credentials (it failed); ${NEED}`],
    ['network', 'TimeoutError', 'TimeoutError: it failed'],
    ['other', 'ThrottlingException', 'ThrottlingException: it failed'],
  ] as const)('skips a read that failed with %s before any line, saying why', (kind, name, reason) => {
    expect(evaluateContainerLogs(observation([], awsError(kind, name, 'it failed')), ['RUNTIME_INIT_TIMEOUT', 'RUNTIME_INIT_TIMEOUT'], 7)).toStrictEqual({
      result: { ...BASE, status: 'skip', skipReason: reason },
      findings: [],
      section: { ...WINDOW, lines: [], matchedCodes: [], readFor: ['RUNTIME_INIT_TIMEOUT'], skipped: reason },
      causes: [],
    });
  });

  it('judges the lines read before a failure and says the read stopped early', () => {
    const error = awsError('other', 'ThrottlingException', 'Rate exceeded');
    const outcome = evaluateContainerLogs(observation(["ModuleNotFoundError: No module named 'httpx'"], error), [], 7);
    expect(outcome.result).toStrictEqual({ ...BASE, status: 'fail' });
    expect(outcome.findings.map((f) => f.code)).toStrictEqual(['MODULE_IMPORT_FAILED']);
    expect(outcome.section.skipped).toBe('the read stopped early: ThrottlingException: Rate exceeded');
    expect(outcome.section.matchedCodes).toStrictEqual(['MODULE_IMPORT_FAILED']);
  });

  it('names the permission when access was denied after some lines', () => {
    const error = awsError('access-denied', 'AccessDeniedException', 'not allowed');
    const outcome = evaluateContainerLogs(observation(['INFO: ready'], error), [], 7);
    expect(outcome.result).toStrictEqual({ ...BASE, status: 'pass' });
    expect(outcome.section.skipped).toBe(`the read stopped early: AccessDeniedException: the caller may not read the container log; ${NEED}`);
  });

  it('passes an empty read without error, and marks nothing as skipped', () => {
    expect(evaluateContainerLogs(observation([]), undefined, 7)).toStrictEqual({
      result: { ...BASE, status: 'pass' },
      findings: [],
      section: { ...WINDOW, lines: [], matchedCodes: [], readFor: [] },
      causes: [],
    });
  });

  it('does not mark a complete read of ordinary lines as skipped', () => {
    expect(evaluateContainerLogs(observation(['INFO: ready'])).section).toStrictEqual({
      ...WINDOW,
      lines: [{ timestamp: '2026-12-07T11:59:50.000Z', message: 'INFO: ready' }],
      matchedCodes: [],
      readFor: [],
    });
  });
});

function finding(code: Finding['code']): Finding {
  return createFinding({ code, evidence: { status: 424 } }, 'agentcore-front-door', 'agentcore');
}

function cause(line: string): LogCause {
  return { code: 'MODULE_IMPORT_FAILED', index: 0, line, args: {} };
}

const PREFIX = 'The container log names it: A module the server imports is missing from the image (MODULE_IMPORT_FAILED), ';

/** Pins the quoted line's 160-character limit and that raising a cause twice lists it once. */
describe('raiseLikelyCauses: the quoted line', () => {
  it.each([
    ['159 characters, whole', 'a'.repeat(159), `"${'a'.repeat(159)}"`],
    ['160 characters, whole', 'b'.repeat(160), `"${'b'.repeat(160)}"`],
    ['161 characters, cut to 159 and an ellipsis', `${'c'.repeat(159)}de`, `"${'c'.repeat(159)}…"`],
  ])('quotes a line of %s', (_name, line, quoted) => {
    const init = finding('RUNTIME_INIT_TIMEOUT');
    const [raised] = raiseLikelyCauses([init], [init], [cause(line)]);
    expect(raised?.causes).toStrictEqual([`${PREFIX}${quoted}.`, ...init.causes]);
  });

  it('lists the cause once when the finding already carries it', () => {
    const init = finding('RUNTIME_INIT_TIMEOUT');
    const causes = [cause("ModuleNotFoundError: No module named 'httpx'")];
    const once = raiseLikelyCauses([init], [init], causes);
    const twice = raiseLikelyCauses(once, [init], causes);
    expect(twice).toStrictEqual(once);
    expect(twice[0]?.causes).toStrictEqual([`${PREFIX}"ModuleNotFoundError: No module named 'httpx'".`, ...init.causes]);
  });
});
