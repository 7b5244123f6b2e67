import { describe, expect, it } from 'vitest';
import { renderAdvice } from '../../src/catalog/stacks.js';
import { catalog } from '../../src/catalog/catalog.js';
import { FINDING_CODES } from '../../src/catalog/codes.js';
import { codesForStatus, explainExitCode, resolveExplainQuery, suggestCodes, type ExplainResult } from '../../src/catalog/explain-query.js';
import { renderCodeMarkdown, renderExplain } from '../../src/report/explain.js';

function textCodes(result: ExplainResult): string[] {
  expect(result.kind).toBe('text');
  return result.kind === 'text' ? result.codes : [];
}

describe('resolveExplainQuery', () => {
  it.each(['HOST_HEADER_REJECTED', 'host_header_rejected', 'host-header-rejected', '  Host-Header-Rejected  ', 'host header rejected'])('reads %j as a code', (query) => {
    expect(resolveExplainQuery(query)).toEqual({ kind: 'code', code: 'HOST_HEADER_REJECTED' });
  });

  it('lists the codes an HTTP status can come from', () => {
    const r406 = resolveExplainQuery('406');
    expect(r406.kind).toBe('status');
    expect(r406.kind === 'status' ? r406.codes : []).toEqual(expect.arrayContaining(['ACCEPT_HEADER_REQUIRED', 'ACCEPT_NEGOTIATION_BROKEN']));
    expect(resolveExplainQuery('421')).toEqual({ kind: 'status', status: 421, codes: ['HOST_HEADER_REJECTED'] });
    expect(resolveExplainQuery('418')).toEqual({ kind: 'status', status: 418, codes: [] });
  });

  it.each([
    ['Not Acceptable: Client must accept both application/json and text/event-stream', 'ACCEPT_HEADER_REQUIRED'],
    ['Invalid Host header', 'HOST_HEADER_REJECTED'],
    ['{"jsonrpc":"2.0","error":{"code":-32000,"message":"Invalid Host: evil.example"},"id":null}', 'HOST_HEADER_REJECTED'],
    ['Access is only allowed at localhost:8000, 127.0.0.1:8000, [::1]:8000', 'HOST_HEADER_REJECTED'],
    ['Invalid Origin header', 'ORIGIN_REJECTED'],
    ['Forbidden Origin', 'ORIGIN_REJECTED'],
    ['{"jsonrpc":"2.0","error":{"code":-32000,"message":"Invalid Origin header: https://app.example"},"id":null}', 'ORIGIN_REJECTED'],
    ['Bad Request: Missing session ID', 'SERVER_STATEFUL'],
    ['Bad Request: Mcp-Session-Id header is required', 'SERVER_STATEFUL'],
    ['Invalid Content-Type header', 'CONTENT_TYPE_REJECTED'],
    ['Unsupported Media Type: Content-Type must be application/json', 'CONTENT_TYPE_REJECTED'],
    ['connect ECONNREFUSED 127.0.0.1:8000', 'CONNECTION_REFUSED'],
    ['<html><head><title>502 Bad Gateway</title></head></html>', 'GATEWAY_ERROR'],
    ['{"message":"Missing Authentication Token"}', 'AUTH_REQUIRED'],
  ])('ranks %j first as %s', (query, code) => {
    expect(textCodes(resolveExplainQuery(query))[0]).toBe(code);
  });

  it('names the runtime status AgentCore wrapped', () => {
    const result = resolveExplainQuery('MCP error -32010: Received error (421) from runtime');
    expect(result).toMatchObject({ kind: 'text', wrappedStatus: 421 });
    expect(textCodes(result)[0]).toBe('HOST_HEADER_REJECTED');
    const bare = resolveExplainQuery('Received error (421) from runtime');
    // Any wrapped status can also be a plain container error: it is offered last.
    expect(bare).toEqual({ kind: 'text', codes: ['HOST_HEADER_REJECTED', 'CONTAINER_ERROR'], wrappedStatus: 421 });
  });

  it('adds the codes of a wrapped status that no pattern matched', () => {
    const result = resolveExplainQuery('Received error (404) from runtime');
    expect(result).toMatchObject({ kind: 'text', wrappedStatus: 404 });
    expect(textCodes(result)).toEqual(expect.arrayContaining(['FOREIGN_SESSION_ID_REJECTED', 'WRONG_PATH']));
  });

  it('answers unknown with suggestions only for what was typed as a code', () => {
    expect(resolveExplainQuery('frobnicate')).toEqual({ kind: 'unknown', suggestions: [] });
    expect(resolveExplainQuery('some random text')).toEqual({ kind: 'unknown', suggestions: [] });
    expect(resolveExplainQuery('ZZZZZZZZZZ_QQQQQQQQ')).toEqual({ kind: 'unknown', suggestions: [] });
    expect(resolveExplainQuery('HOST_HEADR_REJECTED')).toMatchObject({ kind: 'unknown', suggestions: expect.arrayContaining(['HOST_HEADER_REJECTED']) });
    expect(suggestCodes('SERVER_STATEFULL')[0]).toBe('SERVER_STATEFUL');
  });

  it.each([
    ['SERVER_STATEFUL', 0],
    ['406', 0],
    ['Invalid Host header', 0],
    ['999', 1],
    ['some random text', 1],
    ['HOST_HEADR_REJECTED', 1],
  ] as const)('explainExitCode(%j) is %i', (query, code) => {
    expect(explainExitCode(resolveExplainQuery(query))).toBe(code);
  });

  it('codesForStatus agrees with the catalog', () => {
    for (const code of FINDING_CODES) for (const status of catalog[code].statuses as readonly number[]) expect(codesForStatus(status)).toContain(code);
  });
});

