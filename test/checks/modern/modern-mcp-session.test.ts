import { modernMcpSession } from '../../../src/checks/modern/modern-mcp-session.js';
import type { ModernSessionObservation } from '../../../src/model/observations.js';
import { initOk, session, testCheck } from '../../helpers/check-tester.js';
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
