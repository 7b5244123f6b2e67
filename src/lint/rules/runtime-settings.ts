import { isMap, type Node } from 'yaml';
import type { FindingCode } from '../../catalog/codes.js';
import type { LintIssue } from '../types.js';
import { isIntrinsic, itemsOf, lineSnippet, locate, stringOf, valueOf, type ParsedYaml } from '../yaml-positions.js';

/**
 * The runtime settings every deployment format spells differently but means the same way
 * (agentcore-contract §4.2, §2.4, §6): the protocol, the customJWTAuthorizer and the request header
 * allowlist. `.bedrock_agentcore.yaml`, `agentcore/agentcore.json` and CloudFormation's
 * `AWS::BedrockAgentCore::Runtime` all hand their nodes to these checks; keys are matched without
 * regard to case so `allowedClients` and `AllowedClients` read alike.
 */

const DISCOVERY_SUFFIX = '/.well-known/openid-configuration';

/** Claim names the authorizer refuses in `customClaims` (they have their own fields). */
const RESERVED_CLAIMS: Readonly<Record<string, string>> = {
  client_id: 'use allowedClients for the client_id claim',
  scp: 'use allowedScopes for scopes',
};

/** Headers AgentCore never forwards, lower-case (runtime-header-allowlist page). */
const RESTRICTED_HEADERS = new Set(
  [
    'proxy-authorization www-authenticate accept accept-charset accept-encoding accept-language content-type content-length',
    'content-encoding content-language content-location content-range cache-control etag expires if-match if-modified-since',
    'if-none-match if-range if-unmodified-since last-modified pragma vary connection keep-alive proxy-connection upgrade host',
    'user-agent referer from range accept-ranges transfer-encoding te trailer server date location retry-after set-cookie cookie',
    'content-security-policy content-security-policy-report-only strict-transport-security x-content-type-options x-frame-options',
    'x-xss-protection referrer-policy permissions-policy cross-origin-embedder-policy cross-origin-opener-policy',
    'cross-origin-resource-policy access-control-allow-origin access-control-allow-methods access-control-allow-headers',
    'access-control-allow-credentials access-control-expose-headers access-control-max-age access-control-request-method',
    'access-control-request-headers origin accept-ch accept-ch-lifetime dpr width viewport-width downlink ect rtt save-data',
    'clear-site-data feature-policy expect-ct public-key-pins public-key-pins-report-only via forwarded x-forwarded-for',
    'x-forwarded-host x-forwarded-proto x-real-ip x-requested-with x-csrf-token true-client-ip x-client-ip x-cluster-client-ip',
    'x-originating-ip x-source-ip x-original-url x-original-host x-rewrite-url cf-ray cf-connecting-ip x-amz-cf-id x-cache',
    'x-served-by link sec-websocket-key sec-websocket-accept sec-websocket-version sec-websocket-protocol sec-websocket-extensions',
  ]
    .join(' ')
    .split(' '),
);

const CUSTOM_HEADER_PREFIX = 'x-amzn-bedrock-agentcore-runtime-custom-';
const MAX_ALLOWLIST = 20;
/** RFC 9110 token characters: anything else cannot be a header name. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** What the AgentCore CLI accepts in `agentcore.json` (agentcore-contract §12). */
const CLI_HEADER_NAME = /^[A-Za-z0-9\-_]+$/;

/** Builds one issue at `node`. */
export function issueAt(parsed: ParsedYaml, node: Node | null | undefined, code: FindingCode, message: string): LintIssue {
  const location = locate(parsed, node);
  const snippet = lineSnippet(parsed.file.text, location.line);
  return { code, message, location, ...(snippet ? { snippet } : {}) };
}

/** Which tool reads the file: its default protocol differs in how certain it is (agentcore-contract §6, §8, §12). */
export type ConfigFormat = 'starter-toolkit' | 'agentcore-cli' | 'cloudformation';

/** What an absent protocol means, per format. */
const ABSENT_PROTOCOL: Record<ConfigFormat, string> = {
  'starter-toolkit': 'the starter toolkit then deploys HTTP',
  'agentcore-cli': 'the AgentCore CLI then deploys HTTP',
  cloudformation: 'what the service does without one is UNCONFIRMED (the toolkit and the CLI both write HTTP)',
};

/**
 * The protocol must be MCP. `value` is the protocol node (a string, or a map with
 * `serverProtocol`); when it is absent `anchor` is blamed, and the finding is only likely where
 * the default is UNCONFIRMED (CloudFormation).
 */
