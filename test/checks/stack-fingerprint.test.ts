import { describe, expect, it } from 'vitest';
import { combineClues, compareDotted, fingerprintStack, mergeStacks } from '../../src/checks/stack-fingerprint.js';
import type { StackClue } from '../../src/checks/stack-fingerprint.js';
import type { StackFingerprint, StackName } from '../../src/catalog/stacks.js';
import type { HttpExchange } from '../../src/model/observations.js';
import { exchange, session } from '../helpers/check-tester.js';

const LABEL = 'probe';

/** A plain-text answer, as python-sdk's and fastmcp's Starlette responses send them. */
function plain(status: number | undefined, text: string, extra: Partial<HttpExchange> = {}): HttpExchange {
  return exchange({ label: LABEL, status, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: text, ...extra });
}

/** A JSON-RPC error answer; the helper parses the body into the reading the fingerprint uses. */
function rpc(status: number | undefined, code: number, message: string, id: string | number | null = 1, extra: Partial<HttpExchange> = {}): HttpExchange {
  return exchange({ label: LABEL, status, headers: { 'content-type': 'application/json' }, bodyExcerpt: JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }), ...extra });
}

/** The evidence line a wording clue shows. */
function said(status: number | string, text: string, label = LABEL): string {
  return `${status} \`${text}\` (${label})`;
}

const SERVER_ERROR_ID = 'JSON-RPC errors with `"id": "server-error"`';
const NOT_ACCEPTABLE = 'Not Acceptable: Client must accept both application/json and text/event-stream';
const MEDIA_TYPE = 'Unsupported Media Type: Content-Type must be application/json';
const PY_PROTOCOL = 'Bad Request: Unsupported protocol version: x. Supported versions: 2025-06-18';
const TS_PROTOCOL = 'Bad Request: Unsupported protocol version: x (supported versions: 2025-06-18)';

/**
 * Each wording rule: the wording, the status and the body kind it needs, the stack and version
 * bounds it implies. A neutral id (1) keeps the python-sdk 1.x/2.x id signals out of these rows.
 */
