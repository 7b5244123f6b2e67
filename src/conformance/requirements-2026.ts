import type { FindingSpec } from '../model/contracts.js';
import type { ModernConformanceObservation } from '../model/conformance.js';
import type { WireStep } from '../probes/conformance/wire.js';
import { featureRequirements, type FeatureObservation } from './feature-requirements.js';
import { defineRequirement, describeAnswer, evidenceOf, judgeError, judgeResult, probeName, type Requirement, type RequirementVerdict } from './requirement.js';

/**
 * The 2026-07-28 era: requests that stand alone (`_meta` envelope, `MCP-Protocol-Version` and
 * `Mcp-Method` headers), `server/discover` instead of `initialize`, no sessions. Each negative
 * requirement sends a well-formed modern request changed in exactly one way and expects the
 * error the revision prescribes. Only run when `server/discover` names 2026-07-28; the run
 * decides skip or "not testable" before these are evaluated.
 */

type Modern = ModernConformanceObservation;

function needs(step: WireStep | undefined, judge: (step: WireStep) => RequirementVerdict): RequirementVerdict {
  return step ? judge(step) : { skip: 'server/discover did not offer 2026-07-28' };
}

/** Every step judged alike; skipped only when every step is (the wrapper hid each answer). */
function needsAll(steps: WireStep[] | undefined, judge: (step: WireStep) => RequirementVerdict): RequirementVerdict {
  if (!steps?.length) return { skip: 'server/discover did not offer 2026-07-28' };
  const verdicts = steps.map(judge);
  const judged = verdicts.filter((v): v is FindingSpec[] => Array.isArray(v));
  return judged.length ? judged.flat() : (verdicts[0] as RequirementVerdict);
}

/** The modern era reads its features like the 2025 era does. */
function asFeatures(requirement: Requirement<FeatureObservation>): Requirement<Modern> {
  return requirement as unknown as Requirement<Modern>;
}

