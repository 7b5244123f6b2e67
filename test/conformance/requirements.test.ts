import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeAnswer, judgeError, judgeResult, specUrl } from '../../src/conformance/requirement.js';
import { legacyRequirements } from '../../src/conformance/requirements-2025.js';
import { modernRequirements } from '../../src/conformance/requirements-2026.js';
import { judgeConformance } from '../../src/conformance/run-conformance.js';
import { answeredBatchIds, refusedAsModernOnly } from '../../src/probes/conformance/collect.js';
import type { LegacyConformanceObservation, ModernConformanceObservation } from '../../src/model/conformance.js';
import type { WireStep } from '../../src/probes/conformance/wire.js';
import { parseCalls } from '../../src/cli/conformance-command.js';

/** Requirements as pure functions over hand-built observations. */

function step(partial: Partial<WireStep> & Pick<WireStep, 'method'>): WireStep {
  return { label: `POST ${partial.method}`, outcome: 'response', status: 200, headers: {}, bodyExcerpt: '', ...partial };
}

const ok = (method: string, id: string | number, result: unknown = {}): WireStep => step({ method, requestId: id, reading: { kind: 'result', id, result } });

function legacy(overrides: Partial<LegacyConformanceObservation> = {}): LegacyConformanceObservation {
  return {
    era: '2025',
    offeredVersion: '2025-11-25',
    initialize: ok('initialize', 1, { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '1' } }),
    negotiatedVersion: '2025-11-25',
    capabilities: {},
    initialized: step({ method: 'notifications/initialized', status: 202 }),
    pingNumberId: ok('ping', 7),
    pingStringId: ok('ping', '7'),
    unknownMethod: step({ method: 'x', requestId: 3, reading: { kind: 'error', id: 3, code: -32601, message: 'Method not found' } }),
    batch: step({ method: 'ping', status: 400, reading: { kind: 'error', id: null, code: -32600, message: 'batch' } }),
    batchAnsweredIds: [],
    resourceReads: [],
    promptGets: [],
    promptsWithRequiredArguments: [],
    toolCalls: [],
    listedTools: [],
    ...overrides,
  };
}

const statusOf = (o: LegacyConformanceObservation, id: string) => judgeConformance({ legacy: o, calls: [] }, '2025', 'generic').checks.find((c) => c.id === id);

describe('2025/batch', () => {
  it.each([
    ['2025-03-26: a response per id passes', '2025-03-26', step({ method: 'ping', bodyExcerpt: '[{"id":"batch-1","result":{}},{"id":"batch-2","result":{}}]' }), 'pass'],
    ['2025-03-26: one response of two fails', '2025-03-26', step({ method: 'ping', bodyExcerpt: '{"jsonrpc":"2.0","id":"batch-1","result":{}}' }), 'fail'],
    ['2025-03-26: a rejection fails (receiving batches is a MUST)', '2025-03-26', step({ method: 'ping', status: 400, reading: { kind: 'error', id: null, code: -32600, message: 'no' } }), 'fail'],
    ['2025-06-18: a rejection passes', '2025-06-18', step({ method: 'ping', status: 400 }), 'pass'],
    ['2025-06-18: a JSON-RPC error with 200 passes', '2025-06-18', step({ method: 'ping', reading: { kind: 'error', id: null, code: -32600, message: 'no batches' } }), 'pass'],
    ['2025-11-25: answering it anyway passes', '2025-11-25', step({ method: 'ping', reading: { kind: 'result', id: 'batch-1', result: {} } }), 'pass'],
    ['2025-11-25: a 500 fails', '2025-11-25', step({ method: 'ping', status: 500 }), 'fail'],
    ['2025-11-25: 202 leaving both unanswered fails', '2025-11-25', step({ method: 'ping', status: 202 }), 'fail'],
    ['2025-11-25: no answer before the deadline fails', '2025-11-25', step({ method: 'ping', outcome: 'timeout', status: undefined }), 'fail'],
  ] as const)('%s', (_name, version, batch, expected) => {
    const o = legacy({ negotiatedVersion: version, batch, batchAnsweredIds: answeredBatchIds(batch) });
    expect(statusOf(o, '2025/batch')?.status).toBe(expected);
  });
});

