import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { describeControl, evidenceWithControl, refusedAgainstControl } from '../differential.js';
import { detailOf } from '../evidence.js';

/**
 * `--origin URL` names the Origin a real client will send (a browser-based client, a hosted
 * connector). Refused while the same request without Origin is served, no such client connects.
 */
export const clientOrigin = defineCheck({
  id: 'client-origin',
  title: 'The Origin real clients send (--origin) is accepted',
  area: 'security',
  needs: ['init', 'origin-client', 'mcp-answer'],
  codes: ['ORIGIN_REJECTED'],
  spec: { id: 'MCP 2025-11-25 Transports: Security Warning (DNS rebinding)', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning' },
  run({ init, 'origin-client': client }): FindingSpec | undefined {
    if (!refusedAgainstControl(client, init)) return undefined;
    return {
      code: 'ORIGIN_REJECTED',
      args: { status: client.status, probe: client.label, detail: detailOf(client), url: client.requestHeaders.origin, control: describeControl(init, 'without Origin') },
      evidence: evidenceWithControl(client, init),
    };
  },
});