describe('fingerprintStack: one wording per SDK', () => {
  it.each<[string, HttpExchange, StackFingerprint]>([
    ['python-sdk ≥ 1.10 plain-text Content-Type check', plain(400, 'Invalid Content-Type header'), { name: 'python-sdk', versionRange: '>=1.10', evidence: [said(400, 'Invalid Content-Type header')] }],
    ['python-sdk ≥ 1.10, Content-Type wording with a tail', plain(400, 'Invalid Content-Type header: text/plain'), { name: 'python-sdk', versionRange: '>=1.10', evidence: [said(400, 'Invalid Content-Type header: text/plain')] }],
    ['python-sdk ≥ 1.23 Host guard', plain(421, 'Invalid Host header'), { name: 'python-sdk', versionRange: '>=1.23', evidence: [said(421, 'Invalid Host header')] }],
    ['python-sdk missing session (plain)', plain(400, 'Bad Request: Missing session ID'), { name: 'python-sdk', evidence: [said(400, 'Bad Request: Missing session ID')] }],
    ['python-sdk missing session, anywhere in the text, any status', plain(500, 'Error: Bad Request: Missing session ID.'), { name: 'python-sdk', evidence: [said(500, 'Error: Bad Request: Missing session ID.')] }],
    ['python-sdk missing session (JSON-RPC)', rpc(400, -32600, 'Bad Request: Missing session ID'), { name: 'python-sdk', evidence: [said(400, 'Bad Request: Missing session ID')] }],
    ['python-sdk refusing DELETE', plain(405, 'Method Not Allowed: Session termination not supported'), { name: 'python-sdk', evidence: [said(405, 'Method Not Allowed: Session termination not supported')] }],
    ['python-sdk refusing DELETE (JSON-RPC)', rpc(405, -32600, 'Method Not Allowed: Session termination not supported'), { name: 'python-sdk', evidence: [said(405, 'Method Not Allowed: Session termination not supported')] }],
    ['python-sdk ≤ 1.25 unknown session', plain(400, 'Bad Request: No valid session ID provided'), { name: 'python-sdk', versionRange: '<1.26', evidence: [said(400, 'Bad Request: No valid session ID provided')] }],
    ['python-sdk ≥ 1.26 unknown session (-32600)', rpc(404, -32600, 'Session not found'), { name: 'python-sdk', versionRange: '>=1.26', evidence: [said(404, 'Session not found')] }],
    ['TypeScript SDK unknown session (-32001)', rpc(404, -32001, 'Session not found'), { name: 'typescript-sdk', evidence: [said(404, 'Session not found')] }],
    ['python-sdk protocol version wording', rpc(400, -32600, PY_PROTOCOL), { name: 'python-sdk', evidence: [said(400, PY_PROTOCOL)] }],
    ['TypeScript protocol version wording', rpc(400, -32000, TS_PROTOCOL), { name: 'typescript-sdk', evidence: [said(400, TS_PROTOCOL)] }],
    ['TypeScript session header required', rpc(400, -32000, 'Bad Request: Mcp-Session-Id header is required'), { name: 'typescript-sdk', evidence: [said(400, 'Bad Request: Mcp-Session-Id header is required')] }],
    ['TypeScript session header required, plain and anywhere', plain(500, 'x Bad Request: Mcp-Session-Id header is required'), { name: 'typescript-sdk', evidence: [said(500, 'x Bad Request: Mcp-Session-Id header is required')] }],
    ['TypeScript not initialized', rpc(400, -32000, 'Bad Request: Server not initialized'), { name: 'typescript-sdk', evidence: [said(400, 'Bad Request: Server not initialized')] }],
    ['TypeScript Content-Type (-32000)', rpc(415, -32000, MEDIA_TYPE), { name: 'typescript-sdk', evidence: [said(415, MEDIA_TYPE)] }],
    ['TypeScript Content-Type (-32000) at any status', rpc(400, -32000, `${MEDIA_TYPE}; got text/plain`), { name: 'typescript-sdk', evidence: [said(400, `${MEDIA_TYPE}; got text/plain`)] }],
    ['shared 406 wording with python-sdk -32600', rpc(406, -32600, NOT_ACCEPTABLE), { name: 'python-sdk', evidence: [said(406, NOT_ACCEPTABLE)] }],
    ['shared 406 wording with TypeScript -32000', rpc(406, -32000, NOT_ACCEPTABLE), { name: 'typescript-sdk', evidence: [said(406, NOT_ACCEPTABLE)] }],
    ['TypeScript Host guard (Invalid Host:)', plain(403, 'Invalid Host: evil.example'), { name: 'typescript-sdk', evidence: [said(403, 'Invalid Host: evil.example')] }],
    ['TypeScript Host guard (Invalid Host header:)', plain(403, 'Invalid Host header: evil.example'), { name: 'typescript-sdk', evidence: [said(403, 'Invalid Host header: evil.example')] }],
    ['TypeScript Host guard as JSON-RPC', rpc(403, -32000, 'Invalid Host: evil.example'), { name: 'typescript-sdk', evidence: [said(403, 'Invalid Host: evil.example')] }],
    ['TypeScript method not allowed', rpc(405, -32000, 'Method not allowed.'), { name: 'typescript-sdk', evidence: [said(405, 'Method not allowed.')] }],
    ['TypeScript parse error (short)', rpc(400, -32700, 'Parse error: Invalid JSON'), { name: 'typescript-sdk', evidence: [said(400, 'Parse error: Invalid JSON')] }],
    ['TypeScript parse error (long)', rpc(400, -32700, 'Parse error: Invalid JSON-RPC message'), { name: 'typescript-sdk', evidence: [said(400, 'Parse error: Invalid JSON-RPC message')] }],
    ['fastmcp 3.4.3 Host guard', plain(421, 'Misdirected Request'), { name: 'fastmcp', versionRange: '>=3.4.3 <3.4.4', evidence: [said(421, 'Misdirected Request')] }],
  ])('%s', (_name, answer, expected) => {
    expect(fingerprintStack([answer])).toStrictEqual(expected);
  });

  it.each<[string, HttpExchange]>([
    ['Content-Type wording at another status', plain(415, 'Invalid Content-Type header')],
    ['Content-Type wording as JSON-RPC', rpc(400, -32600, 'Invalid Content-Type header')],
    ['Content-Type wording not at the start', plain(400, 'Error: Invalid Content-Type header')],
    ['python Host wording at another status', plain(400, 'Invalid Host header')],
    ['python Host wording with a tail', plain(421, 'Invalid Host header.')],
    ['python Host wording not at the start', plain(421, 'An Invalid Host header')],
    ['python Host wording as JSON-RPC', rpc(421, -32600, 'Invalid Host header')],
    ['≤ 1.25 session wording at another status', plain(404, 'Bad Request: No valid session ID provided')],
    ['≤ 1.25 session wording as JSON-RPC', rpc(400, -32600, 'Bad Request: No valid session ID provided')],
    ['≤ 1.25 session wording with a tail', plain(400, 'Bad Request: No valid session ID provided.')],
    ['≤ 1.25 session wording not at the start', plain(400, 'x Bad Request: No valid session ID provided')],
    ['Session not found in plain text', plain(404, 'Session not found')],
    ['Session not found at another status', rpc(400, -32600, 'Session not found')],
    ['Session not found with a code neither SDK uses', rpc(404, -32000, 'Session not found')],
    ['Session not found with a positive 32600', rpc(404, 32600, 'Session not found')],
    ['Session not found with a positive 32001', rpc(404, 32001, 'Session not found')],
    ['Session not found with a tail', rpc(404, -32001, 'Session not found.')],
    ['Session not found not at the start', rpc(404, -32001, 'Error: Session not found')],
    ['protocol version wording of neither SDK', rpc(400, -32600, 'Bad Request: Unsupported protocol version: x, Supported versions: 2025-06-18')],
    ['python protocol wording not at the start', rpc(400, -32600, `x ${PY_PROTOCOL}`)],
    ['TypeScript protocol wording not at the start', rpc(400, -32000, `x ${TS_PROTOCOL}`)],
    ['Content-Type -32000 wording in plain text', plain(415, MEDIA_TYPE)],
    ['Content-Type wording with python-sdk -32600', rpc(415, -32600, MEDIA_TYPE)],
    ['Content-Type wording with a positive 32000', rpc(415, 32000, MEDIA_TYPE)],
    ['Content-Type wording not at the start', rpc(415, -32000, `x ${MEDIA_TYPE}`)],
    ['406 wording at another status', rpc(400, -32600, NOT_ACCEPTABLE)],
    ['406 wording with a code neither SDK uses', rpc(406, -32011, NOT_ACCEPTABLE)],
    ['406 wording with a positive 32600', rpc(406, 32600, NOT_ACCEPTABLE)],
    ['406 wording with a positive 32000', rpc(406, 32000, NOT_ACCEPTABLE)],
    ['406 wording in plain text', plain(406, NOT_ACCEPTABLE)],
    ['406 wording not at the start', rpc(406, -32000, `x ${NOT_ACCEPTABLE}`)],
    ['TypeScript Host guard at another status', plain(400, 'Invalid Host: evil.example')],
    ['TypeScript Host header guard at another status', plain(421, 'Invalid Host header: evil.example')],
    ['TypeScript Host guard without the space', plain(403, 'Invalid Host:evil.example')],
    ['TypeScript Host guard not at the start', plain(403, 'x Invalid Host: evil.example')],
    ['method not allowed without the period', rpc(405, -32000, 'Method not allowed')],
    ['method not allowed with a tail', rpc(405, -32000, 'Method not allowed. Use POST')],
    ['method not allowed not at the start', rpc(405, -32000, 'HTTP Method not allowed.')],
    ['parse error with a partial tail', rpc(400, -32700, 'Parse error: Invalid JSON-RPC')],
    ['parse error with a tail', rpc(400, -32700, 'Parse error: Invalid JSON!')],
    ['parse error not at the start', rpc(400, -32700, 'x Parse error: Invalid JSON')],
    ['Misdirected Request at another status', plain(400, 'Misdirected Request')],
    ['Misdirected Request as JSON-RPC', rpc(421, -32600, 'Misdirected Request')],
    ['Misdirected Request with a tail', plain(421, 'Misdirected Request!')],
    ['Misdirected Request not at the start', plain(421, 'x Misdirected Request')],
    ['a JSON-RPC result carrying a JSON-RPC-only wording', plain(404, 'Session not found', { jsonrpc: { kind: 'result', id: 1, result: {} } })],
    ['a JSON-RPC result carrying a plain-only wording', plain(421, 'Misdirected Request', { jsonrpc: { kind: 'result', id: 1, result: {} } })],
    ['a wording of no SDK', rpc(500, -32603, 'Internal error')],
  ])('%s names nothing', (_name, answer) => {
    expect(fingerprintStack([answer])).toBeUndefined();
  });
});

