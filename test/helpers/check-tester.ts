import { describe, expect, it } from 'vitest';
import { catalog, resolveSeverity, type CatalogEntry } from '../../src/catalog/catalog.js';
import type { FindingArgs, CheckContext, CheckDefinition, CheckInput, FindingSpec } from '../../src/model/contracts.js';
import type { FindingCode } from '../../src/catalog/codes.js';
import type { Severity } from '../../src/model/report.js';
import type { AllObservations, DerivedId, HttpExchange, McpSessionObservation, ObservationKey } from '../../src/model/observations.js';
import { readJsonRpc } from '../../src/probes/jsonrpc.js';
import { SseParser } from '../../src/probes/sse.js';
import { sanitizeText } from '../../src/security/sanitize-text.js';
import { messageContradictions } from './message-facts.js';

/**
 * ESLint's RuleTester applied to checks (style-anchors §P9): a table of observations that must
 * pass and observations that must produce exactly the listed codes, plus meta-assertions that hold
 * for every finding any check emits.
 */

/** The target every case runs against unless it overrides `ctx`. */
export const DEFAULT_TARGET_URL = 'http://127.0.0.1:8000/mcp';

/** A loopback target under the generic profile, without a token. */
export const defaultContext: CheckContext = {
  target: { input: DEFAULT_TARGET_URL, url: DEFAULT_TARGET_URL, origin: 'http://127.0.0.1:8000', kind: 'url', isLoopback: true },
  profile: 'generic',
  hasToken: false,
  requestAuth: 'none',
};

/**
 * What a case gives a check: its probe observations. Derived observations a check needs only to
 * be scheduled (the engine skips it when they are missing) may be left out.
 */
export type CaseObservations<N extends ObservationKey, U extends ObservationKey> = Omit<CheckInput<N, U>, DerivedId> & Partial<Pick<AllObservations, DerivedId>>;

/** Observations under which the check must emit nothing. */
export interface ValidCase<N extends ObservationKey, U extends ObservationKey> {
  name: string;
  observations: CaseObservations<N, U>;
  ctx?: Partial<CheckContext>;
  /** The check is expected not to apply: its `appliesTo` reason must match. */
  notApplicable?: RegExp;
}

/** Observations under which the check must emit exactly `codes`. */
export interface InvalidCase<N extends ObservationKey, U extends ObservationKey> {
  name: string;
  observations: CaseObservations<N, U>;
  ctx?: Partial<CheckContext>;
  /** Emitted codes, in any order (compared sorted). */
  codes: FindingCode[];
  /** Severities as the engine would resolve them, in the order of the sorted codes. */
  severities?: Severity[];
  /** Values every emitted finding's `args` must contain. */
  args?: FindingArgs;
  /** What the rendered summary of every emitted finding must match. */
  message?: RegExp;
}

/** The table for one check. */
export interface CheckTestTable<N extends ObservationKey, U extends ObservationKey> {
  valid: Array<ValidCase<N, U>>;
  invalid: Array<InvalidCase<N, U>>;
}

/** What a check produced for one case, as the engine would see it. */
export interface CheckOutcome {
  applies: true | string;
  findings: FindingSpec[];
}

const UNSUBSTITUTED = ['undefined', 'NaN', '[object Object]', '${'];

/** A full context with `overrides` applied. */
export function makeContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return { ...defaultContext, ...overrides };
}

/** Runs a check the way the engine does: `appliesTo` first, then `run`, normalised to an array. */
export function runCheck<N extends ObservationKey, U extends ObservationKey>(check: CheckDefinition<N, U>, observations: CaseObservations<N, U>, ctx: CheckContext): CheckOutcome {
  const input = observations as CheckInput<N, U>;
  const applies = check.appliesTo?.(ctx, input) ?? true;
  if (applies !== true) return { applies, findings: [] };
  const produced = check.run(input, ctx);
  return { applies, findings: produced === undefined ? [] : Array.isArray(produced) ? produced : [produced] };
}

