import type { FindingCode } from '../../src/catalog/codes.js';
import type { EraSelection } from '../../src/conformance/run-conformance.js';
import type { ConformanceFixtureName } from '../../fixtures/conformance/servers.js';

/**
 * The conformance table: fixture (one fault each) → the requirements that must not pass, with
 * their codes. Every requirement not named here must pass or be skipped, so a fault that leaks
 * into another requirement fails the table too.
 */
export interface ConformanceScenario {
  name: string;
  fixture: ConformanceFixtureName;
  era?: EraSelection;
  calls?: Array<{ name: string; args: Record<string, unknown> }>;
  /** Requirement id → codes of its error findings (status fail). */
  failures: Record<string, FindingCode[]>;
  /** Requirement id → codes of its warning findings (status warn). */
  warnings?: Record<string, FindingCode[]>;
  /** Requirement id → pattern its skip reason must match. */
  skipped?: Record<string, RegExp>;
  /** Eras and how they went. */
  eras: Array<[era: '2025' | '2026', status: 'tested' | 'skipped' | 'not-testable']>;
}

export const conformanceScenarios: ConformanceScenario[] = [
  {
    name: 'a correct dual-era server passes both eras',
    fixture: 'healthy-dual-era',
    failures: {},
    skipped: { '2025/tools-call': /never sent by default/, '2026/get-not-allowed': /also serves the 2025 era/ },
    eras: [['2025', 'tested'], ['2026', 'tested']],
  },
  {
    name: 'a 2025-only server: the 2026 era is skipped, never failed',
    fixture: 'healthy-legacy-only',
    failures: {},
    skipped: { '2026/discover': /server\/discover did not offer 2026-07-28 \(JSON-RPC error -32000/, '2026/tools-list': /did not offer 2026-07-28/ },
    eras: [['2025', 'tested'], ['2026', 'skipped']],
  },
  {
    name: 'a 2026-only server: the 2025 era is skipped and GET gets 405',
    fixture: 'healthy-modern-only',
    failures: {},
    skipped: { '2025/initialize': /serves 2026-07-28 only/ },
    eras: [['2025', 'skipped'], ['2026', 'tested']],
  },
  {
    name: '--era 2026 on a 2026-only server: GET is not judged without the 2025 era',
    fixture: 'healthy-modern-only',
    era: '2026',
    failures: {},
    skipped: { '2026/get-not-allowed': /the 2025 era was left out/ },
    eras: [['2026', 'tested']],
  },
  {
    name: 'a tools-only server: undeclared capabilities are skipped with the reason',
    fixture: 'healthy-tools-only',
    failures: {},
    skipped: {
      '2025/resources-list': /does not declare the "resources" capability/,
      '2025/resources-read': /does not declare the "resources" capability/,
      '2025/prompts-get': /does not declare the "prompts" capability/,
      '2025/completion': /does not declare the "completions" capability/,
      '2025/logging-set-level': /does not declare the "logging" capability/,
      '2026/prompts-list': /does not declare the "prompts" capability/,
    },
    eras: [['2025', 'tested'], ['2026', 'tested']],
  },
  {
    name: '--era 2026 on a 2025-only server is not testable (a failure)',
    fixture: 'healthy-legacy-only',
    era: '2026',
    failures: { '2026/discover': ['CONFORMANCE_NOT_TESTABLE'] },
    skipped: { '2026/tools-list': /did not offer 2026-07-28/ },
    eras: [['2026', 'not-testable']],
  },
  {
    name: '--call of a tool the server does not list is not testable',
    fixture: 'healthy-dual-era',
    calls: [{ name: 'no-such-tool', args: {} }],
    failures: { '2025/tools-call': ['CONFORMANCE_NOT_TESTABLE'], '2026/tools-call': ['CONFORMANCE_NOT_TESTABLE'] },
    eras: [['2025', 'tested'], ['2026', 'tested']],
  },
  {
    name: '--call of a listed tool whose result matches its outputSchema passes',
    fixture: 'healthy-dual-era',
    calls: [{ name: 'add', args: { a: 1, b: 2 } }, { name: 'echo', args: { text: 'hi' } }],
    failures: {},
    eras: [['2025', 'tested'], ['2026', 'tested']],
  },
  {
    name: 'a 2025-03-26 server is judged by 2025-03-26 (batches answered per request)',
    fixture: 'healthy-2025-03-26',
    failures: {},
    eras: [['2025', 'tested'], ['2026', 'skipped']],
  },
  { name: 'rejecting batches is fine from 2025-06-18 on', fixture: 'healthy-batch-rejected', failures: {}, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'rejecting batches under 2025-03-26', fixture: 'batch-rejected-2025-03-26', failures: { '2025/batch': ['CONFORMANCE_BATCH_MISHANDLED'] }, eras: [['2025', 'tested'], ['2026', 'skipped']] },
  { name: 'a tool without inputSchema', fixture: 'tool-missing-input-schema', failures: { '2025/tools-list': ['CONFORMANCE_RESULT_INVALID'], '2026/tools-list': ['CONFORMANCE_RESULT_INVALID'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'a tool schema that does not compile', fixture: 'tool-schema-uncompilable', failures: { '2025/tool-input-schemas': ['CONFORMANCE_TOOL_SCHEMA_INVALID'], '2026/tool-input-schemas': ['CONFORMANCE_TOOL_SCHEMA_INVALID'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'unknown method answered -32603', fixture: 'unknown-method-internal-error', failures: { '2025/unknown-method': ['CONFORMANCE_WRONG_ERROR'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'string ids echoed as numbers', fixture: 'string-id-as-number', failures: { '2025/request-id-string': ['CONFORMANCE_ID_MISMATCH'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'a cursor that loops', fixture: 'cursor-loop', failures: { '2025/pagination': ['CONFORMANCE_PAGINATION_BROKEN'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'a notification answered 200', fixture: 'notification-200', failures: { '2025/initialized-notification': ['CONFORMANCE_NOTIFICATION_REJECTED'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'a batch that crashes the server', fixture: 'batch-500', failures: { '2025/batch': ['CONFORMANCE_BATCH_MISHANDLED'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'a listed resource that cannot be read', fixture: 'resource-read-fails', failures: { '2025/resources-read': ['CONFORMANCE_REQUEST_FAILED'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'a ping result that is not empty', fixture: 'ping-not-empty', failures: { '2025/ping': ['CONFORMANCE_RESULT_INVALID'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: 'logging declared but not served', fixture: 'logging-declared-not-served', failures: { '2025/logging-set-level': ['CONFORMANCE_REQUEST_FAILED'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  {
    name: 'invalid params answered -32603 is a warning (a SHOULD)',
    fixture: 'invalid-params-internal-error',
    failures: {},
    warnings: { '2025/invalid-params': ['CONFORMANCE_WRONG_ERROR'] },
    eras: [['2025', 'tested'], ['2026', 'tested']],
  },
  {
    name: 'structuredContent that breaks the outputSchema (with --call)',
    fixture: 'structured-content-mismatch',
    calls: [{ name: 'add', args: { a: 1, b: 2 } }],
    failures: { '2025/tools-call': ['CONFORMANCE_RESULT_INVALID'] },
    eras: [['2025', 'tested'], ['2026', 'tested']],
  },
  { name: 'a local server that accepts any Origin', fixture: 'origin-not-validated', failures: { '2025/origin-validation': ['CONFORMANCE_ORIGIN_NOT_VALIDATED'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: '2026: a 2026 header without _meta is served', fixture: 'modern-envelope-ignored', failures: { '2026/missing-envelope': ['CONFORMANCE_WRONG_ERROR'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: '2026: an unknown version is served', fixture: 'modern-version-unchecked', failures: { '2026/unsupported-version': ['CONFORMANCE_WRONG_ERROR'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: '2026: a disagreeing Mcp-Method header is ignored', fixture: 'modern-header-unchecked', failures: { '2026/header-mismatch': ['CONFORMANCE_WRONG_ERROR'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: '2026: ping is still served', fixture: 'modern-ping-kept', failures: { '2026/removed-method': ['CONFORMANCE_WRONG_ERROR'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: '2026: an unknown method gets 200', fixture: 'modern-unknown-method-200', failures: { '2026/unknown-method': ['CONFORMANCE_WRONG_ERROR'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: '2026: responses carry a session id', fixture: 'modern-session-issued', failures: { '2026/no-session': ['CONFORMANCE_SESSION_IN_MODERN'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: '2026: list results without ttlMs and cacheScope', fixture: 'modern-list-without-cache-fields', failures: { '2026/tools-list': ['CONFORMANCE_RESULT_INVALID'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
  { name: '2026: a batch with a modern request is served', fixture: 'modern-batch-served', failures: { '2026/batch-rejected': ['CONFORMANCE_BATCH_MISHANDLED'] }, eras: [['2025', 'tested'], ['2026', 'tested']] },
];
