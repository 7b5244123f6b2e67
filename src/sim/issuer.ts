import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { MintOptions, PreTokenHook, SimCognitoClient, SimIssuer } from './types.js';

/**
 * The Cognito-shaped OIDC issuer and user pool (agentcore-contract §9): RS256 keys with `kid`
 * (one for ID tokens, one for access tokens, as a Cognito JWKS carries), the user pool's app
 * clients and users, the pre-token-generation trigger, and `mint()`. The HTTP side (discovery,
 * JWKS, the awsJson1.1 API) lives in cognito.ts.
 */

/** A key pair with its JWKS entry. */
interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

/** A user of the pool. */
interface PoolUser {
  password: string;
  sub: string;
  email: string;
}

/** Default `explicitAuthFlows` of an app client (the AWS samples' client, §4.3). */
export const DEFAULT_EXPLICIT_AUTH_FLOWS: readonly string[] = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** The simulated issuer; `SimIssuer` is its public face. */
export class SimulatedIssuer implements SimIssuer {
  readonly userPoolId: string;
  readonly issuerUrl: string;
  readonly discoveryUrl: string;
  readonly jwksUrl: string;
  readonly tokenEndpoint: string;
  readonly client: SimCognitoClient;
  readonly userPoolName = 'mcp-doctor-sim-pool';
  readonly createdAt = Math.floor(Date.now() / 1000);
  lastModifiedAt = this.createdAt;
  preTokenHook: PreTokenHook | undefined;

  private readonly clients = new Map<string, SimCognitoClient>();
  private readonly users = new Map<string, PoolUser>();
  private readonly subs = new Map<string, string>();

  private constructor(
    origin: string,
    region: string,
    private readonly idKey: SigningKey,
    private readonly accessKey: SigningKey,
    private readonly rogueKey: SigningKey,
  ) {
    this.userPoolId = `${region}_${randomAlphanumeric(9, true)}`;
    this.issuerUrl = `${origin}/${this.userPoolId}`;
    this.discoveryUrl = `${this.issuerUrl}/.well-known/openid-configuration`;
    this.jwksUrl = `${this.issuerUrl}/.well-known/jwks.json`;
    // A user-pool domain serves /oauth2/token at its root, not under the pool path.
    this.tokenEndpoint = `${origin}/oauth2/token`;
    this.client = { clientId: newClientId(), clientName: 'mcp-doctor-sim-client', explicitAuthFlows: [...DEFAULT_EXPLICIT_AUTH_FLOWS] };
    this.clients.set(this.client.clientId, this.client);
  }

  /** Creates the issuer for a Cognito server listening at `origin`. */
  static async create(origin: string, region: string): Promise<SimulatedIssuer> {
    const [idKey, accessKey, rogueKey] = await Promise.all([newSigningKey(), newSigningKey(), newSigningKey()]);
    return new SimulatedIssuer(origin, region, idKey, accessKey, rogueKey);
  }

  addClient(client: SimCognitoClient): void {
    if (this.clients.has(client.clientId)) throw new Error(`App client ${client.clientId} already exists`);
    this.clients.set(client.clientId, { ...client, explicitAuthFlows: [...(client.explicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS)] });
  }

  addUser(username: string, password: string): void {
    this.users.set(username, { password, sub: this.subOf(username), email: `${username}@example.com` });
  }

  setPreTokenHook(hook: PreTokenHook | undefined): void {
    this.preTokenHook = hook ? { version: hook.version, claimsToAddOrOverride: { ...hook.claimsToAddOrOverride }, ...(hook.lambdaArn ? { lambdaArn: hook.lambdaArn } : {}) } : undefined;
    this.lastModifiedAt = Math.floor(Date.now() / 1000);
  }

  /** An app client by id. */
  findClient(clientId: string): SimCognitoClient | undefined {
    return this.clients.get(clientId);
  }

  /** True when the user exists. */
  hasUser(username: string): boolean {
    return this.users.has(username);
  }

  /** True when the user exists with this password. */
  checkPassword(username: string, password: string): boolean {
    return this.users.get(username)?.password === password;
  }

  /** Number of users, for DescribeUserPool's EstimatedNumberOfUsers. */
  get userCount(): number {
    return this.users.size;
  }

