import { describe, expect, it } from 'vitest';
import { findLogCauses, matchLogLine } from '../../../src/catalog/log-causes.js';
import { resolveExplainQuery } from '../../../src/catalog/explain-query.js';
import { evaluateContainerLogs, raiseLikelyCauses } from '../../../src/checks/agentcore/container-logs.js';
import { logTriggers, timedOutOnDataPlane } from '../../../src/engine/container-logs-phase.js';
import { createFinding } from '../../../src/engine/findings.js';
import type { CheckResult, Finding } from '../../../src/model/report.js';
import { GROUP, logObservation, NOW } from './container-logs-fixtures.js';

/** A Python traceback ending in `last`, as a container prints it (one line per log event). */
function traceback(last: string, call = 'mcp.run(transport="http")'): string[] {
  return ['Traceback (most recent call last):', '  File "/app/server.py", line 31, in <module>', `    ${call}`, last];
}

describe('log-cause matching (the catalog patterns explain uses)', () => {
  it.each([
    ['ValueError: Unknown transport: http', 'FASTMCP_HTTP_TRANSPORT_CRASH'],
    ["TypeError: FastMCP.run() got an unexpected keyword argument 'host'", 'SERVER_RUN_ARGUMENT_REJECTED'],
    ["ModuleNotFoundError: No module named 'httpx'", 'MODULE_IMPORT_FAILED'],
    ["Error: Cannot find module '/app/dist/server.js'", 'MODULE_IMPORT_FAILED'],
    ['exec /usr/local/bin/python: exec format error', 'PLATFORM_NOT_ARM64'],
    ['INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)', 'SERVER_BINDS_LOOPBACK'],
    ['WARNING:  Invalid Host header: cell01.us-east-1.prod.arp.kepler-analytics.aws.dev', 'HOST_HEADER_REJECTED'],
  ])('%s → %s', (line, code) => {
    expect(matchLogLine(line)).toBe(code);
    // The same text pasted into `explain` names the same code.
    expect((resolveExplainQuery(line) as { codes?: string[] }).codes).toContain(code);
  });

  it.each([
    'INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)',
    'INFO:     127.0.0.1:52044 - "POST /mcp HTTP/1.1" 200 OK',
    'Processing request of type ListToolsRequest',
    'initialize timed out after 30 s',
  ])('an ordinary line names nothing: %s', (line) => {
    expect(matchLogLine(line)).toBeUndefined();
    expect(findLogCauses([line])).toEqual([]);
  });

  it('names the transport from the crash, for the summary', () => {
    const [cause] = findLogCauses(traceback('ValueError: Unknown transport: sse-http'));
    expect(cause).toMatchObject({ code: 'FASTMCP_HTTP_TRANSPORT_CRASH', index: 3, args: { detail: 'sse-http' } });
  });

  it('reports an unexplained traceback by its last line, and only that', () => {
    const causes = findLogCauses(['INFO: starting', ...traceback("KeyError: 'DATABASE_URL'", 'db = os.environ["DATABASE_URL"]'), 'INFO: shutting down']);
    expect(causes).toEqual([{ code: 'CONTAINER_EXCEPTION', index: 4, line: "KeyError: 'DATABASE_URL'", args: { detail: "KeyError: 'DATABASE_URL'" } }]);
  });

  it('does not add CONTAINER_EXCEPTION when the traceback ends in a known cause', () => {
    expect(findLogCauses(traceback('ValueError: Unknown transport: http')).map((c) => c.code)).toEqual(['FASTMCP_HTTP_TRANSPORT_CRASH']);
  });

  it('keeps the last occurrence of a code and lists specific codes before the catch-all', () => {
    const lines = ['ValueError: Unknown transport: http', 'restarting', ...traceback('RuntimeError: boom'), 'restarting', 'ValueError: Unknown transport: http', ...traceback('OSError: disk full')];
    expect(findLogCauses(lines).map((c) => [c.code, c.index])).toEqual([
      ['FASTMCP_HTTP_TRANSPORT_CRASH', 7],
      ['CONTAINER_EXCEPTION', 11],
    ]);
  });

  it('an unexplained exception followed by an explained one is superseded: the latest failure is the cause', () => {
    const lines = [...traceback('RuntimeError: boom'), 'ValueError: Unknown transport: http'];
    expect(findLogCauses(lines).map((c) => c.code)).toEqual(['FASTMCP_HTTP_TRANSPORT_CRASH']);
  });

  it('takes an uncaught Node error as an exception line', () => {
    expect(findLogCauses(['TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string']).map((c) => c.code)).toEqual(['CONTAINER_EXCEPTION']);
  });
});

const observation = logObservation;

