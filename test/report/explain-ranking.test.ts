import { describe, expect, it } from 'vitest';
import { KNOWN_MESSAGES } from '../../src/catalog/known-messages.js';
import { codesForStatus, explainExitCode, resolveExplainQuery, suggestCodes } from '../../src/catalog/explain-query.js';
import type { ExplainResult } from '../../src/catalog/explain-query.js';

/**
 * Pins how `explain` decides between readings of a query. Every ranking query here is built so
 * that catalog order and the right answer differ: a ranking that fell back to catalog order, or
 * to match length alone, would put another code first.
 */
describe('explain: what the query is read as', () => {
  it.each([
    ['host  header rejected'],
    ['host--header--rejected'],
    ['host - header - rejected'],
    ['host\t header\t-rejected'],
  ])('collapses each run of spaces and hyphens in %j into one underscore', (query) => {
    expect(resolveExplainQuery(query)).toStrictEqual({ kind: 'code', code: 'HOST_HEADER_REJECTED' });
  });

  it.each([['404'], [' 404 '], ['\t404\n']])('reads %j (three digits once trimmed) as a status', (query) => {
    expect(resolveExplainQuery(query)).toStrictEqual({ kind: 'status', status: 404, codes: codesForStatus(404) });
  });

  // `^\d{3}$`: a fourth digit, a trailing or a leading character each make it no status.
  it.each([['4041'], [' 404x'], ['x404'], ['40']])('does not read %j as a status', (query) => {
    expect(resolveExplainQuery(query)).toStrictEqual({ kind: 'unknown', suggestions: [] });
  });
});

describe('explain: known messages', () => {
  const known = (text: string) => {
    const entry = KNOWN_MESSAGES.find((m) => m.pattern.test(text));
    expect(entry).toBeDefined();
    return entry?.explanation;
  };

  it('explains a benign message and names the codes to read next', () => {
    const text = 'Method Not Allowed: Session termination not supported';
    expect(resolveExplainQuery(text)).toStrictEqual({ kind: 'message', explanation: known(text), benign: true, related: ['NOT_STREAMABLE_HTTP'] });
  });

  it('answers an empty list when a benign message names no related code', () => {
    const text = 'Session termination failed: 404';
    expect(resolveExplainQuery(text)).toStrictEqual({ kind: 'message', explanation: known(text), benign: true, related: [] });
  });

  it('marks a message that is no normal behaviour as not benign', () => {
    const text = 'Request body too large';
    expect(resolveExplainQuery(text)).toStrictEqual({ kind: 'message', explanation: known(text), benign: false, related: ['GATEWAY_ERROR'] });
  });

  it('matches known messages before the catalog patterns', () => {
    // `Method Not Allowed` alone is a broad pattern of NOT_STREAMABLE_HTTP.
    expect(resolveExplainQuery('Method Not Allowed')).toStrictEqual({ kind: 'text', codes: ['NOT_STREAMABLE_HTTP'] });
    expect(resolveExplainQuery('Method Not Allowed: Session termination not supported').kind).toBe('message');
  });
});

describe('explain: ranking of pasted text', () => {
  it.each([
    // AUTH_REQUIRED (earlier in the catalog) matches 12 characters broadly; THROTTLED matches 6 narrowly.
    ['Unauthorized maxVms', ['THROTTLED', 'AUTH_REQUIRED']],
    // Both narrow: SERVER_ERROR matches 21 characters, CONNECTION_REFUSED (earlier) 12.
    ['connect ECONNREFUSED; Internal Server Error', ['SERVER_ERROR', 'CONNECTION_REFUSED']],
    // Both broad: CUSTOM_CLAIM_MISMATCH matches 26 characters, REQUEST_TIMEOUT (earlier) 9.
    ["timed out: Claim 'tenant' value mismatch", ['CUSTOM_CLAIM_MISMATCH', 'REQUEST_TIMEOUT']],
    // Equal narrow matches keep catalog order; the broad catch-all comes after both.
    ["Claim 'client_id' value mismatch", ['ID_TOKEN_USED', 'CLIENT_NOT_ALLOWED', 'CUSTOM_CLAIM_MISMATCH']],
  ] as const)('ranks %j as %j', (query, codes) => {
    expect(resolveExplainQuery(query)).toStrictEqual({ kind: 'text', codes: [...codes] });
  });

  it.each([
    ['ECONNREFUSED ENOTFOUND ETIMEDOUT Bad Gateway', ['CONNECTION_REFUSED', 'GATEWAY_ERROR', 'DNS_LOOKUP_FAILED', 'REQUEST_TIMEOUT']],
    ['ECONNREFUSED ENOTFOUND ETIMEDOUT Bad Gateway Internal Server Error', ['SERVER_ERROR', 'CONNECTION_REFUSED', 'GATEWAY_ERROR', 'DNS_LOOKUP_FAILED', 'REQUEST_TIMEOUT']],
    // Six codes match: the cap keeps the five best ranked and drops the broad AUTH_REQUIRED, though it comes early in the catalog.
    ['Unauthorized ENOTFOUND ETIMEDOUT Bad Gateway Internal Server Error maxVms', ['SERVER_ERROR', 'GATEWAY_ERROR', 'DNS_LOOKUP_FAILED', 'REQUEST_TIMEOUT', 'THROTTLED']],
  ] as const)('lists at most five codes: %j', (query, codes) => {
    expect(resolveExplainQuery(query)).toStrictEqual({ kind: 'text', codes: [...codes] });
  });
});

