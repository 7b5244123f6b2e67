import type { FindingSpec } from '../../model/contracts.js';
import type { HttpExchange, TokenObservation } from '../../model/observations.js';
import { detailOf, evidenceOf, says, statusIn } from '../evidence.js';

/**
 * AgentCore's JWT authorizer answers (agentcore-contract §4.2, §5): 401 and 403 bodies that name
 * the exact reason, mapped to codes. The decoded (unverified) token refines a `client_id` mismatch:
 * an ID token has no `client_id` at all.
 */
export function mapAuthorizerAnswer(init: HttpExchange, token: TokenObservation | undefined): FindingSpec | undefined {
  if (!statusIn(init, 401) && !statusIn(init, 403)) return undefined;
  const detail = detailOf(init);
  const finding = (code: FindingSpec['code']): FindingSpec => ({ code, args: { status: init.status, probe: init.label, detail }, evidence: evidenceOf(init) });
  if (says(init, /Missing Authentication Token/i)) return finding('TOKEN_MISSING');
  if (says(init, /Failed to parse token/i)) return finding('TOKEN_MALFORMED');
  if (says(init, /Ineffectual token|will expire within the next minute/i)) return finding('TOKEN_EXPIRING');
  if (says(init, /expired/i)) return finding('TOKEN_EXPIRED');
  if (says(init, /not yet valid/i)) return finding('TOKEN_NOT_YET_VALID');
  if (says(init, /signature|verify|kid/i)) return finding('TOKEN_SIGNATURE_INVALID');
  const claim = /Claim '([^']+)' value mismatch/i.exec(detail ?? '')?.[1];
  if (claim === 'iss') return finding('TOKEN_ISSUER_MISMATCH');
  if (claim === 'client_id') return finding(token?.claims?.token_use === 'id' ? 'ID_TOKEN_USED' : 'CLIENT_NOT_ALLOWED');
  if (claim === 'aud') return finding('AUDIENCE_MISMATCH');
  if (claim === 'scope' || claim === 'scp') return finding('SCOPE_NOT_ALLOWED');
  if (claim) return finding('CUSTOM_CLAIM_MISMATCH');
  return undefined;
}
