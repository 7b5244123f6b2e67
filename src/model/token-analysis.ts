import type { TokenObservation } from './observations.js';
import type { Finding } from './report.js';

/**
 * `mcp-doctor token`: an offline look at a JWT. Everything decoded is UNVERIFIED until the
 * signature has been checked against the issuer's JWKS (`--discovery-url`). The token itself is
 * never part of the analysis: only its length, header and claims.
 */
export interface TokenAnalysis {
  schemaVersion: 1;
  /** Where the token was read from (never the token). */
  source: string;
  length: number;
  decoded: TokenObservation;
  /** `exp`, `nbf`, `iat` relative to now. */
  times: Array<{ claim: 'exp' | 'nbf' | 'iat'; iso: string; relative: string }>;
  verification?: { discoveryUrl: string; outcome: string; issuer?: string; signature?: string; problem?: string };
  runtime?: { arn: string; authorizer?: string; skipReason?: string };
  findings: Finding[];
}
