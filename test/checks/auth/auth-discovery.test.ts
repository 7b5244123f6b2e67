import { describe, expect, it } from 'vitest';
import { authDiscovery } from '../../../src/checks/auth/auth-discovery.js';
import type { AuthDiscoveryObservation } from '../../../src/model/observations.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

/**
 * The authorizer's discovery document and JWKS, fetched without credentials (agentcore-contract
 * §4.2, §9): AgentCore verifies every token with them, so an unusable one rejects every token.
 */

const ISSUER = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34E';
const DISCOVERY_URL = `${ISSUER}/.well-known/openid-configuration`;
const TYPO_URL = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34X/.well-known/openid-configuration';

function discovery(partial: Partial<AuthDiscoveryObservation> = {}): AuthDiscoveryObservation {
  return { url: DISCOVERY_URL, source: 'authorizer', outcome: 'ok', status: 200, issuer: ISSUER, calls: 2, ...partial };
}

testCheck(authDiscovery, {
  valid: [
    { name: 'the document and JWKS are usable', observations: { discovery: discovery({ signature: 'verified' }) } },
    { name: 'the document is usable without a token to verify', observations: { discovery: discovery() } },
    {
      name: "a token whose signature fails is the token's problem, not the document's (token-vs-authorizer reports it)",
      observations: { discovery: discovery({ signature: 'unknown-kid', signatureProblem: 'no key with kid k9 in the JWKS' }) },
    },
    { name: 'a --discovery-url given on the command line', observations: { discovery: discovery({ source: 'flag', url: 'https://login.example.com/.well-known/openid-configuration', issuer: 'https://login.example.com' }) } },
  ],
  invalid: [
    {
      name: 'connection refused',
      observations: { discovery: discovery({ outcome: 'unreachable', status: undefined, issuer: undefined, calls: 1, problem: 'network (ECONNREFUSED): connect ECONNREFUSED 10.0.0.7:443' }) },
      codes: ['DISCOVERY_UNREACHABLE'],
      severities: ['error'],
      args: { url: DISCOVERY_URL, detail: 'network (ECONNREFUSED): connect ECONNREFUSED 10.0.0.7:443' },
      message: /^https:\/\/cognito-idp\.us-west-2\.amazonaws\.com\/us-west-2_Ab12Cd34E\/\.well-known\/openid-configuration could not be fetched: "network \(ECONNREFUSED\): connect ECONNREFUSED 10\.0\.0\.7:443"\.$/,
    },
    {
      name: 'no answer within the deadline',
      observations: { discovery: discovery({ outcome: 'unreachable', status: undefined, issuer: undefined, calls: 1, problem: 'no complete answer within 10000 ms' }) },
      codes: ['DISCOVERY_UNREACHABLE'],
      message: /could not be fetched: "no complete answer within 10000 ms"\.$/,
    },
    {
      name: 'a URL the doctor refuses to fetch (link-local metadata address)',
      observations: {
        discovery: discovery({ url: 'http://169.254.169.254/latest/.well-known/openid-configuration', source: 'flag', outcome: 'refused-url', status: undefined, issuer: undefined, calls: 0, problem: '169.254.169.254 is a link-local address' }),
      },
      codes: ['DISCOVERY_UNREACHABLE'],
      args: { url: 'http://169.254.169.254/latest/.well-known/openid-configuration', detail: '169.254.169.254 is a link-local address' },
    },
    {
      name: 'a refused URL without a stated reason',
      observations: { discovery: discovery({ outcome: 'refused-url', status: undefined, issuer: undefined, calls: 0 }) },
      codes: ['DISCOVERY_UNREACHABLE'],
      message: /^https:\/\/\S+openid-configuration could not be fetched\.$/,
    },
    {
      name: 'a typo in the pool id: Cognito answers 400 with a JSON error',
      observations: { discovery: discovery({ url: TYPO_URL, outcome: 'invalid', status: 400, issuer: undefined, calls: 1, problem: 'HTTP 400 (application/json)' }) },
      codes: ['DISCOVERY_INVALID'],
      severities: ['error'],
      args: { url: TYPO_URL },
      message: /us-west-2_Ab12Cd34X\/\.well-known\/openid-configuration is not usable: "HTTP 400 \(application\/json\)"\.$/,
    },
    {
      name: 'a document without jwks_uri',
      observations: { discovery: discovery({ outcome: 'invalid', problem: 'the document has no jwks_uri string' }) },
      codes: ['DISCOVERY_INVALID'],
      args: { detail: 'the document has no jwks_uri string' },
    },
    {
      name: 'a JWKS without usable keys',
      observations: { discovery: discovery({ outcome: 'invalid', problem: 'JWKS: the key set has no usable keys' }) },
      codes: ['DISCOVERY_INVALID'],
    },
    {
      name: 'a JWKS that cannot be fetched',
      observations: { discovery: discovery({ outcome: 'unreachable', problem: 'JWKS: network (ENOTFOUND): getaddrinfo ENOTFOUND keys.example.com' }) },
      codes: ['DISCOVERY_UNREACHABLE'],
    },
  ],
});

describe('auth-discovery evidence', () => {
  it('names the credential-free request, the status and the problem', () => {
    const observation = discovery({ url: TYPO_URL, outcome: 'invalid', status: 400, issuer: undefined, problem: 'HTTP 400 (application/json)' });
    const { findings } = runCheck(authDiscovery, { discovery: observation }, makeContext());
    expect(findings[0]?.evidence).toEqual({ request: `GET ${TYPO_URL} (no credentials)`, status: 400, detail: 'HTTP 400 (application/json)' });
  });

  it('leaves status and detail out when there are none', () => {
    const { findings } = runCheck(authDiscovery, { discovery: discovery({ outcome: 'refused-url', status: undefined }) }, makeContext());
    expect(findings[0]?.evidence).toEqual({ request: `GET ${DISCOVERY_URL} (no credentials)` });
    expect(findings[0]?.args).toEqual({ url: DISCOVERY_URL });
  });
});

/** Pins that evidence carries no status key when the request got no status. */
describe('auth-discovery evidence without a status', () => {
  it('has only the request and the problem', () => {
    const observed = discovery({ outcome: 'unreachable', status: undefined, issuer: undefined, problem: 'getaddrinfo ENOTFOUND cognito-idp.us-west-2.amazonaws.com' });
    expect(runCheck(authDiscovery, { discovery: observed }, makeContext()).findings.map((f) => f.evidence)).toStrictEqual([
      { request: `GET ${DISCOVERY_URL} (no credentials)`, detail: 'getaddrinfo ENOTFOUND cognito-idp.us-west-2.amazonaws.com' },
    ]);
  });
});
