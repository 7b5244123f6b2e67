/**
 * The contract of the local AgentCore simulation: a faithful, offline reproduction of the
 * AgentCore data plane (front door + JWT authorizer), its control plane (restJson1), Cognito's API
 * (awsJson1.1) and a Cognito-shaped OIDC issuer, all on 127.0.0.1. Facts come from
 * shared/reference/agentcore-contract.md; what it marks UNCONFIRMED is a knob here.
 */

import type { SimAccountResources, SimAwsOperation } from './account-resources.js';

/** AgentCore runtime and endpoint statuses (control-plane enums). */
export type RuntimeStatus = 'CREATING' | 'CREATE_FAILED' | 'UPDATING' | 'UPDATE_FAILED' | 'READY' | 'DELETING' | 'DELETE_FAILED';

/** `protocolConfiguration.serverProtocol`. */
export type ServerProtocol = 'MCP' | 'HTTP' | 'A2A' | 'AGUI';

/** One `customClaims[]` rule, in the API shape. */
export interface CustomClaimRule {
  inboundTokenClaimName: string;
  inboundTokenClaimValueType: 'STRING' | 'STRING_ARRAY';
  authorizingClaimMatchValue: {
    claimMatchValue: { matchValueString?: string; matchValueStringList?: string[] };
    claimMatchOperator: 'EQUALS' | 'CONTAINS' | 'CONTAINS_ANY';
  };
}

/** `authorizerConfiguration.customJWTAuthorizer`, in the API shape. */
export interface CustomJwtAuthorizer {
  /** Must end in `/.well-known/openid-configuration`. Default: the simulation issuer's. */
  discoveryUrl?: string;
  allowedClients?: string[];
  allowedAudience?: string[];
  allowedScopes?: string[];
  customClaims?: CustomClaimRule[];
}

/** One runtime endpoint (qualifier). */
export interface SimEndpointConfig {
  status?: RuntimeStatus;
  failureReason?: string;
}

/** A runtime to register in the simulation. */
export interface SimRuntimeConfig {
  /** Runtime name, `[a-zA-Z][a-zA-Z0-9_]{0,47}`. The id is `<name>-<10 alphanumerics>`. */
  name: string;
  /** Fixed id instead of a generated one. */
  runtimeId?: string;
  /** @default the simulation's account */
  accountId?: string;
  /** @default 'READY' */
  status?: RuntimeStatus;
  failureReason?: string;
  /** `description` (ListAgentRuntimes summaries require one; '' when unset). */
  description?: string;
  /** @default 'MCP' */
  serverProtocol?: ServerProtocol;
  /** `metadataConfiguration.requireMMDSV2`. @default true */
  requireMMDSV2?: boolean;
  /** JWT bearer runtime when set; SigV4 (IAM) runtime when undefined. */
  customJWTAuthorizer?: CustomJwtAuthorizer;
  /** `requestHeaderConfiguration.requestHeaderAllowlist`. */
  requestHeaderAllowlist?: string[];
  /** Endpoints by name. @default { DEFAULT: { status: 'READY' } } */
  endpoints?: Record<string, SimEndpointConfig>;
  /**
   * The container: the base URL of a real MCP server on 127.0.0.1 (the front door forwards to
   * `<containerUrl>` exactly, e.g. `http://127.0.0.1:4312/mcp`). Undefined = nothing listens
   * (every new session ends in 424).
   */
  containerUrl?: string;
  /**
   * Whether the execution role may write CloudWatch Logs: with `false` no log group exists and the
   * container's output is lost (agentcore-contract §14). @default true
   */
  logGroup?: boolean;
  /** What the container prints each time an execution environment starts (a crash's traceback, uvicorn's banner). */
  startupOutput?: string;
  /** What the container prints each time it answers a request with a 5xx (a handler's traceback). */
  errorOutput?: string;
  /** The execution role ARN GetAgentRuntime reports. @default `arn:aws:iam::<account>:role/mcp-doctor-sim-runtime-role` */
  roleArn?: string;
  /** The image GetAgentRuntime reports. @default `<account>.dkr.ecr.<region>.amazonaws.com/bedrock_agentcore-<name>:latest` */
  containerUri?: string;
}

/** A registered runtime. */
export interface SimRuntime {
  arn: string;
  runtimeId: string;
  name: string;
  /** `https://bedrock-agentcore.<region>.amazonaws.com/...` form is NOT used: this is the local invocation URL for the DEFAULT qualifier. */
  invocationUrl: string;
  /** Changes the runtime after registration (status, authorizer, container, …). */
  update(patch: Partial<SimRuntimeConfig>): void;
  /** The container's output (stdout or stderr) on `qualifier`: goes to its current execution environment's log stream. */
  print(text: string, qualifier?: string, at?: Date): void;
  /** The log group of `qualifier` (default DEFAULT), `/aws/bedrock-agentcore/runtimes/<id>-<qualifier>`. */
  logGroup(qualifier?: string): string;
}