export function checkProtocol(parsed: ParsedYaml, value: Node | null | undefined, anchor: Node | null | undefined, where: string, format: ConfigFormat): LintIssue[] {
  // CloudFormation and the CLI write the protocol as a string; the API shape nests it in a map.
  const node = isMap(value) && !isIntrinsic(value) ? valueOf(value, 'serverProtocol', true) : value;
  if (node && isIntrinsic(node)) return [];
  const protocol = stringOf(node);
  if (protocol?.toUpperCase() === 'MCP') return [];
  const issue = node
    ? issueAt(parsed, node, 'PROTOCOL_NOT_MCP', `${where} sets the protocol to ${protocol ?? 'a non-string value'}; AgentCore then calls port 8080 \`/invocations\` instead of port 8000 \`/mcp\`, so set it to MCP.`)
    : issueAt(parsed, anchor, 'PROTOCOL_NOT_MCP', `${where} sets no protocol; ${ABSENT_PROTOCOL[format]}, and an HTTP runtime calls port 8080 \`/invocations\` instead of port 8000 \`/mcp\`; set it to MCP.`);
  const uncertain = !node && format === 'cloudformation';
  return [{ ...issue, args: { detail: protocol ?? (node ? 'not a string' : format === 'cloudformation' ? 'unset' : 'unset (HTTP)') }, ...(uncertain ? { uncertain: true as const } : {}) }];
}

/** True when the authorizer's discovery URL (literal or `!Sub` template) names a Cognito user pool. */
function isCognito(discovery: string | undefined): boolean {
  return discovery !== undefined && /cognito-idp\.[^/]*amazonaws\.com/i.test(discovery);
}

/** True when the list node is set and not empty (an intrinsic list counts as set). */
function hasEntries(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (isIntrinsic(node)) return true;
  const items = itemsOf(node);
  return items === undefined ? true : items.length > 0;
}

/** Checks one customJWTAuthorizer block (`authorizer` is its map node). */
export function checkJwtAuthorizer(parsed: ParsedYaml, authorizer: Node, anchor: Node | null | undefined): LintIssue[] {
  if (isIntrinsic(authorizer)) return [];
  const issues: LintIssue[] = [];
  const discoveryNode = valueOf(authorizer, 'discoveryUrl', true);
  const discovery = stringOf(discoveryNode, { subTemplate: true });
  if (!discoveryNode) {
    issues.push(issueAt(parsed, anchor ?? authorizer, 'DISCOVERY_INVALID', `The JWT authorizer has no discoveryUrl; set it to the issuer's \`…${DISCOVERY_SUFFIX}\` URL.`));
  } else if (discovery !== undefined) {
    const problem = discoveryProblem(discovery);
    if (problem) issues.push({ ...issueAt(parsed, discoveryNode, 'DISCOVERY_INVALID', problem), args: { url: discovery, detail: problem } });
  }

  const audience = valueOf(authorizer, 'allowedAudience', true);
  const clients = valueOf(authorizer, 'allowedClients', true);
  const scopes = valueOf(authorizer, 'allowedScopes', true);
  const claims = valueOf(authorizer, 'customClaims', true);
  if (![audience, clients, scopes, claims].some(hasEntries)) {
    issues.push(
      issueAt(
        parsed,
        anchor ?? authorizer,
        'AUTHORIZER_NO_CLIENT_OR_AUDIENCE',
        'The JWT authorizer lists no allowedClients, allowedAudience, allowedScopes or customClaims; AgentCore refuses such an authorizer, so name the app client (allowedClients) or the audience.',
      ),
    );
  } else if (isCognito(discovery) && hasEntries(audience) && !hasEntries(clients)) {
    issues.push({
      ...issueAt(
        parsed,
        audience,
        'AUDIENCE_MISMATCH',
        'The authorizer trusts a Cognito user pool but checks only allowedAudience: Cognito access tokens carry no `aud`, so only ID tokens pass; use allowedClients with the app client id.',
      ),
      // The file predicts the rejection; it happens only when clients send access tokens.
      uncertain: true,
    });
  }

  for (const rule of itemsOf(claims) ?? []) {
    const nameNode = valueOf(rule, 'inboundTokenClaimName', true);
    const name = stringOf(nameNode);
    const hint = name === undefined ? undefined : RESERVED_CLAIMS[name];
    if (hint) {
      issues.push(issueAt(parsed, nameNode, 'CUSTOM_CLAIM_RESERVED', `customClaims names the reserved claim \`${name}\`, which AgentCore rejects when the runtime is created; ${hint}.`));
    }
  }
  return issues;
}

