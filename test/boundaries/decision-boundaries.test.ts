import { describe, expect, it } from 'vitest';
import { predictAuthorizer } from '../../src/checks/auth/predict-authorizer.js';
import { stateless } from '../../src/checks/session/stateless.js';
import type { TokenObservation } from '../../src/model/observations.js';
import { evidenceOf } from '../../src/checks/evidence.js';
import { SseBufferExceededError, SseParser } from '../../src/probes/sse.js';
import { Redactor, REDACTED } from '../../src/security/redact.js';
import { capText, MAX_WRITER_TEXT } from '../../src/security/sanitize-text.js';
import { looksLikeArn, parseRuntimeArn } from '../../src/targets/arn.js';
import { exchange, initOk, makeContext, runCheck } from '../helpers/check-tester.js';

/**
 * Decision boundaries that mutation testing found unguarded: anchors, caps, exemptions and keys
 * that must be absent (not merely undefined). Each test states the behaviour a mutant would break.
 */

const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/srv-AbCdEf1234';

describe('runtime ARN boundaries', () => {
  it.each([
    ['a 13-digit account', ARN.replace('123456789012', '1234567890123'), 'the account "1234567890123" in the ARN must be 12 digits'],
    ['an 11-digit account', ARN.replace('123456789012', '12345678901'), 'the account "12345678901" in the ARN must be 12 digits'],
    ['letters in the account', ARN.replace('123456789012', '12345678901a'), 'the account "12345678901a" in the ARN must be 12 digits'],
  ])('refuses %s', (_name, arn, message) => {
    expect(() => parseRuntimeArn(arn)).toThrow(message);
  });

  it('names the region a typo most likely meant', () => {
    expect(() => parseRuntimeArn(ARN.replace('us-east-1', 'useast1'))).toThrow('"useast1" is not an AWS region (did you mean us-east-1?); fix the ARN');
    expect(() => parseRuntimeArn(ARN.replace('us-east-1', 'US_EAST_1'))).toThrow('(did you mean us-east-1?)');
    expect(() => parseRuntimeArn(ARN.replace('us-east-1', 'mars-north-9'))).toThrow(/^"mars-north-9" is not an AWS region; fix the ARN$/);
  });

  it.each([
    [ARN, true],
    ['  arn:aws:bedrock-agentcore:…', true],
    ['ARN:aws:x', true],
    ['https://example.com/?q=arn:aws:bedrock-agentcore:us-east-1:1:runtime/x', false],
    ['xarn:aws', false],
    ['my-arn:thing', false],
  ])('looksLikeArn(%j) is %s', (input, expected) => {
    expect(looksLikeArn(input)).toBe(expected);
  });
});

describe('SSE event shape', () => {
  it('leaves `id` and `retry` out of an event that set neither', () => {
    const parser = new SseParser();
    expect(parser.feed('data: x\n\n')).toStrictEqual([{ event: 'message', data: 'x' }]);
  });

  it('keeps an id for later events and drops a retry after its event', () => {
    const parser = new SseParser();
    expect(parser.feed('id: 7\nretry: 10\ndata: a\n\ndata: b\n\n')).toStrictEqual([
      { event: 'message', data: 'a', id: '7', retry: 10 },
      { event: 'message', data: 'b', id: '7' },
    ]);
  });
});

describe('redaction of pieces and forms', () => {
  const secret = 'tok_9f8e7d6c5b4a39281706f5e4';

  it('redacts a 12-character piece of a secret cut short by a server', () => {
    const redactor = new Redactor();
    redactor.addSecret(secret);
    const piece = secret.slice(5, 17);
    expect(redactor.redact(`echo: ${piece} end`)).toBe(`echo: ${REDACTED} end`);
  });

  it('leaves an 11-character piece, which could be anything, alone', () => {
    const redactor = new Redactor();
    redactor.addSecret(secret);
    const piece = secret.slice(5, 16);
    expect(redactor.redact(`echo: ${piece} end`)).toBe(`echo: ${piece} end`);
  });

  it('redacts the secret as an HTML form value and as base64', () => {
    const redactor = new Redactor();
    const spaced = 'p@ss word+with/slashes=1';
    redactor.addSecret(spaced);
    const form = new URLSearchParams({ s: spaced }).toString().slice(2);
    expect(form).toContain('+');
    expect(redactor.redact(`body=${form}`)).toBe(`body=${REDACTED}`);
    expect(redactor.redact(Buffer.from(spaced).toString('base64'))).not.toContain(Buffer.from(spaced).toString('base64').slice(0, 12));
  });
});