  /** The discovery document, with the fields a Cognito pool without a hosted-UI domain publishes. */
  discoveryDocument(): Record<string, unknown> {
    return {
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: this.issuerUrl,
      jwks_uri: this.jwksUrl,
      response_types_supported: ['code', 'token'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: this.tokenEndpoint,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    };
  }

  /** The JWKS: the ID-token and access-token keys, never the rogue key. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.idKey.jwk, this.accessKey.jwk] };
  }

  mint(options: MintOptions = {}): Promise<string> {
    return this.mintWithEvent(options, randomUUID(), randomUUID());
  }

  /**
   * Mints an access and an ID token from one authentication event, as InitiateAuth returns them
   * (they share `origin_jti` and `event_id`).
   */
  async mintPair(username: string, clientId: string, expiresInSeconds: number): Promise<{ accessToken: string; idToken: string }> {
    const originJti = randomUUID();
    const eventId = randomUUID();
    const [accessToken, idToken] = await Promise.all([
      this.mintWithEvent({ tokenUse: 'access', username, clientId, expiresInSeconds }, originJti, eventId),
      this.mintWithEvent({ tokenUse: 'id', username, clientId, expiresInSeconds }, originJti, eventId),
    ]);
    return { accessToken, idToken };
  }

  /**
   * Mints a client_credentials (M2M) access token as the token endpoint returns it (§9): `sub` and
   * `client_id` are the app client, `scope` the granted custom scopes, no user claims. V1_0/V2_0
   * pre-token triggers never see M2M tokens (only V3_0 does, which the simulation leaves out).
   */
  async mintClientCredentials(clientId: string, scope: string, expiresInSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = { sub: clientId, token_use: 'access', scope, auth_time: now, iss: this.issuerUrl, exp: now + expiresInSeconds, iat: now, jti: randomUUID(), client_id: clientId };
    return new SignJWT(claims).setProtectedHeader({ kid: this.accessKey.kid, alg: 'RS256' }).sign(this.accessKey.privateKey);
  }

  private async mintWithEvent(options: MintOptions, originJti: string, eventId: string): Promise<string> {
    const tokenUse = options.tokenUse ?? 'access';
    const clientId = options.clientId ?? this.client.clientId;
    const username = options.username ?? 'demo-user';
    const now = Math.floor(Date.now() / 1000);
    const offset = options.notBeforeOffsetSeconds ?? 0;
    const lifetime = options.expiresInSeconds ?? 3600;
    const exp = now + lifetime;
    // An already-expired token was issued an hour before it expired, not in the future.
    const iat = lifetime > 0 ? now + offset : exp - 3600;
    const common = { sub: this.subOf(username), iss: options.issuer ?? this.issuerUrl, origin_jti: originJti, event_id: eventId, token_use: tokenUse, auth_time: iat, exp, iat, jti: randomUUID() };
    // Cognito access tokens carry client_id and no aud; ID tokens carry aud and no client_id (§4.3).
    const claims: JWTPayload =
      tokenUse === 'access'
        ? { ...common, client_id: clientId, scope: options.scope ?? 'openid email', username }
        : { ...common, aud: clientId, 'cognito:username': username, email: this.users.get(username)?.email ?? `${username}@example.com` };
    if (offset > 0) claims.nbf = iat;

    // V1_0 customises the ID token only; V2_0 both (Cognito pre token generation, §9).
    const hook = this.preTokenHook;
    if (hook && (tokenUse === 'id' || hook.version === 'V2_0')) Object.assign(claims, hook.claimsToAddOrOverride);
    for (const [name, value] of Object.entries(options.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }

    const key = options.unknownKey ? this.rogueKey : tokenUse === 'id' ? this.idKey : this.accessKey;
    return new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: 'RS256' }).sign(key.privateKey);
  }

  private subOf(username: string): string {
    let sub = this.subs.get(username);
    if (!sub) {
      sub = randomUUID();
      this.subs.set(username, sub);
    }
    return sub;
  }
}

/** A new Cognito-style app client id: 26 lower-case alphanumerics. */
export function newClientId(): string {
  return randomAlphanumeric(26, false).toLowerCase();
}

/** A new Cognito-style app client secret: 51 lower-case alphanumerics. */
export function newClientSecret(): string {
  return randomAlphanumeric(51, false).toLowerCase();
}

/** Random `[A-Za-z0-9]` (or `[a-z0-9]` when `mixedCase` is false) of the given length. */
export function randomAlphanumeric(length: number, mixedCase: boolean): string {
  const alphabet = mixedCase ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789' : 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  // Cognito kids are base64 strings of 44 characters.
  const kid = randomBytes(32).toString('base64');
  const exported = await exportJWK(publicKey);
  return { kid, privateKey, jwk: { alg: 'RS256', e: exported.e, kid, kty: 'RSA', n: exported.n, use: 'sig' } };
}