/** Why `url` is not an OIDC discovery URL, or undefined when it is one. */
function discoveryProblem(url: string): string | undefined {
  const trimmed = url.trim();
  if (/\/\.well-known\/jwks\.json\/?$/i.test(trimmed)) return `discoveryUrl ${trimmed} is the JWKS URL; AgentCore needs the discovery document, \`…${DISCOVERY_SUFFIX}\`.`;
  if (trimmed.endsWith(`${DISCOVERY_SUFFIX}/`)) return `discoveryUrl ${trimmed} ends with a slash; it must end exactly with \`${DISCOVERY_SUFFIX}\`.`;
  if (!trimmed.endsWith(DISCOVERY_SUFFIX)) return `discoveryUrl ${trimmed} does not end with \`${DISCOVERY_SUFFIX}\` (the issuer URL alone is not accepted); append it.`;
  if (!/^https:\/\//i.test(trimmed)) return `discoveryUrl ${trimmed} is not an https URL; AgentCore fetches the discovery document over HTTPS only.`;
  return undefined;
}

/**
 * Checks `requestHeaderAllowlist` (`list` is its sequence node). `jwt` says whether the runtime has
 * a JWT authorizer, the only kind that may forward `Authorization`.
 */
export function checkHeaderAllowlist(parsed: ParsedYaml, list: Node | null | undefined, jwt: boolean, format: ConfigFormat = 'starter-toolkit'): LintIssue[] {
  const items = itemsOf(list);
  if (!items) return [];
  const issues: LintIssue[] = [];
  const seen = new Set<string>();
  const invalid = (node: Node, why: string): void => {
    issues.push(issueAt(parsed, node, 'HEADER_ALLOWLIST_INVALID', why));
  };
  items.forEach((node, index) => {
    if (isIntrinsic(node)) return;
    const name = stringOf(node);
    if (name === undefined) return invalid(node, `requestHeaderAllowlist entry ${index + 1} is not a header name.`);
    const lower = name.trim().toLowerCase();
    if (index === MAX_ALLOWLIST) invalid(node, `requestHeaderAllowlist has ${items.length} entries; AgentCore accepts at most ${MAX_ALLOWLIST}.`);
    if (seen.has(lower)) return invalid(node, `requestHeaderAllowlist lists \`${name}\` twice (names are case-insensitive).`);
    seen.add(lower);
    if (format === 'agentcore-cli') {
      // The CLI's own validation (agentcore-contract §12): `^[A-Za-z0-9\-_]+$` (no `*` wildcard), and a
      // bare name is rewritten to X-Amzn-Bedrock-AgentCore-Runtime-Custom-<name>, so only `X-` names
      // and Authorization reach the service's own rules below.
      if (!CLI_HEADER_NAME.test(name)) return invalid(node, `\`${name}\` is refused by \`agentcore validate\`: header names may hold letters, digits, \`-\` and \`_\` only (no \`*\` wildcard).`);
      if (lower !== 'authorization' && !lower.startsWith('x-')) return undefined;
    }
    if (!HEADER_NAME.test(name)) return invalid(node, `\`${name}\` is not a valid HTTP header name.`);
    if (lower === 'authorization') {
      if (!jwt) invalid(node, '`Authorization` can only be forwarded by a runtime with a customJWTAuthorizer; this one uses IAM (SigV4).');
      return;
    }
    if (RESTRICTED_HEADERS.has(lower)) return invalid(node, `\`${name}\` is on AgentCore's restricted list and is never forwarded to the container.`);
    if (lower.startsWith('x-amzn-') && !lower.startsWith(CUSTOM_HEADER_PREFIX)) {
      return invalid(node, `\`${name}\` is an \`X-Amzn-\` header; only \`X-Amzn-Bedrock-AgentCore-Runtime-Custom-*\` names of that family may be forwarded.`);
    }
    if (lower.startsWith('x-amz-')) return invalid(node, `\`${name}\` is an \`X-Amz-\` header, reserved for AWS request signing; use \`X-Amzn-Bedrock-AgentCore-Runtime-Custom-…\`.`);
    return undefined;
  });
  return issues;
}
