import { modernMcpSession } from '../../../src/checks/modern/modern-mcp-session.js';
import type { ModernSessionObservation } from '../../../src/model/observations.js';
import { describe, expect, it } from 'vitest';
import { initOk, makeContext, runCheck, session, testCheck } from '../../helpers/check-tester.js';
import { discoverOk, discoverRefusedByLegacy, initRefusedModernOnly } from './modern-fixtures.js';

const list = (ok: boolean, error?: string) => ({ ok, count: ok ? 2 : 0, pages: 1, names: ok ? ['echo', 'add'] : [], ...(error ? { error } : {}) });
const modernSession = (partial: Partial<ModernSessionObservation> = {}): ModernSessionObservation => ({
  ...session({ protocolVersion: '2026-07-28', capabilities: ['tools'], tools: list(true) }),
  era: 'modern',
  discover: { supportedVersions: ['2026-07-28'], capabilities: ['tools'] },
  ...partial,
});

testCheck(modernMcpSession, {
  valid: [
    { name: 'the v2 client negotiates 2026-07-28 and lists tools', observations: { 'modern-session': modernSession(), init: initOk(), discover: discoverOk() } },
    { name: 'not on a modern-only server (mcp-session judges that session)', observations: { 'modern-session': modernSession(), init: initRefusedModernOnly(), discover: discoverOk() }, notApplicable: /both eras/ },
    { name: 'not on a 2025-only server', observations: { 'modern-session': modernSession(), init: initOk(), discover: discoverRefusedByLegacy() }, notApplicable: /both eras/ },
  ],
  invalid: [
    {
      name: 'connect fails',
      observations: { 'modern-session': modernSession({ connect: { ok: false, error: 'Server does not support 2026-07-28' } }), init: initOk(), discover: discoverOk() },
      codes: ['MCP_SESSION_FAILED'],
      severities: ['error'],
      args: { method: 'server/discover', detail: 'Server does not support 2026-07-28' },
    },
    {
      name: 'tools/list fails on the modern leg only',
      observations: { 'modern-session': modernSession({ tools: list(false, 'Tool schema invalid') }), init: initOk(), discover: discoverOk() },
      codes: ['MCP_SESSION_FAILED'],
      args: { method: 'tools/list', detail: 'Tool schema invalid' },
    },
  ],
});

/** Why the check stands aside for an incomplete DiscoverResult, and the evidence of each failed step. */
describe('modern-mcp-session reasons and evidence', () => {
  const ctx = makeContext();

  it('stands aside, naming every missing member, when server/discover lacks some', () => {
    const outcome = runCheck(modernMcpSession, { 'modern-session': modernSession(), init: initOk(), discover: discoverOk({ resultType: undefined, capabilities: undefined }) }, ctx);
    expect(outcome).toStrictEqual({ applies: 'server/discover answered without capabilities, resultType, which discover-result reports', findings: [] });
  });

  it.each<[string, Partial<ModernSessionObservation>, string, string | undefined]>([
    ['connect with words', { connect: { ok: false, error: 'Server does not support 2026-07-28' } }, 'server/discover', 'Server does not support 2026-07-28'],
    ['connect without words', { connect: { ok: false } }, 'server/discover', undefined],
    ['tools/list without words', { tools: list(false) }, 'tools/list', undefined],
    ['resources/list with words', { capabilities: ['tools', 'resources'], resources: list(false, 'MCP error -32603: boom') }, 'resources/list', 'MCP error -32603: boom'],
    ['prompts/list without words', { capabilities: ['tools', 'prompts'], prompts: list(false) }, 'prompts/list', undefined],
  ])('%s', (_name, partial, method, error) => {
    expect(runCheck(modernMcpSession, { 'modern-session': modernSession(partial), init: initOk(), discover: discoverOk() }, ctx).findings).toStrictEqual([
      { code: 'MCP_SESSION_FAILED', args: { method, detail: error }, evidence: { detail: error ?? '' } },
    ]);
  });
});
