import { describe, expect, it } from 'vitest';
import { mapAuthorizerAnswer } from '../../../src/checks/auth/authorizer-answer.js';
import type { HttpExchange, TokenObservation } from '../../../src/model/observations.js';
import { decodeTokenUnverified } from '../../../src/probes/token.js';
import { exchange } from '../../helpers/check-tester.js';

/**
 * Pins `mapAuthorizerAnswer`: only a 401 or 403 is read, a claim mismatch is mapped by the claim it
 * names (`scope` and Okta's `scp` alike, anything unknown is a custom claim), a `client_id` mismatch
 * is refined by a decoded token only when it has claims, and an answer naming no claim maps to nothing.
 */
describe('mapAuthorizerAnswer', () => {
  const answer = (status: number, message: string): HttpExchange =>
    exchange({ status, headers: { 'content-type': 'application/json' }, bodyExcerpt: JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message } }) });
  const code = (init: HttpExchange, token?: TokenObservation) => mapAuthorizerAnswer(init, token)?.code;

  it.each<[string, HttpExchange, string | undefined]>([
    ['a 400 in the authorizer\'s words', answer(400, 'Missing Authentication Token'), undefined],
    ['a 401 missing token', answer(401, 'Missing Authentication Token'), 'TOKEN_MISSING'],
    ['a 403 missing token', answer(403, 'Missing Authentication Token'), 'TOKEN_MISSING'],
    ['a 401 naming no reason', answer(401, 'Unauthorized'), undefined],
    ["Claim 'scope'", answer(401, "Claim 'scope' value mismatch with configuration."), 'SCOPE_NOT_ALLOWED'],
    ["Claim 'scp'", answer(401, "Claim 'scp' value mismatch with configuration."), 'SCOPE_NOT_ALLOWED'],
    ["Claim 'aud'", answer(401, "Claim 'aud' value mismatch with configuration."), 'AUDIENCE_MISMATCH'],
    ["Claim 'iss'", answer(401, "Claim 'iss' value mismatch with configuration."), 'TOKEN_ISSUER_MISMATCH'],
    ["Claim 'department'", answer(401, "Claim 'department' value mismatch with configuration."), 'CUSTOM_CLAIM_MISMATCH'],
  ])('%s', (_name, init, expected) => {
    expect(code(init)).toBe(expected);
  });

  it.each<[string, TokenObservation | undefined, string]>([
    ['no token observation', undefined, 'CLIENT_NOT_ALLOWED'],
    ['an opaque token without claims', decodeTokenUnverified('opaque-access-token-0123456789'), 'CLIENT_NOT_ALLOWED'],
    ['a token with token_use id', { present: true, claims: { token_use: 'id', names: ['token_use'], values: { token_use: 'id' } } }, 'ID_TOKEN_USED'],
  ])("Claim 'client_id' with %s", (_name, token, expected) => {
    expect(code(answer(401, "Claim 'client_id' value mismatch with configuration."), token)).toBe(expected);
  });
});