/** What text the rules read, which status they compare, and how the evidence line shows them. */
describe('fingerprintStack: the text and status a wording is read from', () => {
  it('reads the JSON-RPC error message, not the raw body, and quotes the message', () => {
    const answer = rpc(500, -32600, 'Bad Request: Missing session ID');
    expect(answer.bodyExcerpt).not.toBe('Bad Request: Missing session ID');
    expect(fingerprintStack([answer])).toStrictEqual({ name: 'python-sdk', evidence: [said(500, 'Bad Request: Missing session ID')] });
  });

  it('reads a body that is not JSON-RPC (kind other) as plain text', () => {
    const answer = plain(400, 'Invalid Content-Type header', { jsonrpc: { kind: 'other', reason: 'body is not valid JSON' } });
    expect(fingerprintStack([answer])).toStrictEqual({ name: 'python-sdk', versionRange: '>=1.10', evidence: [said(400, 'Invalid Content-Type header')] });
  });

  it('reads the body of a JSON-RPC result as its text, for rules open to every body', () => {
    const answer = plain(400, 'Bad Request: Missing session ID', { jsonrpc: { kind: 'result', id: 1, result: {} } });
    expect(fingerprintStack([answer])).toStrictEqual({ name: 'python-sdk', evidence: [said(400, 'Bad Request: Missing session ID')] });
  });

  it('trims the plain body before matching anchored wordings and quotes it trimmed', () => {
    // Set after the helper, which sanitizes (and so trims) the excerpt as the probe layer does.
    const padded: HttpExchange = { ...plain(421, 'Misdirected Request'), bodyExcerpt: '  Misdirected Request\n' };
    expect(fingerprintStack([padded])).toStrictEqual({ name: 'fastmcp', versionRange: '>=3.4.3 <3.4.4', evidence: [said(421, 'Misdirected Request')] });
  });

  it('compares the container status when AgentCore wrapped the answer, and shows it', () => {
    const wrapped = rpc(200, -32000, NOT_ACCEPTABLE, null, { containerStatus: 406 });
    expect(fingerprintStack([wrapped])).toStrictEqual({ name: 'typescript-sdk', evidence: [said(406, NOT_ACCEPTABLE)] });
    // The container's status wins over the outer one even when the outer one would match.
    expect(fingerprintStack([rpc(406, -32000, NOT_ACCEPTABLE, null, { containerStatus: 500 })])).toBeUndefined();
  });

  it('shows "?" for an answer without a status', () => {
    expect(fingerprintStack([plain(undefined, 'Bad Request: Missing session ID')])).toStrictEqual({ name: 'python-sdk', evidence: [said('?', 'Bad Request: Missing session ID')] });
  });

  it('quotes the first 80 characters of the wording: 80 whole, 81 cut', () => {
    const eighty = `Bad Request: Missing session ID ${'x'.repeat(80 - 32)}`;
    expect(eighty).toHaveLength(80);
    expect(fingerprintStack([plain(400, eighty)])?.evidence).toStrictEqual([said(400, eighty)]);
    expect(fingerprintStack([plain(400, `${eighty}y`)])?.evidence).toStrictEqual([said(400, eighty)]);
  });

  it('names the probe in the evidence', () => {
    expect(fingerprintStack([plain(400, 'Bad Request: Missing session ID', { label: 'POST without session' })])?.evidence).toStrictEqual([said(400, 'Bad Request: Missing session ID', 'POST without session')]);
  });
});

