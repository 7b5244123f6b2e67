import { defineCheck, type FindingSpec } from '../../model/contracts.js';

/**
 * Interactive MCP clients register themselves with the authorization server (RFC 7591) before a
 * user can sign in; Cognito user pools offer no registration endpoint (agentcore-contract §9), so
 * such clients fail against an AgentCore runtime whose authorizer, or a server whose protected-
 * resource metadata, names a user pool. Pre-registered app clients are unaffected: an info note.
 */
export const interactiveClients = defineCheck({
  id: 'interactive-clients',
  title: 'Interactive clients can register with the authorization server',
  area: 'auth',
  needs: [],
  uses: ['control-plane', 'server-auth'],
  codes: ['DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED'],
  run({ 'control-plane': cp, 'server-auth': serverAuth }): FindingSpec | undefined {
    const authorizer = cp?.runtime?.authorizer;
    const fromAuthorizer = authorizer?.kind === 'jwt' && isCognitoIssuer(authorizer.discoveryUrl) ? authorizer.discoveryUrl : undefined;
    const fromMetadata = serverAuth?.prm?.authorizationServers?.find(isCognitoIssuer);
    const url = fromAuthorizer ?? fromMetadata;
    if (!url) return undefined;
    const where = fromAuthorizer ? `the runtime's customJWTAuthorizer discoveryUrl ${url}` : `authorization_servers of ${serverAuth?.prm?.url ?? 'the protected-resource metadata'}: ${url}`;
    return { code: 'DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED', args: { url: issuerOf(url) }, evidence: { detail: `Cognito user pool named by ${where}` } };
  },
});

/** A user pool id: `<region>_<alphanumerics>`, e.g. `us-east-1_AbCdEfGhI`. */
const USER_POOL_ID = /^[a-z]{2}(?:-gov)?-[a-z]+-\d_[A-Za-z0-9]+$/;

/**
 * True for a Cognito user pool issuer or discovery URL: the `cognito-idp` hosts (original and
 * `issuer-cognito-idp` issuer formats), or any host whose first path segment is a user pool id
 * (endpoint overrides and private endpoints keep the pool id in the path).
 */
export function isCognitoIssuer(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (/^(issuer-)?cognito-idp(-fips)?\.[a-z0-9-]+\.amazonaws\.com$/i.test(parsed.hostname)) return true;
  const first = parsed.pathname.split('/').filter(Boolean)[0] ?? '';
  return USER_POOL_ID.test(first);
}

function issuerOf(url: string): string {
  return url.replace(/\/\.well-known\/openid-configuration$/, '');
}