/** Knobs for behaviour the sources disagree on (agentcore-contract §11.3) and for tests. */
export interface SimKnobs {
  /** Added delay per request on every simulated service, for performance measurements. @default 0 */
  latencyMs?: number;
  /** Status for a token expiring within 60 s. @default 403 */
  nearExpiryStatus?: 401 | 403;
  /** Status for an already-expired token. @default 403 (UNCONFIRMED) */
  expiredStatus?: 401 | 403;
  /** The JSON-RPC `id` in the 401 body: absent, or the string "null". @default 'absent' */
  missingTokenId?: 'absent' | 'string-null';
  /** Container init deadline in seconds, for 424 `Runtime initialization time exceeded…`. @default 30 */
  initTimeoutSeconds?: number;
  /** Requests per second per endpoint before throttling (200 + -32003 on MCP). @default 25 */
  tpsLimit?: number;
  /** Wrap ResourceNotFound on MCP URLs as 200/-32004 instead of 404. @default false */
  wrapResourceNotFound?: boolean;
  /** Control plane answers AccessDeniedException to every call. @default false */
  denyControlPlane?: boolean;
  /** CloudWatch Logs answers AccessDeniedException to every call (a caller without logs:FilterLogEvents). @default false */
  denyLogs?: boolean;
  /** Cognito Describe* answer AccessDeniedException. @default false */
  denyCognitoDescribe?: boolean;
  /**
   * When the platform adds its own `Mcp-Session-Id` to a request that carries none (UNCONFIRMED,
   * agentcore-contract §3.1): `always`, or on everything except `initialize` (a stateful container
   * then issues the id). @default 'always'
   */
  sessionIdInjection?: 'always' | 'except-initialize';
  /**
   * Whether the front door passes the 2026-07-28 routing headers `Mcp-Method`, `Mcp-Name` and
   * `Mcp-Param-*` to the container (UNCONFIRMED, protocol-2026-07-28 §7; the SDK's
   * InvokeAgentRuntime binds the first two). @default 'forward'
   */
  modernHeaders?: 'forward' | 'strip';
  /**
   * Whether the platform injects its own `Mcp-Session-Id` into 2026-07-28 requests (those whose
   * `_meta` names a protocol version) that carry none (UNCONFIRMED). @default true
   */
  modernSessionIdInjection?: boolean;
  /**
   * What the platform POSTs to a new container before its first request (UNCONFIRMED): nothing,
   * a plain `ping` without `_meta` (which a modern-only server answers 400 -32022), or a
   * 2026-07-28 `server/discover`. Any answer below 500 counts as healthy. @default 'none'
   */
  healthCheck?: 'none' | 'legacy-ping' | 'modern-discover';
  /**
   * With `allowedScopes` set, advertise them as `scopes_supported` in the protected resource
   * metadata and as `scope="…"` in `WWW-Authenticate` (exact keys UNCONFIRMED, §1.2). @default true
   */
  advertiseScopes?: boolean;
  /**
   * What a token from another issuer (another user pool) meets first (check order UNCONFIRMED,
   * agentcore-contract §11.2): `issuer` answers 401 `Claim 'iss' value mismatch` as field reports
   * show; `signature` answers 403 `Failed to verify token signature` (its key is not in the JWKS).
   * @default 'issuer'
   */
  foreignTokenCheck?: 'issuer' | 'signature';
  /**
   * A token without an allowed scope (UNCONFIRMED for runtimes, §5): 401 `Claim 'scope' value
   * mismatch` like the other claims, or 403 `insufficient_scope` as gateways answer. @default 'claim-401'
   */
  scopeFailure?: 'claim-401' | 'insufficient-scope-403';
  /** The message of an expired token (client-visible wording UNCONFIRMED, §4.2). @default 'OAuth authorization failed: Token has expired' */
  expiredMessage?: string;
  /**
   * A bearer token sent to an IAM (SigV4) runtime, "reported rejected exactly like" the reverse
   * (§5, body UNCONFIRMED): the 403 mismatch, or a plain 403 AccessDeniedException. @default 'mismatch'
   */
  bearerOnIamRuntime?: 'mismatch' | 'access-denied';
  /**
   * Which 401s carry `WWW-Authenticate` (observed only for a missing token, §5): every 401, or only
   * the missing-token one. @default 'every-401'
   */
  wwwAuthenticateOn?: 'every-401' | 'missing-token';
  /** Refuse runtimes without `metadataConfiguration.requireMMDSV2` (ValidationException, enforced after 2026-06-30 per the docs). @default false */
  enforceMmdsv2?: boolean;
  /**
   * Answer the first N requests of each new runtime session with RetryableConflictException
   * (MCP: 200 + -32005 `Session operation in progress, please retry`; §3.2). @default 0
   */
  sessionConflicts?: number;
  /** Distinct runtime sessions before ServiceQuotaExceededException (HTTP 402; MCP: 200 + -32003). @default unlimited */
  sessionQuota?: number;
}