/**
 * python-sdk 1.x answers transport errors with `"id": "server-error"`, 2.x (and the TypeScript
 * SDK) with `null`: the id narrows a python-sdk wording to a major version.
 */
describe('fingerprintStack: the JSON-RPC id of an error', () => {
  it.each<[string, HttpExchange, StackFingerprint | undefined]>([
    ['a python-sdk wording with id null is 2.x', rpc(400, -32600, 'Bad Request: Missing session ID', null), { name: 'python-sdk', versionRange: '>=2', evidence: [said(400, 'Bad Request: Missing session ID')] }],
    ['a python-sdk wording with id "server-error" is 1.x', rpc(400, -32600, 'Bad Request: Missing session ID', 'server-error'), { name: 'python-sdk', versionRange: '<2', evidence: [said(400, 'Bad Request: Missing session ID'), SERVER_ERROR_ID] }],
    ['a python-sdk wording with another id has no range', rpc(400, -32600, 'Bad Request: Missing session ID', 7), { name: 'python-sdk', evidence: [said(400, 'Bad Request: Missing session ID')] }],
    ['id null replaces the wording’s lower bound with 2', rpc(404, -32600, 'Session not found', null), { name: 'python-sdk', versionRange: '>=2', evidence: [said(404, 'Session not found')] }],
    ['"server-error" keeps the wording’s lower bound', rpc(404, -32600, 'Session not found', 'server-error'), { name: 'python-sdk', versionRange: '>=1.26 <2', evidence: [said(404, 'Session not found'), SERVER_ERROR_ID] }],
    ['id null on a TypeScript wording implies no version', rpc(404, -32001, 'Session not found', null), { name: 'typescript-sdk', evidence: [said(404, 'Session not found')] }],
    ['"server-error" alone is python-sdk 1.x', rpc(500, -32603, 'Internal error', 'server-error'), { name: 'python-sdk', versionRange: '<2', evidence: [SERVER_ERROR_ID] }],
    ['an error id merely like "server-error" is nothing', rpc(500, -32603, 'Internal error', 'Server-Error'), undefined],
    ['a result with the id "server-error" is nothing', plain(200, '{}', { jsonrpc: { kind: 'result', id: 'server-error', result: {} } }), undefined],
    ['id null without a wording is nothing', rpc(500, -32603, 'Internal error', null), undefined],
  ])('%s', (_name, answer, expected) => {
    expect(fingerprintStack([answer])).toStrictEqual(expected);
  });

  it('shows a clue repeated by several probes once', () => {
    const answers = [rpc(500, -32603, 'a', 'server-error'), rpc(500, -32603, 'b', 'server-error'), rpc(500, -32603, 'c', 'server-error')];
    expect(fingerprintStack(answers)).toStrictEqual({ name: 'python-sdk', versionRange: '<2', evidence: [SERVER_ERROR_ID] });
  });
});

