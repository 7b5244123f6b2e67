import type { FindingSpec } from '../model/contracts.js';
import type { LegacyConformanceObservation } from '../model/conformance.js';
import { featureRequirements } from './feature-requirements.js';
import { defineRequirement, describeAnswer, evidenceOf, judgeError, judgeResult, probeName, type Requirement } from './requirement.js';

/**
 * The 2025 era (2024-11-05 to 2025-11-25): `initialize`, a session when the server issues one,
 * then the base protocol and the declared features. Sections resolve against the negotiated
 * version, so a 2025-03-26 server is linked to the 2025-03-26 text.
 */

type Legacy = LegacyConformanceObservation;

const JSONRPC_ERRORS = 'https://www.jsonrpc.org/specification#error_object';

/** Revisions that require receiving JSON-RPC batches (added in 2025-03-26, removed in 2025-06-18). */
const BATCH_VERSIONS = new Set(['2025-03-26']);

const baseRequirements: Array<Requirement<Legacy>> = [
  defineRequirement<Legacy>({
    id: '2025/initialize',
    title: 'initialize returns a schema-valid InitializeResult with the request id',
    section: 'basic/lifecycle#initialization',
    area: 'protocol',
    codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o, ctx) => judgeResult(o.initialize, ctx),
  }),
  defineRequirement<Legacy>({
    id: '2025/initialized-notification',
    title: 'The initialized notification is accepted with 202 and no body',
    section: 'basic/transports#sending-messages-to-the-server',
    area: 'protocol',
    codes: ['CONFORMANCE_NOTIFICATION_REJECTED'],
    evaluate: (o) => {
      const step = o.initialized;
      if (!step) return { skip: 'initialize did not succeed' };
      if (step.status === 202) return [];
      return [{ code: 'CONFORMANCE_NOTIFICATION_REJECTED', args: { probe: probeName(step), ...(step.status !== undefined ? { status: step.status } : { detail: describeAnswer(step) }) }, evidence: evidenceOf(step) }];
    },
  }),
  defineRequirement<Legacy>({
    id: '2025/ping',
    title: 'ping (number id 7) returns an empty result with the same id',
    section: 'basic/utilities/ping',
    area: 'protocol',
    codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o, ctx) => (o.pingNumberId ? judgeResult(o.pingNumberId, ctx) : { skip: 'initialize did not succeed' }),
  }),
  defineRequirement<Legacy>({
    id: '2025/request-id-string',
    title: 'A string request id ("7") comes back as the same string',
    section: 'basic#responses',
    area: 'protocol',
    codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o, ctx) => (o.pingStringId ? judgeResult(o.pingStringId, ctx, { idOnly: true }) : { skip: 'initialize did not succeed' }),
  }),
  defineRequirement<Legacy>({
    id: '2025/unknown-method',
    title: 'An unknown method gets JSON-RPC -32601 (Method not found) with the request id',
    section: 'basic#responses',
    externalUrl: JSONRPC_ERRORS,
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o) => (o.unknownMethod ? judgeError(o.unknownMethod, { code: -32601, name: 'Method not found' }) : { skip: 'initialize did not succeed' }),
  }),
  defineRequirement<Legacy>({
    id: '2025/invalid-params',
    title: 'A request with invalid params (an unlisted prompt or tool name, a missing uri) gets JSON-RPC -32602 (SHOULD: a warning)',
    section: 'basic#responses',
    externalUrl: JSONRPC_ERRORS,
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o) => {
      if (!o.capabilities) return { skip: 'initialize did not succeed' };
      if (!o.invalidParams) return { skip: 'the server declares none of resources, prompts, tools: no read-only method to send invalid params to' };
      // The specification words these as SHOULD (prompts) or by example (tools): a warning, not a failure.
      return judgeError(o.invalidParams.step, { code: -32602, name: `Invalid params, for ${o.invalidParams.description}`, severity: 'warning' });
    },
  }),
  defineRequirement<Legacy>({
    id: '2025/batch',
    title: 'A JSON-RPC batch is answered per request (2025-03-26) or rejected cleanly (other versions)',
    section: 'basic/transports#sending-messages-to-the-server',
    area: 'protocol',
    codes: ['CONFORMANCE_BATCH_MISHANDLED'],
    evaluate: (o, ctx) => judgeBatch(o, ctx.version),
  }),
  defineRequirement<Legacy>({
    id: '2025/origin-validation',
    title: 'A server on this machine rejects a request from a foreign Origin (403 from 2025-11-25)',
    section: 'basic/transports#security-warning',
    area: 'security',
    codes: ['CONFORMANCE_ORIGIN_NOT_VALIDATED'],
    evaluate: (o, ctx) => {
      if (!o.capabilities) return { skip: 'initialize did not succeed' };
      const step = o.foreignOrigin;
      if (!step) return { skip: 'the target is not on this machine: DNS rebinding concerns local servers, and a remote server\'s allowed origins are its own policy' };
      const status = step.status ?? 0;
      // 2025-11-25 names the status; earlier revisions only require the Origin to be validated.
      const rejected = ctx.version >= '2025-11-25' ? status === 403 : status >= 400 && status < 500;
      if (rejected) return [];
      return [{ code: 'CONFORMANCE_ORIGIN_NOT_VALIDATED', args: { probe: probeName(step), version: ctx.version, detail: describeAnswer(step), ...(step.status !== undefined ? { status: step.status } : {}) }, evidence: evidenceOf(step) }];
    },
  }),
  defineRequirement<Legacy>({
    id: '2025/logging-set-level',
    title: 'logging/setLevel returns an empty result when logging is declared',
    section: 'server/utilities/logging#setting-log-level',
    area: 'mcp',
    codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o, ctx) => {
      if (!o.capabilities) return { skip: 'initialize did not succeed' };
      return o.logging ? judgeResult(o.logging, ctx) : { skip: 'the server does not declare the "logging" capability' };
    },
  }),
];

/**
 * 2025-03-26 requires a response per request (ids kept). Later revisions removed batching:
 * rejecting it (4xx, or a JSON-RPC error) and answering it are both accepted; a 5xx, a hang, or
 * a 202 that leaves both requests unanswered is not.
 */
function judgeBatch(o: Legacy, version: string): FindingSpec[] | { skip: string } {
  const step = o.batch;
  if (!step) return { skip: 'initialize did not succeed' };
  const fail = (detail: string): FindingSpec[] => [{ code: 'CONFORMANCE_BATCH_MISHANDLED', args: { version, detail }, evidence: evidenceOf(step) }];
  if (step.outcome !== 'response') return fail(describeAnswer(step));
  const status = step.status ?? 0;
  const answered = o.batchAnsweredIds ?? [];
  if (BATCH_VERSIONS.has(version)) return answered.length === 2 ? [] : fail(`${describeAnswer(step)} instead of a response for each of the ids "batch-1" and "batch-2"`);
  if (status >= 500) return fail(`HTTP ${status}: the server failed on it instead of rejecting it`);
  if (status >= 400 || step.reading?.kind === 'error' || step.reading?.kind === 'result' || answered.length > 0) return [];
  if (status === 202) return fail('HTTP 202 with no body: both requests went unanswered');
  return fail(`${describeAnswer(step)}, neither a rejection nor a response`);
}

/** Every 2025-era requirement, in report order. */
export const legacyRequirements: ReadonlyArray<Requirement<Legacy>> = [...baseRequirements, ...featureRequirements('2025')];
