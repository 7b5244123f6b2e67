import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'undici';
import { Redactor } from '../../security/redact.js';
import { sanitizeText } from '../../security/sanitize-text.js';
import { classifyNetworkError } from '../classify-error.js';
import { discard, type DiscardableBody } from '../discard-body.js';
import { networkOf } from '../network-config.js';
import type { NetworkConfig } from '../../model/runtime.js';
import type { TokenRequest, TokenAcquisition } from '../../model/observations.js';

/**
 * Obtains the bearer token a JWT runtime expects (agentcore-contract §4.3, §9): Cognito
 * `InitiateAuth` with USER_PASSWORD_AUTH, as every AWS sample does, or an OAuth2 client_credentials
 * grant against a token endpoint. Failures are values whose messages never hold the password, the
 * client secret, the SECRET_HASH or a token.
 */

/** The most a token endpoint may answer; a token response is a few KiB. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
const MESSAGE_LENGTH = 400;

/** Deadline, cancellation and network settings of a token request. */
export interface AcquireOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Proxies and CA roots (default: the process environment). */
  network?: NetworkConfig;
}

/** Gets a token; never throws. */
export async function acquireToken(request: TokenRequest, options: AcquireOptions): Promise<TokenAcquisition> {
  const redactor = new Redactor();
  const secrets = request.kind === 'cognito-password' ? [request.password, request.clientSecret] : [request.clientSecret];
  for (const secret of secrets) redactor.addSecret(secret);
  const scrub = (text: string): string => sanitizeText(removeShortSecrets(redactor.redact(text), secrets), MESSAGE_LENGTH);
  try {
    return request.kind === 'cognito-password' ? await initiateAuth(request, options, scrub) : await clientCredentials(request, options, scrub);
  } catch (error) {
    // Every expected failure is already a value; this is the never-throw backstop.
    return { ok: false, code: 'COGNITO_AUTH_FAILED', errorName: scrub(errorNameOf(error)), message: scrub(messageOf(error)) };
  }
}

type CognitoPasswordRequest = Extract<TokenRequest, { kind: 'cognito-password' }>;
type ClientCredentialsRequest = Extract<TokenRequest, { kind: 'client-credentials' }>;
type Scrub = (text: string) => string;

/** SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + client id)), §9. */
function cognitoSecretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

async function initiateAuth(req: CognitoPasswordRequest, options: AcquireOptions, scrub: Scrub): Promise<TokenAcquisition> {
  const [sdk, requestHandler] = await Promise.all([import('@aws-sdk/client-cognito-identity-provider'), networkOf(options.network).awsRequestHandler({ timeoutMs: options.timeoutMs })]);
  const client = new sdk.CognitoIdentityProviderClient({
    region: req.region,
    ...(req.endpoint ? { endpoint: req.endpoint } : {}),
    // InitiateAuth is unsigned (the SDK models it `smithy.api#noAuth`). A provider that refuses keeps
    // the default chain (profiles, SSO, instance metadata) from ever being walked for it.
    credentials: () => Promise.reject(Object.assign(new Error('InitiateAuth is unsigned; no AWS credentials are used'), { name: 'CredentialsProviderError' })),
    // One attempt: a retried password attempt counts twice towards the user's lockout, and the deadline covers one call.
    maxAttempts: 1,
    requestHandler,
  });
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const abortSignal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const parameters: Record<string, string> = { USERNAME: req.username, PASSWORD: req.password };
  if (req.clientSecret !== undefined) parameters.SECRET_HASH = cognitoSecretHash(req.clientSecret, req.username, req.clientId);
  try {
    const out = await client.send(new sdk.InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: req.clientId, AuthParameters: parameters }), { abortSignal });
    const result = out.AuthenticationResult;
    if (!result) {
      // MFA, NEW_PASSWORD_REQUIRED…: a challenge the doctor cannot answer unattended.
      const challenge = out.ChallengeName ?? 'NoAuthenticationResult';
      return { ok: false, code: 'COGNITO_AUTH_FAILED', errorName: scrub(challenge), message: scrub(`Cognito answered with the ${challenge} challenge instead of tokens`) };
    }
    const token = req.useIdToken ? result.IdToken : result.AccessToken;
    if (!token) {
      const missing = req.useIdToken ? 'IdToken' : 'AccessToken';
      return { ok: false, code: 'COGNITO_AUTH_FAILED', errorName: `Missing${missing}`, message: `Cognito's AuthenticationResult has no ${missing}` };
    }
    return { ok: true, token, tokenUse: req.useIdToken ? 'id' : 'access', source: 'cognito-password', ...(typeof result.ExpiresIn === 'number' ? { expiresIn: result.ExpiresIn } : {}) };
  } catch (error) {
    const deadlineHit = deadline.aborted && !options.signal?.aborted;
    return cognitoFailure(error, deadlineHit, scrub);
  } finally {
    client.destroy();
  }
}

/**
 * Maps an InitiateAuth error by name and message (§9): these two messages are the only way Cognito
 * tells a disabled flow and a missing or wrong SECRET_HASH from other parameter and auth errors.
 */