/** `server` and `x-powered-by` name only the language family; every other header is ignored. */
describe('fingerprintStack: response headers', () => {
  const headers = (h: Record<string, string>): HttpExchange => exchange({ label: LABEL, status: 200, headers: h, bodyExcerpt: '' });

  it.each<[string, string]>([
    ['server', 'uvicorn'],
    ['server', 'Uvicorn'],
    ['server', 'uvicorn/0.30.1'],
    ['server', 'hypercorn-h11'],
    ['server', 'granian'],
    ['server', 'daphne'],
    ['server', 'proxy (UVICORN)'],
  ])('%s: %s names python', (header, value) => {
    expect(fingerprintStack([headers({ [header]: value })])).toStrictEqual({ name: 'python', evidence: [`response header \`${header}: ${value}\``] });
  });

  it.each<[string, string]>([
    ['x-powered-by', 'Express'],
    ['x-powered-by', 'express'],
    ['x-powered-by', 'Hono'],
    ['x-powered-by', 'Next.js'],
    ['x-powered-by', 'Next.js 14.2'],
    ['x-powered-by', 'Fastify'],
  ])('%s: %s names node', (header, value) => {
    expect(fingerprintStack([headers({ [header]: value })])).toStrictEqual({ name: 'node', evidence: [`response header \`${header}: ${value}\``] });
  });

  it.each<[string, string]>([
    ['server', 'nginx'],
    ['server', 'gunicorn'],
    ['server', 'uvicornx'],
    ['server', 'xuvicorn'],
    ['server', ''],
    ['server', 'Express'],
    ['x-powered-by', 'PHP/8.2'],
    ['x-powered-by', 'Expressive'],
    ['x-powered-by', 'NextXjs'],
    ['x-powered-by', 'uvicorn'],
    ['x-powered-by', ''],
    ['via', 'uvicorn'],
    ['x-server', 'Express'],
  ])('%s: %s names nothing', (header, value) => {
    expect(fingerprintStack([headers({ [header]: value })])).toBeUndefined();
  });

  it('shows a header repeated on every probe once', () => {
    const answers = Array.from({ length: 8 }, () => headers({ server: 'uvicorn' }));
    expect(fingerprintStack(answers)).toStrictEqual({ name: 'python', evidence: ['response header `server: uvicorn`'] });
  });
});

/** Which exchanges count, and which family or library wins when clues disagree. */
describe('fingerprintStack: exchanges and precedence', () => {
  const uvicorn = (extra: Partial<HttpExchange> = {}): HttpExchange => exchange({ label: LABEL, status: 200, headers: { server: 'uvicorn' }, ...extra });
  const express = (): HttpExchange => exchange({ label: LABEL, status: 200, headers: { 'x-powered-by': 'Express' } });

  it('names nothing without exchanges, for missing ones, and for exchanges that got no response', () => {
    expect(fingerprintStack([])).toBeUndefined();
    expect(fingerprintStack([undefined])).toBeUndefined();
    expect(fingerprintStack([uvicorn({ outcome: 'network-error' }), uvicorn({ outcome: 'timeout' })])).toBeUndefined();
  });

  it('reads the responses among missing and failed exchanges', () => {
    expect(fingerprintStack([undefined, uvicorn({ outcome: 'timeout' }), express()])).toStrictEqual({ name: 'node', evidence: ['response header `x-powered-by: Express`'] });
  });

  it('a language tie goes to python and shows only python evidence', () => {
    expect(fingerprintStack([express(), uvicorn()])).toStrictEqual({ name: 'python', evidence: ['response header `server: uvicorn`'] });
  });

  it('a library wording outweighs the other language’s headers (a proxy’s)', () => {
    expect(fingerprintStack([express(), express(), plain(400, 'Bad Request: Missing session ID')])).toStrictEqual({ name: 'python-sdk', evidence: [said(400, 'Bad Request: Missing session ID')] });
    expect(fingerprintStack([uvicorn(), uvicorn(), rpc(400, -32000, 'Bad Request: Server not initialized')])).toStrictEqual({ name: 'typescript-sdk', evidence: [said(400, 'Bad Request: Server not initialized')] });
  });

  it('a library keeps its own family’s header as evidence, in the order seen', () => {
    expect(fingerprintStack([uvicorn(), plain(400, 'Bad Request: Missing session ID'), express()])).toStrictEqual({ name: 'python-sdk', evidence: ['response header `server: uvicorn`', said(400, 'Bad Request: Missing session ID')] });
    expect(fingerprintStack([rpc(400, -32000, 'Bad Request: Server not initialized', null, { headers: { 'content-type': 'application/json', 'x-powered-by': 'Express', server: 'uvicorn' } })])).toStrictEqual({ name: 'typescript-sdk', evidence: ['response header `x-powered-by: Express`', said(400, 'Bad Request: Server not initialized')] });
  });

  it('the library with more wordings wins; a tie goes to the first seen', () => {
    const py = plain(400, 'Bad Request: Missing session ID');
    const ts = rpc(400, -32000, 'Bad Request: Server not initialized');
    expect(fingerprintStack([ts, py, plain(405, 'Method Not Allowed: Session termination not supported')])?.name).toBe('python-sdk');
    expect(fingerprintStack([ts, py])?.name).toBe('typescript-sdk');
    expect(fingerprintStack([py, ts])?.name).toBe('python-sdk');
  });
});