/** Options for the token the issuer mints. */
export interface MintOptions {
  /** @default 'access' */
  tokenUse?: 'access' | 'id';
  /** @default the simulation's app client id */
  clientId?: string;
  /** @default 'demo-user' */
  username?: string;
  /** Space-separated scopes for access tokens. @default 'openid email' */
  scope?: string;
  /** Seconds until `exp` (negative = already expired). @default 3600 */
  expiresInSeconds?: number;
  /** Seconds added to `iat`/`nbf` (positive = issued in the future). @default 0 */
  notBeforeOffsetSeconds?: number;
  /** Override `iss` (wrong-issuer variant). */
  issuer?: string;
  /** Sign with a key that is not in the JWKS (wrong-key variant). */
  unknownKey?: boolean;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
}

/** Pre-token-generation trigger, as Cognito's Lambda versions behave. */
export interface PreTokenHook {
  /** V1_0 changes only the ID token; V2_0 also the access token. */
  version: 'V1_0' | 'V2_0';
  /** Claims to add or override. */
  claimsToAddOrOverride: Record<string, string>;
  /**
   * The trigger's function. @default the simulation's own `mcp-doctor-sim-pre-token-generation`,
   * which always exists; a function missing from `Simulation.resources.lambdaFunctions` makes
   * every sign-in fail with UserLambdaValidationException (a dangling trigger).
   */
  lambdaArn?: string;
}

/** A Cognito user pool app client. */
export interface SimCognitoClient {
  clientId: string;
  clientName: string;
  /** Present = confidential client (USER_PASSWORD_AUTH then needs SECRET_HASH). */
  clientSecret?: string;
  /** @default ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] */
  explicitAuthFlows?: string[];
  allowedOAuthFlows?: string[];
  allowedOAuthScopes?: string[];
  /** In `tokenValidityUnits` (default hours): AccessTokenValidity etc. @default 1 */
  accessTokenValidityHours?: number;
  /**
   * `PreventUserExistenceErrors`: ENABLED (an unknown user reads as `Incorrect username or
   * password.`) or LEGACY (`UserNotFoundException`). @default true (ENABLED, Cognito's default)
   */
  preventUserExistenceErrors?: boolean;
}

/** The Cognito-shaped issuer and user pool. */
export interface SimIssuer {
  userPoolId: string;
  /** `http://127.0.0.1:<port>/<userPoolId>`: the `iss` of its tokens. */
  issuerUrl: string;
  /** `<issuerUrl>/.well-known/openid-configuration`. */
  discoveryUrl: string;
  jwksUrl: string;
  /**
   * `http://127.0.0.1:<port>/oauth2/token`: the OAuth2 token endpoint a user-pool domain serves
   * (client_credentials only), also published as `token_endpoint` in the discovery document.
   */
  tokenEndpoint?: string;
  /** The default app client. */
  client: SimCognitoClient;
  /** Adds another app client. */
  addClient(client: SimCognitoClient): void;
  /** Adds a user (for InitiateAuth USER_PASSWORD_AUTH). */
  addUser(username: string, password: string): void;
  /** Installs (or removes, with undefined) the pre-token-generation trigger. */
  setPreTokenHook(hook: PreTokenHook | undefined): void;
  /** Mints a signed, Cognito-shaped token (honours the pre-token hook). */
  mint(options?: MintOptions): Promise<string>;
}

/** A request one of the simulated services received (Authorization values masked). */
export interface SimRequestRecord {
  service: 'data-plane' | 'control-plane' | 'cognito' | 'container' | 'aws-services';
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** A running simulation. */
export interface Simulation {
  region: string;
  accountId: string;
  /** Base URLs for `AWS_ENDPOINT_URL_BEDROCK_AGENTCORE`, `…_CONTROL`, `…_COGNITO_IDENTITY_PROVIDER`. */
  dataPlaneUrl: string;
  controlPlaneUrl: string;
  cognitoUrl: string;
  /** Base URL for `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`. */
  logsUrl: string;
  /** The user-pool domain's OAuth2 token endpoint (`<cognitoUrl>/oauth2/token`, client_credentials). */
  tokenEndpoint?: string;
  issuer: SimIssuer;
  /** Static credentials the simulation accepts for SigV4 (any other key gets 403). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  knobs: SimKnobs;
  addRuntime(config: SimRuntimeConfig): SimRuntime;
  /** Writes lines to any CloudWatch log group and stream, creating the group (stream names other tools or platform revisions use). */
  writeLog(group: string, stream: string, text: string, at?: Date): void;
  /** Environment for a child process: endpoint overrides, region, the static credentials. */
  env(): Record<string, string>;
  /** Every request seen, oldest first. */
  requests: SimRequestRecord[];
  /** Base URL of ECR, IAM, CodeBuild, Lambda, CloudFormation and CloudWatch Logs (one server). */
  awsServicesUrl: string;
  /** The account's other resources, changed in place by tests and `demo`. */
  resources: SimAccountResources;
  /** Every AWS API operation asked of the control plane, Cognito and the other services, in order. */
  awsOperations: SimAwsOperation[];
  /** Deletes a runtime (as DeleteAgentRuntime would); false when it was not there. */
  removeRuntime(arn: string): boolean;
  stop(): Promise<void>;
}

/** Options for `startSimulation`. */
export interface SimulationOptions {
  /** @default 'us-east-1' */
  region?: string;
  /** @default '123456789012' */
  accountId?: string;
  knobs?: SimKnobs;
}