describe('renderCodeMarkdown', () => {
  it.each(FINDING_CODES.map((code) => [code]))('%s has the mandated headings in order', (code) => {
    const markdown = renderCodeMarkdown(code);
    expect(markdown.startsWith(`# ${code}: ${catalog[code].title}\n`)).toBe(true);
    const at = ['## What it means', '## Common causes', '## How to fix'].map((h) => markdown.indexOf(`\n${h}\n`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const cause of catalog[code].causes) expect(markdown).toContain(`- ${renderAdvice(cause)}`);
    // `sessionIdGenerator: undefined` is real advice, so only a stringified object counts.
    expect(markdown).not.toContain('[object Object]');
  });

  it('states profile-dependent severity', () => {
    expect(renderCodeMarkdown('SERVER_STATEFUL')).toContain('Default severity: **info (error under the `agentcore` profile)**');
  });
});

describe('renderExplain', () => {
  it('leads with the most likely code and lists the others', () => {
    const out = renderExplain(resolveExplainQuery('Not Acceptable: Client must accept both application/json and text/event-stream'));
    expect(out.startsWith('Most likely: ACCEPT_HEADER_REQUIRED\n')).toBe(true);
    expect(out).toContain('Also possible:');
    expect(out).toContain('ACCEPT_NEGOTIATION_BROKEN');
  });

  it('explains an AgentCore-wrapped status', () => {
    expect(renderExplain(resolveExplainQuery('Received error (421) from runtime'))).toMatch(/^AgentCore wrapped a container response: your MCP server answered HTTP 421/);
  });

  it('renders statuses, unknown input and unmatched statuses', () => {
    expect(renderExplain(resolveExplainQuery('421'))).toMatch(/^HTTP 421 can come from:\n\n {2}HOST_HEADER_REJECTED {2}/);
    expect(renderExplain(resolveExplainQuery('418'))).toBe('No known root cause produces HTTP 418.\n');
    expect(renderExplain(resolveExplainQuery('HOST_HEADR_REJECTED'))).toMatch(/^Unknown code\. Did you mean: HOST_HEADER_REJECTED/);
    expect(renderExplain(resolveExplainQuery('some random text'))).toMatch(/^No code matches that\./);
  });
});