describe('capText', () => {
  it('keeps text at the cap whole and cuts text past it, saying how much', () => {
    expect(capText('a'.repeat(MAX_WRITER_TEXT))).toBe('a'.repeat(MAX_WRITER_TEXT));
    expect(capText('a'.repeat(MAX_WRITER_TEXT + 5))).toBe(`${'a'.repeat(MAX_WRITER_TEXT)}… [5 characters cut]`);
    expect(MAX_WRITER_TEXT).toBe(64 * 1024);
  });

  it('never ends on half a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀${'b'.repeat(10)}`;
    // The cap falls between the two halves of the emoji: the cut moves before it.
    expect(capText(text, 10)).toBe(`${'a'.repeat(9)}… [12 characters cut]`);
    expect(capText(text, 11)).toBe(`${'a'.repeat(9)}😀… [10 characters cut]`);
  });
});

describe('the stateless check on AgentCore', () => {
  it('ignores the Mcp-Session-Id AgentCore puts on every response', () => {
    const init = initOk();
    init.headers['mcp-session-id'] = 'b0c1d2e3-f4a5-4b6c-8d7e-9f0a1b2c3d4e';
    const served = (label: string) => exchange({ label, headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}' });
    const observations = { init, 'no-session': served('POST tools/list (no Mcp-Session-Id)'), 'foreign-session': served('POST tools/list (foreign Mcp-Session-Id)') };
    const arnTarget = { input: ARN, url: 'https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/x/invocations?qualifier=DEFAULT', origin: 'https://bedrock-agentcore.us-east-1.amazonaws.com', kind: 'agentcore-runtime' as const, isLoopback: false };
    expect(runCheck(stateless, observations, makeContext({ target: arnTarget, profile: 'agentcore' })).findings).toEqual([]);
    // The same answers from a URL target mean the server itself issued the id, and does not require it.
    expect(runCheck(stateless, observations, makeContext()).findings.map((f) => f.code)).toEqual(['SESSION_OPTIONAL']);
  });
});

describe('evidence', () => {
  it('shows the request headers that were sent', () => {
    const evidence = evidenceOf(exchange({ method: 'POST', url: 'http://127.0.0.1:8000/mcp', requestHeaders: { accept: 'application/json', 'mcp-protocol-version': '2025-11-25' } }));
    expect(evidence.request).toBe('POST http://127.0.0.1:8000/mcp (accept: application/json; mcp-protocol-version: 2025-11-25)');
  });

  it('shows a request without headers as the bare line', () => {
    expect(evidenceOf(exchange({ method: 'GET', url: 'http://h/mcp', requestHeaders: {} })).request).toBe('GET http://h/mcp');
  });
});

describe('SSE buffer cap', () => {
  it('counts the partial line and the buffered data together', () => {
    const parser = new SseParser(20);
    // 10 characters of data buffered, then an 11-character partial line: 21 together.
    expect(parser.feed('data: 123456789\n')).toStrictEqual([]);
    expect(() => parser.feed('data: 12345')).toThrow(SseBufferExceededError);
  });

  it('accepts a partial line and data that together stay within the cap', () => {
    const parser = new SseParser(20);
    expect(parser.feed('data: 123456789\n')).toStrictEqual([]);
    expect(parser.feed('data: 123')).toStrictEqual([]);
    expect(parser.hasPendingEvent).toBe(true);
  });
});

describe('custom claim rules on a value the decoder cut short', () => {
  const rule = { inboundTokenClaimName: 'tenant', inboundTokenClaimValueType: 'STRING', authorizingClaimMatchValue: { claimMatchOperator: 'EQUALS', claimMatchValue: { matchValueString: 'acme' } } };
  const authorizer = { kind: 'jwt' as const, discoveryUrl: 'https://issuer/.well-known/openid-configuration', customClaims: [rule] };
  const tokenWith = (tenant: string, truncated: string[]): TokenObservation => ({
    present: true,
    header: { alg: 'RS256', kid: 'k1', typ: 'JWT' },
    claims: { iss: 'https://issuer', token_use: 'access', client_id: 'c', exp: 2_000_000_000, names: ['iss', 'tenant'], values: { tenant }, truncated },
  });

  it('downgrades a mismatch on a cut value to an uncertain warning', () => {
    const [problem] = predictAuthorizer(tokenWith('acm', ['tenant']), authorizer, { now: 1_900_000_000 });
    expect(problem).toMatchObject({ code: 'CUSTOM_CLAIM_MISMATCH', severity: 'warning' });
    expect(problem?.detail).toContain('cannot be judged (the value is longer than the decoder keeps)');
  });

  it('keeps a mismatch on a whole value an error', () => {
    const [problem] = predictAuthorizer(tokenWith('acm', []), authorizer, { now: 1_900_000_000 });
    expect(problem?.code).toBe('CUSTOM_CLAIM_MISMATCH');
    expect(problem?.severity).toBeUndefined();
    expect(problem?.detail).toContain('does not match');
  });

  it('accepts a cut value that matches', () => {
    expect(predictAuthorizer(tokenWith('acme', ['tenant']), authorizer, { now: 1_900_000_000 })).toEqual([]);
  });
});