function cognitoFailure(error: unknown, deadlineHit: boolean, scrub: Scrub): TokenAcquisition {
  const name = scrub(deadlineHit ? 'TimeoutError' : errorNameOf(error));
  const message = scrub(deadlineHit ? `no answer from Cognito within the deadline (${messageOf(error)})` : messageOf(error));
  if (name === 'InvalidParameterException' && /USER_PASSWORD_AUTH flow not enabled for this client/i.test(message)) {
    return { ok: false, code: 'USER_PASSWORD_AUTH_DISABLED', errorName: name, message };
  }
  if (name === 'NotAuthorizedException' && /configured with secret but SECRET_HASH was not received|Unable to verify secret hash for client/i.test(message)) {
    return { ok: false, code: 'CLIENT_SECRET_HASH_REQUIRED', errorName: name, message };
  }
  // A Lambda trigger of the pool failed (a deleted pre-token function, most often): no token at all.
  if (name === 'UserLambdaValidationException') return { ok: false, code: 'USER_POOL_TRIGGER_FAILED', errorName: name, message };
  return { ok: false, code: 'COGNITO_AUTH_FAILED', errorName: name, message };
}

async function clientCredentials(req: ClientCredentialsRequest, options: AcquireOptions, scrub: Scrub): Promise<TokenAcquisition> {
  const fail = (errorName: string, message: string): TokenAcquisition => ({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: scrub(errorName), message: scrub(message) });
  let url: URL;
  try {
    url = new URL(req.tokenUrl);
  } catch {
    return fail('InvalidTokenUrl', 'the token URL is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('InvalidTokenUrl', `the token URL uses ${url.protocol} instead of https:`);
  // The client secret must not cross the network in clear text (reliability-security S4); loopback stays on the host.
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return fail('InsecureTokenUrl', `refusing to send client credentials over plain http to ${url.host}; use https`);
  if (url.username || url.password) return fail('InvalidTokenUrl', 'the token URL must not carry user information');

  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(req.scope ? { scope: req.scope } : {}) }).toString();
  const basic = Buffer.from(`${req.clientId}:${req.clientSecret}`, 'utf8').toString('base64');
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const agent = networkOf(options.network).dispatcher({ timeoutMs: options.timeoutMs });
  const where = `${url.origin}${url.pathname}`;
  try {
    // undici's request() follows no redirect unless an interceptor is installed; none is.
    const response = await httpRequest(url, {
      method: 'POST',
      dispatcher: agent,
      signal,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}`, 'user-agent': 'mcp-doctor' },
      body,
    });
    const status = response.statusCode;
    const read = await readCapped(response.body, MAX_TOKEN_RESPONSE_BYTES, signal);
    if (read.overflow) return fail('ResponseTooLarge', `the token endpoint ${where} answered more than ${MAX_TOKEN_RESPONSE_BYTES} bytes (HTTP ${status})`);
    if (status >= 300 && status < 400) return fail(`HTTP_${status}`, `the token endpoint ${where} answered a ${status} redirect; token requests never follow redirects`);
    const json = parseJsonObject(read.text);
    const oauthError = typeof json?.error === 'string' ? json.error : undefined;
    if (oauthError !== undefined) {
      const description = typeof json?.error_description === 'string' ? `: ${json.error_description}` : '';
      return fail(safeErrorName(scrub(oauthError)), `the token endpoint ${where} answered HTTP ${status} ${oauthError}${description}`);
    }
    if (status < 200 || status >= 300) return fail(`HTTP_${status}`, `the token endpoint ${where} answered HTTP ${status} without an OAuth error`);
    const token = json?.access_token;
    if (typeof token !== 'string' || token.length === 0) return fail('InvalidTokenResponse', `the token endpoint ${where} answered HTTP ${status} without an access_token`);
    const expiresIn = Number(json?.expires_in);
    return { ok: true, token, tokenUse: 'access', source: 'client-credentials', ...(json?.expires_in !== undefined && Number.isFinite(expiresIn) ? { expiresIn } : {}) };
  } catch (error) {
    const deadlineHit = deadline.aborted && !options.signal?.aborted;
    const classified = classifyNetworkError(error, deadlineHit);
    return fail(classified.code, `${classified.kind} calling the token endpoint ${where}: ${classified.message}`);
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

/** Reads at most `maxBytes`; more is an overflow, never a truncated parse. */
async function readCapped(body: AsyncIterable<Buffer> & DiscardableBody, maxBytes: number, signal: AbortSignal): Promise<{ text: string; overflow: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      if (signal.aborted) throw signal.reason;
      size += chunk.length;
      if (size > maxBytes) return { text: '', overflow: true };
      chunks.push(chunk);
    }
  } finally {
    discard(body);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), overflow: false };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** OAuth error codes are `%x20-21 / %x23-5B / %x5D-7E` (RFC 6749 §5.2); anything else is cut to a safe label. */
function safeErrorName(error: string): string {
  const cleaned = error.replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 64);
  return cleaned || 'invalid_response';
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** The Redactor skips secrets shorter than 6 characters; those are removed literally. */
function removeShortSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length < 6) out = out.split(secret).join('[REDACTED]');
  return out;
}

function errorNameOf(error: unknown): string {
  const e = (error ?? {}) as { name?: unknown; code?: unknown };
  const name = typeof e.name === 'string' && e.name ? e.name : 'Error';
  // Node socket errors are plain `Error`s; their code (ECONNREFUSED…) is the useful name.
  if (name === 'Error' && typeof e.code === 'string' && e.code) return e.code;
  return name;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}