/** The severity the engine gives a finding: the check's override, else the catalog's for the profile. */
export function effectiveSeverity(spec: FindingSpec, ctx: CheckContext): Severity {
  return spec.severity ?? resolveSeverity(spec.code, ctx.profile);
}

/** Meta-assertions every emitted finding must satisfy, whatever the case. */
export function assertFindingShape<N extends ObservationKey, U extends ObservationKey>(check: CheckDefinition<N, U>, spec: FindingSpec): void {
  expect(check.codes, `${check.id} emitted ${spec.code}, which it does not declare`).toContain(spec.code);
  const entry: CatalogEntry | undefined = catalog[spec.code];
  expect(entry, `${spec.code} has no catalog entry`).toBeDefined();
  const summary = entry?.summary(spec.args ?? {}) ?? '';
  expect(summary.trim().length).toBeGreaterThan(0);
  for (const marker of UNSUBSTITUTED) {
    expect(summary, `summary of ${spec.code} contains "${marker}": ${summary}`).not.toContain(marker);
  }
  // An empty value substituted into prose leaves a space before punctuation or empty quotes.
  expect(summary, `summary of ${spec.code} has an empty substitution: ${summary}`).not.toMatch(/ [;.,)]|""|``|\(\)/);
  if (spec.evidence) {
    expect(JSON.stringify(spec.evidence), `evidence of ${spec.code}`).not.toContain('[object Object]');
  }
  // No message may state a fact its own evidence contradicts.
  expect(messageContradictions(summary, spec.evidence), `${spec.code}: ${summary}`).toEqual([]);
}

/** Registers one vitest suite for `check`: valid cases, invalid cases and code coverage. */
export function testCheck<N extends ObservationKey, U extends ObservationKey>(check: CheckDefinition<N, U>, table: CheckTestTable<N, U>): void {
  describe(check.id, () => {
    describe('valid', () => {
      for (const testCase of table.valid) {
        it(testCase.name, () => {
          const ctx = makeContext(testCase.ctx);
          const outcome = runCheck(check, testCase.observations, ctx);
          if (testCase.notApplicable) {
            expect(outcome.applies, 'the check applied although the case expects it not to').not.toBe(true);
            expect(outcome.applies).toMatch(testCase.notApplicable);
          } else {
            expect(outcome.applies, `the check did not apply: ${String(outcome.applies)}`).toBe(true);
          }
          for (const spec of outcome.findings) assertFindingShape(check, spec);
          expect(outcome.findings.map((f) => f.code)).toEqual([]);
        });
      }
    });

    describe('invalid', () => {
      for (const testCase of table.invalid) {
        it(testCase.name, () => {
          const ctx = makeContext(testCase.ctx);
          const outcome = runCheck(check, testCase.observations, ctx);
          expect(outcome.applies, `the check did not apply: ${String(outcome.applies)}`).toBe(true);
          for (const spec of outcome.findings) assertFindingShape(check, spec);
          const sorted = [...outcome.findings].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
          expect(sorted.map((f) => f.code)).toEqual([...testCase.codes].sort());
          // Every case pins severity: the ones it names, else the catalog's default for the profile
          // (a check that overrides severity must say so in its cases).
          expect(sorted.map((f) => effectiveSeverity(f, ctx))).toEqual(testCase.severities ?? sorted.map((f) => resolveSeverity(f.code, ctx.profile)));
          for (const spec of sorted) {
            if (testCase.args) expect(spec.args ?? {}).toMatchObject(testCase.args);
            if (testCase.message) expect(catalog[spec.code].summary(spec.args ?? {})).toMatch(testCase.message);
          }
        });
      }
    });

    it('has an invalid case for every code it declares', () => {
      const covered = new Set(table.invalid.flatMap((c) => c.codes));
      expect(check.codes.filter((code) => !covered.has(code))).toEqual([]);
      expect(table.valid.length).toBeGreaterThan(0);
    });
  });
}