describe('2025/origin-validation', () => {
  it.each([
    ['2025-11-25 wants 403', '2025-11-25', 403, 'pass'],
    ['2025-11-25: another 4xx is not enough', '2025-11-25', 400, 'fail'],
    ['2025-06-18: any 4xx rejects it', '2025-06-18', 400, 'pass'],
    ['2025-06-18: a result fails', '2025-06-18', 200, 'fail'],
  ] as const)('%s', (_name, version, status, expected) => {
    const foreignOrigin = step({ method: 'initialize', requestId: 1, status, ...(status === 200 ? { reading: { kind: 'result' as const, id: 1, result: {} } } : {}) });
    expect(statusOf(legacy({ negotiatedVersion: version, foreignOrigin }), '2025/origin-validation')?.status).toBe(expected);
  });

  it('is skipped for a target that is not on this machine', () => {
    expect(statusOf(legacy(), '2025/origin-validation')).toMatchObject({ status: 'skip', skipReason: expect.stringMatching(/not on this machine/) as unknown as string });
  });
});

describe('judgeResult and judgeError', () => {
  const ctx = { version: '2025-11-25', calls: [] };

  it('holds the id to its value and type', () => {
    expect(judgeResult(ok('ping', '7'), ctx)).toEqual([]);
    const swapped = step({ method: 'ping', requestId: '7', reading: { kind: 'result', id: 7, result: {} } });
    expect(judgeResult(swapped, ctx).map((f) => f.code)).toEqual(['CONFORMANCE_ID_MISMATCH']);
    expect(judgeResult(swapped, ctx)[0]?.args?.detail).toBe('7 (sent "7")');
  });

  it('reports schema issues unless only the id is judged', () => {
    const invalid = { ...ok('ping', 1, { extra: 1 }), schemaIssues: ['(result): Unrecognized key: "extra"'] };
    expect(judgeResult(invalid, ctx).map((f) => f.code)).toEqual(['CONFORMANCE_RESULT_INVALID']);
    expect(judgeResult(invalid, ctx, { idOnly: true })).toEqual([]);
  });

  it('turns anything but a result into a failed request', () => {
    expect(judgeResult(step({ method: 'ping', status: 502, contentType: 'text/html', reading: { kind: 'other', reason: 'body is not valid JSON' } }), ctx)[0]).toMatchObject({ code: 'CONFORMANCE_REQUEST_FAILED', args: { status: 502, detail: 'HTTP 502 with a text/html body (body is not valid JSON)' } });
    expect(describeAnswer(step({ method: 'x', outcome: 'network-error', error: 'ECONNRESET: socket hang up' }))).toBe('a network failure (ECONNRESET: socket hang up)');
  });

  it('checks the error code, the HTTP status when prescribed, and the id', () => {
    const error = (status: number, code: number, id: string | number | null = 'r') => step({ method: 'ping', requestId: 'r', status, reading: { kind: 'error', id, code, message: 'm' } });
    const codes = (verdict: ReturnType<typeof judgeError>) => (Array.isArray(verdict) ? verdict.map((f) => f.code) : verdict);
    const want = { code: -32601, name: 'Method not found', status: 404 };
    expect(judgeError(error(404, -32601), want)).toEqual([]);
    expect(codes(judgeError(error(200, -32601), want))).toEqual(['CONFORMANCE_WRONG_ERROR']);
    expect(codes(judgeError(error(404, -32600), want))).toEqual(['CONFORMANCE_WRONG_ERROR']);
    expect(codes(judgeError(error(404, -32601, null), want))).toEqual(['CONFORMANCE_ID_MISMATCH']);
    const warned = judgeError(error(200, -32603), { code: -32602, name: 'Invalid params', severity: 'warning' });
    expect(Array.isArray(warned) && warned[0]?.severity).toBe('warning');
  });

  it('behind AgentCore, judges the wrapped container status and skips what the wrapper hides', () => {
    const wrapped = (containerStatus: number) => step({ method: 'ping', requestId: 'r', status: 200, containerStatus, reading: { kind: 'error', id: null, code: -32010, message: `Received error (${containerStatus}) from runtime.` } });
    const want = { code: -32601, name: 'Method not found', status: 404 };
    expect(judgeError(wrapped(404), want)).toEqual({ skip: expect.stringMatching(/^AgentCore wrapped the container's HTTP 404 as HTTP 200 \+ -32010/) as unknown as string });
    const failed = judgeError(wrapped(500), want);
    expect(Array.isArray(failed) && failed[0]?.args?.detail).toBe('HTTP 500 from the container (AgentCore answered HTTP 200 with -32010 "Received error (500) from runtime")');
    expect(judgeResult(wrapped(500), ctx)[0]).toMatchObject({ code: 'CONFORMANCE_REQUEST_FAILED', args: { detail: expect.stringMatching(/^HTTP 500 from the container/) as unknown as string } });
  });
});

describe('eras', () => {
  const refused = step({ method: 'initialize', requestId: 1, status: 400, reading: { kind: 'error', id: 1, code: -32022, message: 'Unsupported protocol version: 2025-11-25', data: { supported: ['2026-07-28'], requested: '2025-11-25' } } });

  it('tells a modern-only refusal from any other failed initialize', () => {
    expect(refusedAsModernOnly(refused)).toBe(true);
    expect(refusedAsModernOnly({ ...refused, reading: { kind: 'error', id: 1, code: -32022, message: '', data: { supported: ['2025-06-18'] } } })).toBe(false);
    expect(refusedAsModernOnly({ ...refused, reading: { kind: 'error', id: 1, code: -32600, message: '' } })).toBe(false);
  });

  it('fails 2025/initialize and skips the rest of the era when initialize fails', () => {
    const failed = legacy({ initialize: step({ method: 'initialize', requestId: 1, status: 500, reading: { kind: 'other', reason: 'empty body' } }), capabilities: undefined, negotiatedVersion: undefined });
    const { checks, eras } = judgeConformance({ legacy: failed, calls: [] }, 'auto', 'generic');
    expect(checks[0]).toMatchObject({ id: '2025/initialize', status: 'fail' });
    expect(checks.slice(1).every((c) => c.status === 'skip' && /prerequisite 2025\/initialize failed \(HTTP 500/.test(c.skipReason ?? ''))).toBe(true);
    expect(eras[0]).toMatchObject({ era: '2025', status: 'not-testable' });
  });

  it('skips a whole era the server does not serve, unless it was asked for', () => {
    const discover = step({ method: 'server/discover', requestId: 1, status: 400, reading: { kind: 'error', id: null, code: -32000, message: 'Bad Request' } });
    const modern: ModernConformanceObservation = { era: '2026', discover, supportsModern: false, resourceReads: [], promptGets: [], promptsWithRequiredArguments: [], toolCalls: [], listedTools: [] };
    const auto = judgeConformance({ legacy: legacy(), modern, calls: [] }, 'auto', 'generic');
    expect(auto.checks.filter((c) => c.id.startsWith('2026/')).every((c) => c.status === 'skip')).toBe(true);
    expect(auto.eras[1]).toMatchObject({ era: '2026', status: 'skipped' });
    const forced = judgeConformance({ modern, calls: [] }, '2026', 'generic');
    expect(forced.checks[0]).toMatchObject({ id: '2026/discover', status: 'fail' });
    expect(forced.findings.map((f) => f.code)).toEqual(['CONFORMANCE_NOT_TESTABLE']);
    expect(forced.findings[0]?.message).toMatch(/^Not testable: --era 2026 was asked for, but server\/discover did not offer 2026-07-28/);
  });
});

describe('registry of requirements', () => {
  it('has unique ids in <era>/<kebab-name> form and sections that resolve', () => {
    const all = [...legacyRequirements, ...modernRequirements];
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const requirement of legacyRequirements) expect(requirement.id).toMatch(/^2025\/[a-z]+(-[a-z]+)*$/);
    for (const requirement of modernRequirements) expect(requirement.id).toMatch(/^2026\/[a-z]+(-[a-z]+)*$/);
    expect(specUrl('2024-11-05', 'basic#responses')).toBe('https://modelcontextprotocol.io/specification/2024-11-05/basic/messages#responses');
    expect(specUrl('2025-06-18', 'server/tools#listing-tools')).toBe('https://modelcontextprotocol.io/specification/2025-06-18/server/tools#listing-tools');
  });
});

describe('docs/conformance.md', () => {
  it('documents every requirement id', () => {
    const page = readFileSync(fileURLToPath(new URL('../../docs/conformance.md', import.meta.url)), 'utf8');
    const featureNames = new Set(legacyRequirements.map((r) => r.id.slice(5)));
    for (const requirement of legacyRequirements) expect(page, requirement.id).toContain(`\`${requirement.id}\``);
    // The 2026 feature requirements mirror the 2025 ones and are documented as one row.
    for (const requirement of modernRequirements.filter((r) => !featureNames.has(r.id.slice(5)))) expect(page, requirement.id).toContain(`\`${requirement.id}\``);
  });
});

describe('parseCalls', () => {
  it('reads NAME and NAME=JSON', () => {
    expect(parseCalls(['echo', 'add={"a":1,"b":2}', 'a=b'])).toEqual([
      { name: 'echo', args: {} },
      { name: 'add', args: { a: 1, b: 2 } },
      { name: 'a=b', args: {} },
    ]);
    expect(() => parseCalls(['={"a":1}'])).toThrow(/needs a tool name/);
    expect(() => parseCalls(['add={"a":'])).toThrow(/--call add=…: the arguments must be a JSON object/);
    expect(() => parseCalls(['add={"a":1} '])).not.toThrow();
  });
});