describe('explain: a runtime status AgentCore wrapped in -32010', () => {
  it('adds the status codes and CONTAINER_ERROR only where no pattern already named them', () => {
    // HOST_HEADER_REJECTED (the one 421 code) and CONTAINER_ERROR (`-32010`) both matched a pattern already.
    expect(resolveExplainQuery('MCP error -32010: Received error (421) from runtime')).toStrictEqual({
      kind: 'text',
      codes: ['HOST_HEADER_REJECTED', 'MCP_SESSION_FAILED', 'CONTAINER_ERROR'],
      wrappedStatus: 421,
    });
  });

  it('appends the remaining codes of the status in catalog order, then CONTAINER_ERROR', () => {
    const rest = codesForStatus(404).filter((code) => code !== 'FOREIGN_SESSION_ID_REJECTED');
    expect(rest).toHaveLength(codesForStatus(404).length - 1);
    expect(resolveExplainQuery('Received error (404) from runtime')).toStrictEqual({
      kind: 'text',
      codes: ['FOREIGN_SESSION_ID_REJECTED', ...rest, 'CONTAINER_ERROR'],
      wrappedStatus: 404,
    });
  });

  it('offers CONTAINER_ERROR alone for a status no code lists', () => {
    expect(codesForStatus(418)).toStrictEqual([]);
    expect(resolveExplainQuery('Received error (418) from runtime')).toStrictEqual({ kind: 'text', codes: ['CONTAINER_ERROR'], wrappedStatus: 418 });
  });
});

/**
 * Suggestions: the three codes nearest by edit distance, less 3 per shared word of three or more
 * letters, kept when their plain edit distance is at most max(4, floor(length / 3)).
 */
describe('explain: suggestions for a mistyped code', () => {
  it.each([
    // length 5, threshold 4: distance 4 is kept, distance 5 is not.
    ['THROT', ['THROTTLED']],
    ['THRO', []],
    // length 19, threshold 6: distance 6 is kept; length 18, threshold 6: distance 7 is not.
    ['ACCEPT_NEGOTIATION_', ['ACCEPT_NEGOTIATION_BROKEN']],
    ['ACCEPT_NEGOTIATION', []],
    // One substitution and one deletion away.
    ['TOKEN_EXPIRD', ['TOKEN_EXPIRED', 'TOKEN_EXPIRING']],
    ['TOKEN_EXPIRE', ['TOKEN_EXPIRED', 'TOKEN_EXPIRING']],
  ] as const)('suggests for %j: %j', (query, suggestions) => {
    expect(resolveExplainQuery(query)).toStrictEqual({ kind: 'unknown', suggestions: [...suggestions] });
  });

  it('lets a shared word of three letters or more break a distance tie', () => {
    // Both at distance 2 from TOKEN_EXPIRI; only TOKEN_EXPIRING contains the word EXPIRI.
    expect(suggestCodes('TOKEN_EXPIRI')).toStrictEqual(['TOKEN_EXPIRING', 'TOKEN_EXPIRED', 'TOKEN_MISSING']);
  });

  it('gives no bonus for a word of two letters', () => {
    // `IN` occurs in ORIGIN_REJECTED; counted as a word it would lift it above SIGV4_REJECTED.
    expect(suggestCodes('IN_REJECTED')).toStrictEqual(['SIGV4_REJECTED', 'ORIGIN_REJECTED', 'TOKEN_REFLECTED']);
    expect(resolveExplainQuery('IN_REJECTED')).toStrictEqual({ kind: 'unknown', suggestions: ['SIGV4_REJECTED', 'ORIGIN_REJECTED'] });
  });

  it('returns exactly three candidates', () => {
    expect(suggestCodes('TOKEN_EXPIRE')).toStrictEqual(['TOKEN_EXPIRED', 'TOKEN_EXPIRING', 'TOKEN_MISSING']);
  });

  it.each([['token expird'], ['Token_expird!'], ['tokenexpird']])('suggests nothing for %j, which is not typed as a code', (query) => {
    expect(resolveExplainQuery(query)).toStrictEqual({ kind: 'unknown', suggestions: [] });
  });
});

describe('explainExitCode', () => {
  it.each([
    [{ kind: 'code', code: 'SERVER_STATEFUL' }, 0],
    [{ kind: 'status', status: 421, codes: ['HOST_HEADER_REJECTED'] }, 0],
    [{ kind: 'status', status: 418, codes: [] }, 1],
    [{ kind: 'text', codes: ['SERVER_ERROR'] }, 0],
    [{ kind: 'text', codes: ['CONTAINER_ERROR'], wrappedStatus: 418 }, 0],
    // No query produces an empty text result; the exit code still says nothing matched.
    [{ kind: 'text', codes: [] }, 1],
    [{ kind: 'message', explanation: 'x', benign: true, related: [] }, 0],
    [{ kind: 'message', explanation: 'x', benign: false, related: ['GATEWAY_ERROR'] }, 0],
    [{ kind: 'unknown', suggestions: [] }, 1],
    [{ kind: 'unknown', suggestions: ['THROTTLED'] }, 1],
  ] as [ExplainResult, 0 | 1][])('%j exits %i', (result, code) => {
    expect(explainExitCode(result)).toBe(code);
  });
});
