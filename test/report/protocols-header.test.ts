import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { renderHtml, renderJson, renderJunit, renderMarkdown, renderPretty } from '../../src/report/index.js';
import { describeProtocols } from '../../src/report/server-protocols.js';
import { healthyReport } from '../helpers/sample-report.js';

/** Every report header names each protocol version the server was seen to serve. */
function withServer(server: Report['server']): Report {
  return { ...healthyReport(), server };
}

describe('protocol versions in report headers', () => {
  const dual = withServer({ name: 'weather', version: '2.0.0', protocolVersion: '2025-11-25', protocolVersions: ['2025-11-25', '2026-07-28'], era: 'dual' });
  const modernOnly = withServer({ name: 'weather', protocolVersions: ['2026-07-28'], era: 'modern-only' });

  it('names both eras of a dual-era server', () => {
    expect(renderPretty(dual, { color: false })).toContain('server weather 2.0.0 · protocols 2025-11-25, 2026-07-28');
    expect(renderMarkdown([dual])).toContain('protocols 2025-11-25, 2026-07-28');
    expect(renderHtml([dual])).toContain('protocols <b>2025-11-25, 2026-07-28</b>');
    expect(renderJunit([dual])).toContain('<property name="server.protocolVersions" value="2025-11-25, 2026-07-28"');
    expect(JSON.parse(renderJson(dual)).server.protocolVersions).toEqual(['2025-11-25', '2026-07-28']);
  });

  it('names the one version of a modern-only server, which has no initialize version', () => {
    expect(renderPretty(modernOnly, { color: false })).toContain('server weather · protocol 2026-07-28');
  });

  it('falls back to the negotiated version of older reports', () => {
    expect(describeProtocols({ protocolVersion: '2025-06-18' })).toEqual({ label: 'protocol', versions: '2025-06-18' });
    expect(describeProtocols({})).toBeUndefined();
  });
});
