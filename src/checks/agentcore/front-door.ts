import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { ControlPlaneObservation, HttpExchange } from '../../model/observations.js';
import { mapAuthorizerAnswer } from '../auth/authorizer-answer.js';
import { detailOf, evidenceOf, says, statusIn } from '../evidence.js';

/**
 * AgentCore answers before the container does (agentcore-contract §5): runtime lookup, auth mode,
 * the JWT authorizer, throttling, the init deadline; and it wraps the container's non-2xx answers
 * as 200 + -32010. This check reads those answers on the compliant initialize so that the MCP
 * checks after it only ever judge the container.
 */
export const agentcoreFrontDoor = defineCheck({
  id: 'agentcore-front-door',
  title: 'AgentCore accepts the invocation and the container answers it',
  area: 'agentcore',
  needs: ['init', 'answer'],
  uses: ['control-plane', 'token', 'discover'],
  codes: [
    'RUNTIME_INIT_TIMEOUT',
    'RUNTIME_NOT_FOUND',
    'THROTTLED',
    'AUTH_MODE_MISMATCH',
    'SIGV4_REJECTED',
    'MMDSV2_NOT_ENABLED',
    'CONTAINER_ERROR',
    'FOREIGN_SESSION_ID_REJECTED',
    'SERVER_STATEFUL',
    'TOKEN_MISSING',
    'TOKEN_MALFORMED',
    'TOKEN_EXPIRING',
    'TOKEN_EXPIRED',
    'TOKEN_NOT_YET_VALID',
    'TOKEN_SIGNATURE_INVALID',
    'TOKEN_ISSUER_MISMATCH',
    'ID_TOKEN_USED',
    'CLIENT_NOT_ALLOWED',
    'AUDIENCE_MISMATCH',
    'SCOPE_NOT_ALLOWED',
    'CUSTOM_CLAIM_MISMATCH',
  ],
  appliesTo: (ctx) => (ctx.target.kind === 'agentcore-runtime' ? true : 'the target is not an AgentCore runtime'),
  run({ init, 'control-plane': cp, token, discover }, ctx): FindingSpec | undefined {
    const args = { status: init.status, probe: init.label, detail: detailOf(init) };
    const evidence = evidenceOf(init);
    const jsonRpcCode = init.jsonrpc?.kind === 'error' ? init.jsonrpc.code : undefined;
    if (init.containerStatus !== undefined) return wrappedFinding(init, discover);
    if (statusIn(init, 424)) return { code: 'RUNTIME_INIT_TIMEOUT', args, evidence };
    if (statusIn(init, 429) || jsonRpcCode === -32003) return { code: 'THROTTLED', args, evidence };
    if (says(init, /not MMDSv2-enabled/i)) return { code: 'MMDSV2_NOT_ENABLED', evidence };
    if ((statusIn(init, 404) && (init.headers['x-amzn-errortype']?.startsWith('ResourceNotFound') || says(init, /No endpoint or agent found/i))) || jsonRpcCode === -32004) {
      return { code: 'RUNTIME_NOT_FOUND', args: { ...args, variants: explainNotFound(ctx.target.runtime, cp) }, evidence };
    }
    const jwtRuntime = cp?.runtime?.authorizer.kind === 'jwt';
    if (says(init, /Authorization method mismatch/i) || (statusIn(init, 403) && jsonRpcCode === -32002)) {
      if (jwtRuntime && !ctx.hasToken) return { code: 'TOKEN_MISSING', args: { ...args, detail: 'The runtime has a JWT authorizer and no bearer token was given, so the request was signed with SigV4 instead' }, evidence };
      const detail =
        ctx.requestAuth === 'bearer'
          ? 'A bearer token was sent to a runtime that expects SigV4 (IAM): AgentCore answered 403 Authorization method mismatch'
          : ctx.requestAuth === 'sigv4'
            ? 'The request was signed with SigV4 (or could not be signed: no AWS credentials) but the runtime expects another method: AgentCore answered 403'
            : 'The request carried no credentials the runtime accepts: AgentCore answered 403';
      return { code: 'AUTH_MODE_MISMATCH', args: { ...args, detail }, evidence };
    }
    // Only a bearer token meets the JWT authorizer; a signed request is judged by AWS's own auth.
    if (ctx.requestAuth === 'sigv4' && (statusIn(init, 401) || statusIn(init, 403))) return { code: 'SIGV4_REJECTED', args, evidence };
    return mapAuthorizerAnswer(init, token);
  },
});

function wrappedFinding(init: HttpExchange, discover: HttpExchange | undefined): FindingSpec | undefined {
  const status = init.containerStatus as number;
  const evidence = { ...evidenceOf(init), detail: `AgentCore wrapped the container's HTTP ${status} as 200 + JSON-RPC -32010` };
  // 421 (Host), 406 (Accept) and 415 (Content-Type) are judged by their own checks.
  if (status === 421 || status === 406 || status === 415) return undefined;
  if (status === 404) {
    return {
      code: 'FOREIGN_SESSION_ID_REJECTED',
      args: { status, probe: init.label, detail: 'the container answered 404 to an initialize carrying the Mcp-Session-Id AgentCore injects: a stateful server rejecting an id it never issued (or a server that does not serve POST /mcp)' },
      evidence,
    };
  }
  if (status === 400) {
    // A 2026-07-28-only container also answers initialize 400; it is told apart by server/discover,
    // unless that was refused too (a routing header such as Mcp-Method did not reach the container).
    const alsoModern = discover?.containerStatus === 400 ? ', or a 2026-07-28-only server refusing initialize whose server/discover got 400 too (its Mcp-Method or MCP-Protocol-Version header did not reach it)' : '';
    return { code: 'SERVER_STATEFUL', args: { status, probe: init.label, detail: `the container answered 400 (a stateful server refusing the request without its own session${alsoModern})` }, evidence };
  }
  return { code: 'CONTAINER_ERROR', args: { status, probe: init.label }, evidence };
}

function explainNotFound(runtime: { region: string; runtimeId: string; dataPlaneUrl: string; qualifier: string } | undefined, cp: ControlPlaneObservation | undefined): string {
  if (!runtime) return '';
  const hostRegion = /bedrock-agentcore(?:-fips)?\.([a-z0-9-]+)\.amazonaws/.exec(runtime.dataPlaneUrl)?.[1];
  if (hostRegion && hostRegion !== runtime.region) return `the data-plane host is in ${hostRegion} but the ARN is in ${runtime.region}`;
  if (cp?.runtimeError?.kind === 'not-found') return `the control plane has no runtime ${runtime.runtimeId} either: it was deleted or re-created with a new id`;
  if (cp?.endpointError?.kind === 'not-found') return `the runtime exists but has no endpoint "${runtime.qualifier}"`;
  if (cp?.runtime && cp.runtime.status !== 'READY') return `the runtime is ${cp.runtime.status}`;
  if (cp?.endpoint && cp.endpoint.status !== 'READY') return `endpoint "${runtime.qualifier}" is ${cp.endpoint.status}`;
  if (cp?.runtime && cp.endpoint) return 'the control plane shows the runtime and endpoint READY: a new endpoint still propagating, or the ARN was altered in transit';
  return '';
}