/**
 * A realistic `HttpExchange`: a 200 to the compliant initialize unless overridden. `bodyExcerpt`
 * is the raw body; like the probe layer, the builder reads `jsonrpc` from a JSON body or from the
 * first SSE `message` event (and `sse` from an event stream) unless the partial sets them, then
 * sanitizes the excerpt.
 */
export function exchange(partial: Partial<HttpExchange> = {}): HttpExchange {
  const failed = partial.outcome !== undefined && partial.outcome !== 'response';
  const base: HttpExchange = {
    label: 'POST initialize',
    method: 'POST',
    url: DEFAULT_TARGET_URL,
    requestHeaders: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
    outcome: 'response',
    headers: {},
    bodyExcerpt: '',
    bodyTruncated: false,
    durationMs: 14,
    tokenReflected: false,
    ...(failed ? {} : { status: 200 }),
  };
  const built: HttpExchange = { ...base, ...partial };
  const contentType = built.contentType ?? built.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== undefined && !('contentType' in partial)) built.contentType = contentType;
  if (contentType === 'text/event-stream' && built.bodyExcerpt !== '') {
    const events = new SseParser().feed(built.bodyExcerpt);
    const message = events.find((e) => e.event === 'message' && e.data.trim() !== '');
    if (!('sse' in partial)) {
      built.sse = { events: events.length, bytes: Buffer.byteLength(built.bodyExcerpt), ended: true, ...(events[0] ? { firstEvent: events[0].event, firstEventAfterMs: 3 } : {}) };
    }
    if (!('jsonrpc' in partial)) {
      built.jsonrpc = message ? readJsonRpc(message.data) : { kind: 'other', reason: 'the SSE stream carried no JSON-RPC message' };
    }
  } else if (!('jsonrpc' in partial) && (contentType === 'application/json' || /^\s*[[{]/.test(built.bodyExcerpt))) {
    built.jsonrpc = readJsonRpc(built.bodyExcerpt);
  }
  built.bodyExcerpt = sanitizeText(built.bodyExcerpt, 2_000);
  return built;
}

/** A realistic `McpSessionObservation`: a session that connected and listed one tool. */
export function session(partial: Partial<McpSessionObservation> = {}): McpSessionObservation {
  return {
    connect: { ok: true },
    protocolVersion: '2025-11-25',
    serverInfo: { name: 'weather', version: '1.4.0' },
    capabilities: ['tools'],
    sessionIssued: false,
    ping: { ok: true },
    tools: { ok: true, count: 1, pages: 1, names: ['get_forecast'] },
    requests: 4,
    rounds: 3,
    ...partial,
  };
}

/** The JSON text of a successful InitializeResult (the id the doctor sends is 1). */
export function initializeResultJson(protocolVersion = '2025-11-25', id: number | string = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    result: { protocolVersion, capabilities: { tools: { listChanged: true } }, serverInfo: { name: 'weather', version: '1.4.0' } },
  });
}

/** The JSON text of a JSON-RPC error as the SDKs write it (TypeScript: `id: null`). */
export function jsonRpcErrorJson(code: number, message: string, id: string | number | null = null): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
}

/** One SSE `message` event carrying `json`, as python-sdk streams an initialize result. */
export function sseMessage(json: string): string {
  return `event: message\r\ndata: ${json}\r\n\r\n`;
}

/** A successful compliant initialize, as JSON, from a stateless server. */
export function initOk(partial: Partial<HttpExchange> = {}, protocolVersion = '2025-11-25'): HttpExchange {
  return exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: initializeResultJson(protocolVersion), ...partial });
}

/** A successful compliant initialize from a stateful python-sdk server (32-hex session id, SSE). */
export function initStateful(partial: Partial<HttpExchange> = {}): HttpExchange {
  return exchange({
    headers: { 'content-type': 'text/event-stream', 'mcp-session-id': '9f3c2a1be0d44c5e8a7b6c5d4e3f2a1b' },
    bodyExcerpt: sseMessage(initializeResultJson()),
    ...partial,
  });
}