/**
 * `serverInfo.name` saying FastMCP counts for fastmcp only when the wire already shows Python
 * (python-sdk 1.x's own class is also called FastMCP, and a Node server may call itself anything).
 */
describe('fingerprintStack: serverInfo', () => {
  const uvicorn = exchange({ label: LABEL, status: 200, headers: { server: 'uvicorn' } });
  const express = exchange({ label: LABEL, status: 200, headers: { 'x-powered-by': 'Express' } });
  const named = (name: string) => session({ serverInfo: { name, version: '1.0.0' } });

  it('names fastmcp from a FastMCP serverInfo on a Python server', () => {
    expect(fingerprintStack([uvicorn], named('FastMCP Server'))).toStrictEqual({ name: 'fastmcp', evidence: ['response header `server: uvicorn`', 'serverInfo.name `FastMCP Server`'] });
    expect(fingerprintStack([uvicorn], named('my-fastmcp-app'))).toStrictEqual({ name: 'fastmcp', evidence: ['response header `server: uvicorn`', 'serverInfo.name `my-fastmcp-app`'] });
  });

  it('adds the serverInfo to a fastmcp wording', () => {
    expect(fingerprintStack([plain(421, 'Misdirected Request')], named('FastMCP'))).toStrictEqual({ name: 'fastmcp', versionRange: '>=3.4.3 <3.4.4', evidence: [said(421, 'Misdirected Request'), 'serverInfo.name `FastMCP`'] });
  });

  it('ignores another serverInfo name', () => {
    expect(fingerprintStack([uvicorn], named('weather'))).toStrictEqual({ name: 'python', evidence: ['response header `server: uvicorn`'] });
  });

  it('ignores a FastMCP serverInfo without Python on the wire', () => {
    expect(fingerprintStack([], named('FastMCP'))).toBeUndefined();
    expect(fingerprintStack([express], named('FastMCP'))).toStrictEqual({ name: 'node', evidence: ['response header `x-powered-by: Express`'] });
    expect(fingerprintStack([rpc(400, -32000, 'Bad Request: Server not initialized')], named('FastMCP'))).toStrictEqual({ name: 'typescript-sdk', evidence: [said(400, 'Bad Request: Server not initialized')] });
  });

  it('one Python clue among others is enough', () => {
    expect(fingerprintStack([express, uvicorn], named('FastMCP'))).toStrictEqual({ name: 'fastmcp', evidence: ['response header `server: uvicorn`', 'serverInfo.name `FastMCP`'] });
  });

  it('ignores a session without serverInfo', () => {
    const { serverInfo: _dropped, ...bare } = named('FastMCP');
    expect(fingerprintStack([uvicorn], bare)).toStrictEqual({ name: 'python', evidence: ['response header `server: uvicorn`'] });
  });
});

