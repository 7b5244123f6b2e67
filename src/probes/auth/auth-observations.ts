import type { TokenAcquisition, TokenRequest } from './acquire-token.js';

/**
 * The observation of the authorizer's discovery document and of the token's signature against
 * its JWKS. Fetched without credentials, from a URL the control plane (or the user) named.
 */
export interface AuthDiscoveryObservation {
  url: string;
  /** Where the URL came from. */
  source: 'authorizer' | 'flag';
  outcome: 'ok' | 'unreachable' | 'invalid' | 'refused-url';
  status?: number;
  issuer?: string;
  problem?: string;
  /** The token's signature against the JWKS, when there was a JWT to check. */
  signature?: 'verified' | 'unknown-kid' | 'bad-signature' | 'alg-not-allowed' | 'alg-none';
  signatureProblem?: string;
  calls: number;
}

/** How the run's token was obtained, when the doctor obtained it. */
export type TokenAcquisitionObservation = { requested: false } | ({ requested: true; via: TokenRequest['kind'] } & WithoutToken<TokenAcquisition>);

type WithoutToken<T> = T extends unknown ? Omit<T, 'token'> : never;
