import type { Evidence } from '../model/report.js';
import type { HttpExchange } from '../model/observations.js';
import { truncate } from '../security/sanitize-text.js';
import { effectiveStatus, evidenceOf } from './evidence.js';

/**
 * Differential judgement: a fault probe varies one thing (Host, Origin, Content-Type, Accept, the
 * session id…) of a control request that is otherwise the same. A different outcome class is
 * attributed to that one thing, whatever words the server chose.
 */

/** What an exchange amounted to, at the level a differential comparison looks at. */
export type OutcomeClass = 'served' | 'refused' | 'auth' | 'server-error' | 'redirect' | 'no-response' | 'unreadable';

const CONTROL_BODY = 160;

/**
 * `served`: a success status with a JSON-RPC result (or 202 for a notification); `refused`: a 4xx
 * other than an auth challenge, or a JSON-RPC error at any success status (AgentCore wraps the
 * container's status this way); `auth`: 401, or 403 with a `WWW-Authenticate` challenge.
 */
export function outcomeClass(exchange: HttpExchange): OutcomeClass {
  const status = effectiveStatus(exchange);
  if (exchange.outcome !== 'response' || status === undefined) return 'no-response';
  if (status === 401 || (status === 403 && exchange.headers['www-authenticate'] !== undefined)) return 'auth';
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'refused';
  if (status >= 300) return 'redirect';
  if (exchange.jsonrpc?.kind === 'result' || status === 202) return 'served';
  return exchange.jsonrpc?.kind === 'error' ? 'refused' : 'unreadable';
}

/** The control was served and the variant refused: the one varied thing caused the refusal. */
export function refusedAgainstControl(variant: HttpExchange | undefined, control: HttpExchange | undefined): boolean {
  return variant !== undefined && control !== undefined && outcomeClass(control) === 'served' && outcomeClass(variant) === 'refused';
}

/** Both the variant and its control were served: the varied thing made no difference. */
export function servedLikeControl(variant: HttpExchange | undefined, control: HttpExchange | undefined): boolean {
  return variant !== undefined && control !== undefined && outcomeClass(control) === 'served' && outcomeClass(variant) === 'served';
}

/** `the same request with <what> got 200`, for messages. */
export function describeControl(control: HttpExchange, what: string): string {
  return `the same request ${what} got ${effectiveStatus(control) ?? 'no answer'}`;
}

/** The variant's evidence with the control exchange beside it. */
export function evidenceWithControl(variant: HttpExchange, control: HttpExchange): Evidence {
  const controlEvidence = evidenceOf(control);
  const evidence = evidenceOf(variant);
  evidence.control = { request: controlEvidence.request ?? `${control.method} ${control.url}` };
  if (controlEvidence.status !== undefined) evidence.control.status = controlEvidence.status;
  if (control.bodyExcerpt) evidence.control.bodyExcerpt = truncate(control.bodyExcerpt, CONTROL_BODY);
  return evidence;
}