/** The combination lint and rehearse call with source clues: tally, family support, evidence cap. */
describe('combineClues', () => {
  const clue = (name: StackName, evidence: string, bounds: { lower?: string; upper?: string } = {}): StackClue => ({ name, evidence, ...bounds });

  it('names nothing without clues', () => {
    expect(combineClues([])).toBeUndefined();
  });

  it.each<[string, StackClue[], StackFingerprint]>([
    ['python alone', [clue('python', 'a')], { name: 'python', evidence: ['a'] }],
    ['node alone', [clue('node', 'a')], { name: 'node', evidence: ['a'] }],
    ['a tie goes to python', [clue('node', 'a'), clue('python', 'b')], { name: 'python', evidence: ['b'] }],
    ['a 2–2 tie goes to python', [clue('python', 'a'), clue('node', 'b'), clue('python', 'c'), clue('node', 'd')], { name: 'python', evidence: ['a', 'c'] }],
    ['more node clues win', [clue('node', 'a'), clue('python', 'b'), clue('node', 'c')], { name: 'node', evidence: ['a', 'c'] }],
    ['one library beats any number of family clues', [clue('node', 'a'), clue('node', 'b'), clue('python', 'c'), clue('python', 'd'), clue('python-sdk', 'e')], { name: 'python-sdk', evidence: ['c', 'd', 'e'] }],
    ['family clues of the winner count as evidence, not as votes', [clue('python', 'a'), clue('python', 'b'), clue('typescript-sdk', 'c'), clue('node', 'd')], { name: 'typescript-sdk', evidence: ['c', 'd'] }],
    ['more clues of a library win', [clue('typescript-sdk', 'a'), clue('python-sdk', 'b'), clue('python-sdk', 'c')], { name: 'python-sdk', evidence: ['b', 'c'] }],
    ['a library tie goes to the first seen (TypeScript)', [clue('typescript-sdk', 'a'), clue('python-sdk', 'b')], { name: 'typescript-sdk', evidence: ['a'] }],
    ['a library tie goes to the first seen (python-sdk)', [clue('python-sdk', 'a'), clue('typescript-sdk', 'b')], { name: 'python-sdk', evidence: ['a'] }],
    ['fastmcp with python support; another Python library is no support', [clue('fastmcp', 'a'), clue('python-sdk', 'b'), clue('python', 'c'), clue('fastmcp', 'd'), clue('node', 'e')], { name: 'fastmcp', evidence: ['a', 'c', 'd'] }],
    ['python-sdk with python support, not node', [clue('node', 'a'), clue('python-sdk', 'b'), clue('python', 'c')], { name: 'python-sdk', evidence: ['b', 'c'] }],
    ['the same evidence shows once', [clue('python', 'a'), clue('python-sdk', 'a'), clue('python-sdk', 'b'), clue('python', 'b')], { name: 'python-sdk', evidence: ['a', 'b'] }],
  ])('%s', (_name, clues, expected) => {
    expect(combineClues(clues)).toStrictEqual(expected);
  });

  it('shows at most 6 distinct pieces of evidence: 6 whole, 7 cut to the first 6', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(combineClues(six.map((e) => clue('python', e)))).toStrictEqual({ name: 'python', evidence: six });
    expect(combineClues([...six, 'g'].map((e) => clue('python', e)))).toStrictEqual({ name: 'python', evidence: six });
    // Repeats do not use up the cap.
    expect(combineClues(['a', 'a', 'a', ...six.slice(1), 'g'].map((e) => clue('python', e)))).toStrictEqual({ name: 'python', evidence: six });
  });

  it('takes the version range from the named library’s clues only', () => {
    expect(combineClues([clue('fastmcp', 'a', { lower: '3' }), clue('python-sdk', 'b', { upper: '2' }), clue('fastmcp', 'c')])).toStrictEqual({ name: 'fastmcp', versionRange: '>=3', evidence: ['a', 'c'] });
    expect(combineClues([clue('python-sdk', 'a', { lower: '1.26' }), clue('python', 'b', { upper: '1.26' })])).toStrictEqual({ name: 'python-sdk', versionRange: '>=1.26', evidence: ['a', 'b'] });
  });
});

/** Version bounds: the highest lower, the lowest upper, none when they contradict. */
describe('combineClues: version range', () => {
  const sdk = (...bounds: { lower?: string; upper?: string }[]): StackClue[] => bounds.map((b, i) => ({ name: 'python-sdk', evidence: `e${i}`, ...b }));

  it.each<[string, StackClue[], string | undefined]>([
    ['no bounds', sdk({}, {}), undefined],
    ['a lower bound', sdk({ lower: '1.10' }), '>=1.10'],
    ['an upper bound', sdk({ upper: '2' }), '<2'],
    ['the higher of two lowers (ascending)', sdk({ lower: '1.10' }, { lower: '1.26' }), '>=1.26'],
    ['the higher of two lowers (descending)', sdk({ lower: '1.26' }, { lower: '1.10' }), '>=1.26'],
    ['lowers compared as numbers', sdk({ lower: '1.10' }, { lower: '1.9' }), '>=1.10'],
    ['of equal lowers, the first as written', sdk({ lower: '2.0' }, { lower: '2' }), '>=2.0'],
    ['the lower of two uppers (descending)', sdk({ upper: '2' }, { upper: '1.26' }), '<1.26'],
    ['the lower of two uppers (ascending)', sdk({ upper: '1.26' }, { upper: '2' }), '<1.26'],
    ['of equal uppers, the first as written', sdk({ upper: '2.0' }, { upper: '2' }), '<2.0'],
    ['bounds from separate clues', sdk({ upper: '2' }, {}, { lower: '1.26' }), '>=1.26 <2'],
    ['bounds from one clue', sdk({ lower: '3.4.3', upper: '3.4.4' }), '>=3.4.3 <3.4.4'],
    ['a lower just under the upper', sdk({ lower: '1.26' }, { upper: '1.26.1' }), '>=1.26 <1.26.1'],
    ['a lower equal to the upper', sdk({ lower: '2' }, { upper: '2' }), undefined],
    ['a lower equal to the upper, written longer', sdk({ lower: '2.0' }, { upper: '2' }), undefined],
    ['a lower above the upper', sdk({ lower: '3' }, { upper: '2' }), undefined],
  ])('%s: %s', (_name, clues, range) => {
    const expected: StackFingerprint = { name: 'python-sdk', evidence: clues.map((c) => c.evidence), ...(range ? { versionRange: range } : {}) };
    expect(combineClues(clues)).toStrictEqual(expected);
  });
});