describe('evaluateContainerLogs', () => {
  it('turns each named cause into a finding quoting the line, and marks the line', () => {
    const outcome = evaluateContainerLogs(observation(traceback('ValueError: Unknown transport: http')), ['RUNTIME_INIT_TIMEOUT']);
    expect(outcome.result.status).toBe('fail');
    expect(outcome.findings).toEqual([
      { code: 'FASTMCP_HTTP_TRANSPORT_CRASH', args: { detail: 'http' }, evidence: { detail: `${GROUP} at 2026-12-07T11:59:50.003Z: ValueError: Unknown transport: http` } },
    ]);
    expect(outcome.section).toMatchObject({ logGroup: GROUP, matchedCodes: ['FASTMCP_HTTP_TRANSPORT_CRASH'], readFor: ['RUNTIME_INIT_TIMEOUT'], since: '2026-12-07T11:55:00.000Z', until: '2026-12-07T12:00:00.000Z' });
    expect(outcome.section.lines.map((l) => l.code)).toEqual([undefined, undefined, undefined, 'FASTMCP_HTTP_TRANSPORT_CRASH']);
    expect(outcome.section.truncated).toBeUndefined();
  });

  it('passes when the lines name nothing, keeping them', () => {
    const outcome = evaluateContainerLogs(observation(['INFO: ready']));
    expect(outcome.result.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.section.lines).toEqual([{ timestamp: '2026-12-07T11:59:50.000Z', message: 'INFO: ready' }]);
  });

  it('keeps the last 100 lines, and a matched line older than those', () => {
    const lines = ['ModuleNotFoundError: No module named x', ...Array.from({ length: 150 }, (_, i) => `noise ${i}`)];
    const section = evaluateContainerLogs(observation(lines)).section;
    expect(section.lines).toHaveLength(101);
    expect(section.lines[0]?.code).toBe('MODULE_IMPORT_FAILED');
    expect(section.lines[1]?.message).toBe('noise 50');
    expect(section.truncated).toBe(true);
  });

  it('a missing group is LOG_GROUP_MISSING naming the group', () => {
    const outcome = evaluateContainerLogs(observation([], { error: { kind: 'not-found', name: 'ResourceNotFoundException', message: 'The specified log group does not exist.', permission: 'logs:FilterLogEvents' } }));
    expect(outcome.result.status).toBe('warn');
    expect(outcome.findings[0]).toMatchObject({ code: 'LOG_GROUP_MISSING', args: { location: GROUP } });
    expect(createFinding(outcome.findings[0] as never, 'container-logs', 'agentcore').message).toContain(GROUP);
  });

  it.each([
    ['access-denied', 'AccessDeniedException', /AccessDeniedException: the caller may not read the container log; reading the container log needs logs:FilterLogEvents on \/aws\/bedrock-agentcore\/runtimes\/demo-AbCdEfGhIj-DEFAULT/],
    ['no-credentials', 'CredentialsProviderError', /^no AWS credentials \(none here\); reading the container log needs logs:FilterLogEvents on /],
  ] as const)('%s skips the check, naming the permission and the group', (kind, name, reason) => {
    const outcome = evaluateContainerLogs(observation([], { error: { kind, name, message: 'none here', permission: 'logs:FilterLogEvents' } }));
    expect(outcome.result.status).toBe('skip');
    expect(outcome.result.skipReason).toMatch(reason);
    expect(outcome.section.skipped).toBe(outcome.result.skipReason);
    expect(outcome.findings).toEqual([]);
  });
});

function finding(code: Finding['code'], evidence?: Finding['evidence']): Finding {
  return createFinding({ code, ...(evidence ? { evidence } : {}) }, 'agentcore-front-door', 'agentcore');
}

describe('when the log is read', () => {
  it.each<[string, Finding, boolean]>([
    ['a 424', finding('RUNTIME_INIT_TIMEOUT', { status: 424 }), true],
    ['a -32010 wrapper', finding('CONTAINER_ERROR', { status: 200 }), true],
    ['a wrapped 421 (its own code)', finding('HOST_HEADER_REJECTED', { status: 200, bodyExcerpt: '{"jsonrpc":"2.0","id":null,"error":{"code":-32010,"message":"Received error (421) from runtime. Please check your CloudWatch logs for more information."}}' }), true],
    ['a 5xx on a secondary probe', finding('SERVER_ERROR', { status: 500 }), true],
    ['a wrapped 415 reported as a note (a healthy run)', { ...finding('CONTENT_TYPE_REJECTED', { status: 200, bodyExcerpt: 'Received error (415) from runtime.' }), severity: 'info' }, false],
    ['a 502 from a gateway', finding('INITIALIZE_FAILED', { status: 502 }), true],
    ['an expired token (the container never saw it)', finding('TOKEN_EXPIRED', { status: 403 }), false],
    ['a note about the configuration', finding('AUTHORIZATION_NOT_FORWARDED'), false],
  ])('%s', (_name, f, read) => {
    expect(logTriggers([f]).length > 0).toBe(read);
  });

  it('a data-plane probe that ran out of time reads the log; an auth one does not', () => {
    const base: CheckResult = { id: 'initialize', title: 't', area: 'protocol', status: 'error', durationMs: 1, errorMessage: 'probe init did not finish before its deadline' };
    expect(timedOutOnDataPlane([base])).toBe(true);
    expect(timedOutOnDataPlane([{ ...base, area: 'auth' }])).toBe(false);
    expect(timedOutOnDataPlane([{ ...base, status: 'fail' }])).toBe(false);
  });
});

describe('raiseLikelyCauses', () => {
  it('puts the cause the log names first on the findings it explains, and only those', () => {
    const init = finding('RUNTIME_INIT_TIMEOUT', { status: 424 });
    const note = finding('AUTHORIZATION_NOT_FORWARDED');
    const causes = findLogCauses(['INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)']);
    const [raised, untouched] = raiseLikelyCauses([init, note], [init], causes);
    expect(raised?.causes[0]).toBe('The container log names it: The server listens on 127.0.0.1 only, not on 0.0.0.0 (SERVER_BINDS_LOOPBACK), "INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)".');
    expect(raised?.causes.slice(1)).toEqual(init.causes);
    expect(untouched).toEqual(note);
    expect(raiseLikelyCauses([init], [init], [])).toEqual([init]);
  });
});

describe('logTriggers and --fail-on', () => {
  it('a warning reads the log only when it fails the run', () => {
    const warning = { ...finding('SERVER_ERROR', { status: 500 }), severity: 'warning' as const };
    expect(logTriggers([warning], 'error')).toEqual([]);
    expect(logTriggers([warning], 'warning')).toEqual([warning]);
  });
});
