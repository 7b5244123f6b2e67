import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/engine/run-doctor.js';
import type { Report } from '../../src/model/report.js';
import { withPythonHostCheck } from '../../src/sim/containers/faults.js';
import { createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import { createModernApp } from '../../src/sim/containers/modern-app.js';
import type { HttpHandler } from '../../src/sim/containers/types.js';
import { listenLocal } from '../../src/sim/listen.js';

/**
 * The era as the engine applies it: a modern-only server is diagnosed with 2026-07-28 requests
 * (each legacy probe read through its modern twin), a dual-era one on its 2025 path, and the report
 * lists every version seen.
 */
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function diagnose(handler: HttpHandler, token?: string, only?: string[]): Promise<Report> {
  const server = await listenLocal(handler, { path: '/mcp' });
  stops.push(() => server.stop());
  return runDoctor({ target: server.url, timeoutMs: 20_000, overallTimeoutMs: 120_000, ...(token ? { token } : {}), ...(only ? { only } : {}) });
}

/** A bearer check that lets any token through (the auth-required fixture's fault, in front of a modern-only server). */
function anyBearer(app: HttpHandler): HttpHandler {
  return {
    handle(req, res) {
      if (!/^bearer\s+\S/i.test(req.headers.authorization ?? '')) {
        req.resume();
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' }).end('{"error":"invalid_token"}');
        return;
      }
      return app.handle(req, res);
    },
  };
}

const statusOf = (report: Report, id: string) => report.checks.find((c) => c.id === id);
const codesOf = (report: Report) => report.findings.map((f) => f.code).sort();

describe('era handling in the engine', () => {
  it('diagnoses a modern-only server with modern requests and calls it healthy', async () => {
    const report = await diagnose(createModernApp({ legacy: 'reject' }));
    expect(report.summary.verdict).toBe('healthy');
    // The v2 sample server validates neither Host nor Origin: judged on 2026-07-28 requests like any other.
    expect(codesOf(report)).toEqual(['CONTENT_TYPE_REJECTED', 'DNS_REBINDING_UNPROTECTED', 'MODERN_ONLY_SERVER']);
    expect(report.server).toMatchObject({ protocolVersions: ['2026-07-28'], era: 'modern-only', name: 'mcp-doctor-modern-fixture', stateful: false, tools: 2, resources: 1, prompts: 1 });
    expect(report.server.protocolVersion).toBeUndefined();
    for (const id of ['initialize', 'protocol-version', 'accept-negotiation', 'foreign-session-id', 'session-expiry', 'protocol-version-header']) {
      expect(statusOf(report, id), id).toMatchObject({ status: 'skip', skipReason: expect.stringMatching(/modern-only/) });
    }
    for (const id of ['endpoint-speaks-mcp', 'host-header', 'stateless', 'trailing-slash', 'mcp-session', 'tools-list', 'resources-list', 'prompts-list']) {
      expect(statusOf(report, id)?.status, id).toBe('pass');
    }
    // The Content-Type note is about the modern request, not the refused initialize.
    expect(report.findings.find((f) => f.code === 'CONTENT_TYPE_REJECTED')?.message).toMatch(/POST server\/discover \(Content-Type: text\/plain\)/);
    expect(report.summary.errored).toBe(0);
  }, 120_000);

  it('still finds a rejected Host on a modern-only server, through the modern twin', async () => {
    const report = await diagnose(withPythonHostCheck(createModernApp({ legacy: 'reject' })));
    const finding = report.findings.find((f) => f.code === 'HOST_ALLOWLIST_ACTIVE');
    expect(finding?.evidence?.request).toMatch(/mcp-protocol-version: 2026-07-28; mcp-method: server\/discover; host: mcp-doctor-host-check\.invalid:\d+/);
    expect(codesOf(report)).not.toContain('INITIALIZE_FAILED');
  }, 120_000);

  it('schedules the modern twins for a check selected with --only', async () => {
    const report = await diagnose(withPythonHostCheck(createModernApp({ legacy: 'reject' })), undefined, ['host-origin-validation']);
    expect(report.findings.map((f) => f.code)).toEqual(['HOST_ALLOWLIST_ACTIVE']);
    expect(report.timings.probes.map((p) => p.id)).toEqual(expect.arrayContaining(['discover', 'init', 'modern-host-foreign', 'modern-origin-foreign']));
  }, 120_000);

  it('runs the auth probes as modern requests on a modern-only server', async () => {
    const report = await diagnose(anyBearer(createModernApp({ legacy: 'reject' })), 'e2e-token-0123456789');
    const accepted = report.findings.find((f) => f.code === 'INVALID_TOKEN_ACCEPTED');
    expect(accepted?.evidence?.request).toMatch(/mcp-method: server\/discover/);
    expect(statusOf(report, 'server-auth')?.status).toBe('fail');
  }, 120_000);

  it('judges a dual-era server on its 2025 path and lists both versions', async () => {
    const report = await diagnose(createModernApp());
    expect(report.server).toMatchObject({ protocolVersion: '2025-11-25', protocolVersions: ['2025-11-25', '2026-07-28'], era: 'dual', v2Client: { era: 'modern', protocolVersion: '2026-07-28' } });
    expect(statusOf(report, 'initialize')?.status).toBe('pass');
    expect(statusOf(report, 'modern-mcp-session')?.status).toBe('pass');
    expect(codesOf(report)).toEqual(['ACCEPT_HEADER_REQUIRED', 'CONTENT_TYPE_REJECTED', 'DNS_REBINDING_UNPROTECTED']);
  }, 120_000);

  it('says nothing about 2026-07-28 on a 2025-only server', async () => {
    const report = await diagnose(createStatelessApp());
    expect(report.server).toMatchObject({ protocolVersions: ['2025-11-25'], era: 'legacy-only' });
    // The v2 client is not even loaded for a server that refuses server/discover.
    expect(report.server.v2Client).toBeUndefined();
    expect(statusOf(report, 'discover-result')).toMatchObject({ status: 'skip', skipReason: expect.stringMatching(/not served/) });
    expect(statusOf(report, 'modern-headers')?.status).toBe('skip');
    expect(codesOf(report)).toEqual(['ACCEPT_HEADER_REQUIRED', 'CONTENT_TYPE_REJECTED', 'HOST_ALLOWLIST_ACTIVE']);
  }, 120_000);
});
