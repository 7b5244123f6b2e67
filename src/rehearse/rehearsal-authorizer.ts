import { UsageError } from '../model/errors.js';
import type { CustomClaimRule, CustomJwtAuthorizer, MintOptions } from '../sim/types.js';

/**
 * The inbound auth of the rehearsed runtime. The authorizer is the project's own (allowed clients,
 * audiences, scopes and custom claims kept) with only the discovery URL pointed at the local
 * issuer, and the token is the one that authorizer is meant to accept: the Cognito access token
 * for `allowedClients`, or the ID token when `--id-token` reproduces that mistake.
 */

/** Where the authorizer settings come from. */
export interface AuthorizerSource {
  /** `authorizer_configuration.customJWTAuthorizer` of `.bedrock_agentcore.yaml`, if any. */
  fromConfig?: Record<string, unknown>;
  /** The config file's name, for the report. */
  configLabel?: string;
  /** `--allowed-clients`. */
  allowedClients?: string[];
  /** `--allowed-audience`. */
  allowedAudience?: string[];
  /** `--no-auth`: an IAM (SigV4) runtime whatever the config says. */
  noAuth?: boolean;
  /** `--id-token`: send the ID token instead of the access token. */
  idToken?: boolean;
}

/** The runtime's auth in the simulation and the token to send. */
export interface RehearsalAuth {
  /** The authorizer without `discoveryUrl` (the caller sets the issuer's); undefined = IAM (SigV4). */
  authorizer?: Omit<CustomJwtAuthorizer, 'discoveryUrl'>;
  /** How to mint the token; undefined = no token (SigV4). */
  mint?: MintOptions;
  /** One line for the report. */
  description: string;
}

const CLAIM_TYPES = new Set(['STRING', 'STRING_ARRAY']);
const OPERATORS = new Set(['EQUALS', 'CONTAINS', 'CONTAINS_ANY']);

/** Decides the runtime's authorizer and the token from flags first, then the config. */
export function planRehearsalAuth(source: AuthorizerSource): RehearsalAuth {
  if (source.noAuth) {
    if (source.allowedClients?.length || source.allowedAudience?.length) throw new UsageError('--no-auth makes an IAM (SigV4) runtime; leave out --allowed-clients and --allowed-audience');
    if (source.idToken) throw new UsageError('--id-token needs a JWT authorizer; leave out --no-auth');
    return { description: 'IAM (SigV4), --no-auth' };
  }
  let authorizer: Omit<CustomJwtAuthorizer, 'discoveryUrl'> | undefined;
  let origin: string;
  if (source.allowedClients?.length || source.allowedAudience?.length) {
    authorizer = {
      ...(source.allowedClients?.length ? { allowedClients: source.allowedClients } : {}),
      ...(source.allowedAudience?.length ? { allowedAudience: source.allowedAudience } : {}),
    };
    origin = 'flags';
  } else if (source.fromConfig) {
    authorizer = readConfiguredAuthorizer(source.fromConfig);
    origin = source.configLabel ?? 'the config';
  } else {
    if (source.idToken) throw new UsageError('--id-token needs a JWT authorizer: --allowed-clients, --allowed-audience or an authorizer in .bedrock_agentcore.yaml');
    return { description: `IAM (SigV4)${source.configLabel ? `, no authorizer in ${source.configLabel}` : ''}` };
  }
  const kinds = [authorizer.allowedClients ? 'allowedClients' : undefined, authorizer.allowedAudience ? 'allowedAudience' : undefined, authorizer.allowedScopes ? 'allowedScopes' : undefined, authorizer.customClaims ? 'customClaims' : undefined].filter(Boolean);
  return { authorizer, mint: mintFor(authorizer, source.idToken === true), description: `JWT ${kinds.join(' + ')} from ${origin}, local issuer${source.idToken ? ', ID token (--id-token)' : ''}` };
}

/** The token the authorizer is configured to accept, or the ID token for `--id-token`. */
function mintFor(authorizer: Omit<CustomJwtAuthorizer, 'discoveryUrl'>, idToken: boolean): MintOptions {
  const clientId = authorizer.allowedClients?.[0] ?? authorizer.allowedAudience?.[0];
  const claims: Record<string, unknown> = {};
  // Cognito access tokens carry no `aud`; an audience-checking authorizer expects an IdP that sets one.
  if (!idToken && authorizer.allowedAudience?.length) claims.aud = authorizer.allowedAudience[0];
  for (const rule of authorizer.customClaims ?? []) claims[rule.inboundTokenClaimName] = claimValueFor(rule);
  return {
    tokenUse: idToken ? 'id' : 'access',
    ...(clientId ? { clientId } : {}),
    ...(authorizer.allowedScopes?.length ? { scope: authorizer.allowedScopes.join(' ') } : {}),
    ...(Object.keys(claims).length ? { claims } : {}),
  };
}

function claimValueFor(rule: CustomClaimRule): string | string[] {
  const { claimMatchValue } = rule.authorizingClaimMatchValue;
  const value = claimMatchValue.matchValueString ?? claimMatchValue.matchValueStringList?.[0] ?? '';
  return rule.inboundTokenClaimValueType === 'STRING_ARRAY' ? [value] : value;
}

/** Validates the YAML's `customJWTAuthorizer` enough to register it (lint reports the details). */
function readConfiguredAuthorizer(raw: Record<string, unknown>): Omit<CustomJwtAuthorizer, 'discoveryUrl'> {
  const strings = (key: string): string[] | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new UsageError(`customJWTAuthorizer.${key} in .bedrock_agentcore.yaml must be a list of strings`);
    return value.length ? (value as string[]) : undefined;
  };
  const allowedClients = strings('allowedClients');
  const allowedAudience = strings('allowedAudience');
  const allowedScopes = strings('allowedScopes');
  const customClaims = readCustomClaims(raw.customClaims);
  if (!allowedClients && !allowedAudience && !allowedScopes && !customClaims) {
    throw new UsageError('customJWTAuthorizer in .bedrock_agentcore.yaml needs allowedClients, allowedAudience, allowedScopes or customClaims (AgentCore rejects it otherwise)');
  }
  return { ...(allowedClients ? { allowedClients } : {}), ...(allowedAudience ? { allowedAudience } : {}), ...(allowedScopes ? { allowedScopes } : {}), ...(customClaims ? { customClaims } : {}) };
}

function readCustomClaims(value: unknown): CustomClaimRule[] | undefined {
  if (value === undefined || value === null) return undefined;
  const invalid = (): never => {
    throw new UsageError('customJWTAuthorizer.customClaims in .bedrock_agentcore.yaml must be a list of {inboundTokenClaimName, inboundTokenClaimValueType, authorizingClaimMatchValue}');
  };
  if (!Array.isArray(value)) return invalid();
  const rules = value.map((entry): CustomClaimRule => {
    const rule = entry as Partial<CustomClaimRule> | null;
    const match = rule?.authorizingClaimMatchValue;
    if (!rule || typeof rule.inboundTokenClaimName !== 'string' || !CLAIM_TYPES.has(String(rule.inboundTokenClaimValueType)) || !match || !OPERATORS.has(String(match.claimMatchOperator)) || !match.claimMatchValue) return invalid();
    return rule as CustomClaimRule;
  });
  return rules.length ? rules : undefined;
}