/** Dotted release numbers compare part by part as numbers, missing parts as 0, giving -1, 0 or 1. */
describe('compareDotted', () => {
  it.each<[string, string, number]>([
    ['1.26', '2', -1],
    ['2', '1.26', 1],
    ['1.10', '1.9', 1],
    ['1.9', '1.10', -1],
    ['1.5', '1.2', 1],
    ['1.2', '1.5', -1],
    ['3.4.3', '3.4.4', -1],
    ['3.4', '3.4.1', -1],
    ['3.4.1', '3.4', 1],
    ['2', '2.0', 0],
    ['2.0.0', '2', 0],
    ['1.2.3', '1.2.3', 0],
    ['0', '0', 0],
  ])('compareDotted(%s, %s) = %i', (a, b, order) => {
    expect(compareDotted(a, b)).toBe(order);
  });
});

/**
 * The source's guess refined by the wire: same family keeps the library and both evidences; another
 * family trusts the wire; a generic source name gives way to the wire's library.
 */
describe('mergeStacks', () => {
  const stack = (name: StackName, evidence: string, versionRange?: string): StackFingerprint => ({ name, evidence: [evidence], ...(versionRange ? { versionRange } : {}) });

  it('returns whichever side exists', () => {
    const only = stack('python-sdk', 'x', '<2');
    expect(mergeStacks(only, undefined)).toBe(only);
    expect(mergeStacks(undefined, only)).toBe(only);
    expect(mergeStacks(undefined, undefined)).toBeUndefined();
  });

  it.each<[StackName, StackName]>([
    ['python', 'node'],
    ['python', 'typescript-sdk'],
    ['python-sdk', 'node'],
    ['python-sdk', 'typescript-sdk'],
    ['fastmcp', 'node'],
    ['fastmcp', 'typescript-sdk'],
    ['node', 'python'],
    ['node', 'python-sdk'],
    ['node', 'fastmcp'],
    ['typescript-sdk', 'python'],
    ['typescript-sdk', 'python-sdk'],
    ['typescript-sdk', 'fastmcp'],
  ])('a %s source and a %s wire: the wire wins as it is', (source, wire) => {
    const seen = stack(wire, 'wire', '<9');
    expect(mergeStacks(stack(source, 'src', '>=1'), seen)).toBe(seen);
  });

  it.each<[StackName, StackName, StackName]>([
    ['python', 'python', 'python'],
    ['python', 'python-sdk', 'python-sdk'],
    ['python', 'fastmcp', 'fastmcp'],
    ['python-sdk', 'python', 'python-sdk'],
    ['python-sdk', 'python-sdk', 'python-sdk'],
    ['python-sdk', 'fastmcp', 'python-sdk'],
    ['fastmcp', 'python', 'fastmcp'],
    ['fastmcp', 'python-sdk', 'fastmcp'],
    ['node', 'node', 'node'],
    ['node', 'typescript-sdk', 'typescript-sdk'],
    ['typescript-sdk', 'node', 'typescript-sdk'],
    ['typescript-sdk', 'typescript-sdk', 'typescript-sdk'],
  ])('a %s source and a %s wire of one family are %s, with both evidences', (source, wire, name) => {
    expect(mergeStacks(stack(source, 'src'), stack(wire, 'wire'))).toStrictEqual({ name, evidence: ['src', 'wire'] });
  });

  it('shows evidence both sides share once', () => {
    expect(mergeStacks({ name: 'python-sdk', evidence: ['a', 'b'] }, { name: 'python-sdk', evidence: ['b', 'c'] })).toStrictEqual({ name: 'python-sdk', evidence: ['a', 'b', 'c'] });
  });

  it.each<[string, StackFingerprint, StackFingerprint, StackFingerprint]>([
    ['the source’s range wins for the same library', stack('python-sdk', 'src', '<2'), stack('python-sdk', 'wire', '>=1.26'), { name: 'python-sdk', versionRange: '<2', evidence: ['src', 'wire'] }],
    ['the wire’s range when the source has none', stack('python-sdk', 'src'), stack('python-sdk', 'wire', '>=2'), { name: 'python-sdk', versionRange: '>=2', evidence: ['src', 'wire'] }],
    ['the wire’s range when the wire names the library', stack('python', 'src', '>=3'), stack('python-sdk', 'wire', '<2'), { name: 'python-sdk', versionRange: '<2', evidence: ['src', 'wire'] }],
    ['the source’s range when the wire is generic', stack('fastmcp', 'src', '>=3'), stack('python', 'wire'), { name: 'fastmcp', versionRange: '>=3', evidence: ['src', 'wire'] }],
    ['no range of another library', stack('fastmcp', 'src'), stack('python-sdk', 'wire', '<2'), { name: 'fastmcp', evidence: ['src', 'wire'] }],
    ['no range when neither has one', stack('typescript-sdk', 'src'), stack('node', 'wire'), { name: 'typescript-sdk', evidence: ['src', 'wire'] }],
  ])('%s', (_name, source, wire, expected) => {
    expect(mergeStacks(source, wire)).toStrictEqual(expected);
  });
});