const baseRequirements: Array<Requirement<Modern>> = [
  defineRequirement<Modern>({
    id: '2026/discover',
    title: 'server/discover returns supportedVersions, capabilities and the modern result envelope',
    section: 'basic',
    area: 'protocol',
    codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o, ctx) => judgeResult(o.discover, ctx),
  }),
  defineRequirement<Modern>({
    id: '2026/request-id-string',
    title: 'A string request id comes back as the same string',
    section: 'basic#responses',
    area: 'protocol',
    codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o, ctx) => needs(o.stringId, (step) => judgeResult(step, ctx, { idOnly: true })),
  }),
  defineRequirement<Modern>({
    id: '2026/missing-envelope',
    title: 'A request with the 2026-07-28 header and no (or an incomplete) _meta envelope gets HTTP 400 and -32602',
    section: 'basic',
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o) => needsAll(o.missingEnvelope, (step) => judgeError(step, { code: -32602, name: 'Invalid params: a missing or incomplete _meta envelope', status: 400 })),
  }),
  defineRequirement<Modern>({
    id: '2026/unsupported-version',
    title: 'An unsupported protocol version gets HTTP 400 and -32022 naming the supported versions',
    section: 'basic',
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o) =>
      needs(o.unsupportedVersion, (step) => {
        const found = judgeError(step, { code: -32022, name: 'UnsupportedProtocolVersion', status: 400 });
        if (!Array.isArray(found) || found.length) return found;
        const supported = step.reading?.kind === 'error' ? (step.reading.data as { supported?: unknown } | undefined)?.supported : undefined;
        if (Array.isArray(supported) && supported.includes('2026-07-28')) return [];
        return [{ code: 'CONFORMANCE_WRONG_ERROR', args: { probe: probeName(step), method: 'HTTP 400 and -32022 with data.supported listing 2026-07-28', detail: `-32022 without data.supported naming 2026-07-28 (data: ${JSON.stringify(step.reading?.kind === 'error' ? (step.reading.data ?? null) : null).slice(0, 120)})` }, evidence: evidenceOf(step) }];
      }),
  }),
  defineRequirement<Modern>({
    id: '2026/header-mismatch',
    title: 'An Mcp-Method or Mcp-Name header that disagrees with the body gets HTTP 400 and -32020',
    section: 'basic/transports',
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o) => needsAll(o.headerMismatch, (step) => judgeError(step, { code: -32020, name: 'HeaderMismatch', status: 400 })),
  }),
  defineRequirement<Modern>({
    id: '2026/removed-method',
    title: 'Methods 2026-07-28 removed (initialize, ping, logging/setLevel, resources/subscribe, resources/unsubscribe) get HTTP 404 and -32601 with the request id',
    section: 'basic',
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o) => needsAll(o.removedMethods, (step) => judgeError(step, { code: -32601, name: 'Method not found', status: 404 })),
  }),
  defineRequirement<Modern>({
    id: '2026/unknown-method',
    title: 'An unknown method gets HTTP 404 and -32601 with the request id',
    section: 'basic',
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o) => needs(o.unknownMethod, (step) => judgeError(step, { code: -32601, name: 'Method not found', status: 404 })),
  }),
  defineRequirement<Modern>({
    id: '2026/invalid-params',
    title: 'A request naming a prompt or tool the server does not have gets -32602 (SHOULD: a warning)',
    section: 'basic#responses',
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o) => {
      if (!o.capabilities) return { skip: 'server/discover did not offer 2026-07-28' };
      if (!o.invalidParams) return { skip: 'the server declares neither prompts nor tools' };
      // The specification words these as SHOULD (prompts) or by example (tools): a warning, not a failure.
      return judgeError(o.invalidParams.step, { code: -32602, name: `Invalid params, for ${o.invalidParams.description}`, severity: 'warning' });
    },
  }),
  defineRequirement<Modern>({
    id: '2026/batch-rejected',
    title: 'A JSON-RPC batch holding a modern request gets HTTP 400 and -32600',
    section: 'basic',
    area: 'protocol',
    codes: ['CONFORMANCE_BATCH_MISHANDLED'],
    evaluate: (o, ctx) =>
      needs(o.batch, (step) => {
        if (step.status === 400 && step.reading?.kind === 'error' && step.reading.code === -32600) return [];
        if (step.containerStatus === 400) return judgeError(step, { code: -32600, name: 'Invalid Request', status: 400 });
        return [{ code: 'CONFORMANCE_BATCH_MISHANDLED', args: { version: ctx.version, detail: `${describeAnswer(step)} instead of HTTP 400 with -32600` }, evidence: evidenceOf(step) }];
      }),
  }),
  defineRequirement<Modern>({
    id: '2026/no-session',
    title: 'No 2026-07-28 response carries an Mcp-Session-Id',
    section: 'basic/transports',
    area: 'protocol',
    codes: ['CONFORMANCE_SESSION_IN_MODERN'],
    evaluate: (o, ctx) => {
      if (!o.capabilities) return { skip: 'server/discover did not offer 2026-07-28' };
      if (ctx.behindAgentCore) return { skip: 'AgentCore adds its own Mcp-Session-Id to every response (agentcore-contract §3.1), so a session id from the container cannot be told apart through the front door' };
      const steps = [o.discover, o.stringId, ...(o.removedMethods ?? []), o.unknownMethod, ...(o.tools?.pages ?? []), ...(o.prompts?.pages ?? []), ...(o.resources?.pages ?? [])].filter((s): s is WireStep => s !== undefined);
      const offender = steps.find((s) => s.headers['mcp-session-id'] !== undefined);
      return offender ? [{ code: 'CONFORMANCE_SESSION_IN_MODERN', args: { probe: probeName(offender) }, evidence: { ...evidenceOf(offender), headers: { 'mcp-session-id': offender.headers['mcp-session-id'] ?? '' } } }] : [];
    },
  }),
  defineRequirement<Modern>({
    id: '2026/get-not-allowed',
    title: 'A modern-only server answers GET with 405 and Allow: POST',
    section: 'basic/transports',
    area: 'protocol',
    codes: ['CONFORMANCE_WRONG_ERROR'],
    evaluate: (o): FindingSpec[] | { skip: string } => {
      if (o.modernOnly === undefined) return { skip: 'the 2025 era was left out (--era 2026), so whether GET is this server\'s legal 2025 stream is unknown' };
      if (!o.modernOnly) return { skip: 'the server also serves the 2025 era, whose GET stream is legal' };
      if (!o.get) return { skip: 'server/discover did not offer 2026-07-28' };
      const allow = o.get.headers.allow ?? '';
      if (o.get.status === 405 && /\bPOST\b/i.test(allow)) return [];
      return [{ code: 'CONFORMANCE_WRONG_ERROR', args: { probe: 'GET (2026-07-28)', method: 'HTTP 405 with Allow: POST', detail: `HTTP ${o.get.status ?? '?'}${allow ? ` with Allow: ${allow}` : ' without an Allow header'}`, ...(o.get.status !== undefined ? { status: o.get.status } : {}) }, evidence: evidenceOf(o.get) }];
    },
  }),
];

/** Every 2026-07-28 requirement, in report order. */
export const modernRequirements: ReadonlyArray<Requirement<Modern>> = [...baseRequirements, ...featureRequirements('2026').map(asFeatures)];
