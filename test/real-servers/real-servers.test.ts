import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model/report.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { messageContradictions } from '../helpers/message-facts.js';
import { CASES, type CorpusCase } from './corpus.js';
import { SERVERS } from './servers.js';
import { startServer, type StartedServer } from './start-server.js';

/**
 * Third-party MCP servers from npm, each on 127.0.0.1 port 0, diagnosed through the built CLI
 * under both profiles. Each server starts once (again per run where a run changes it); cases run
 * a few at a time. The expected codes follow the raw behaviour recorded in corpus.ts.
 */

const PROFILES = ['generic', 'agentcore'] as const;
type ProfileName = (typeof PROFILES)[number];
/** Servers diagnosed at once: two cores are shared with other suites. */
const CONCURRENCY = 3;

interface Run {
  result: CliResult;
  report?: Report;
}

const runs = new Map<string, Run>();
const live = new Set<StartedServer>();
const key = (c: CorpusCase, profile: ProfileName): string => `${c.name} :: ${profile}`;

async function diagnose(url: string, c: CorpusCase, profile: ProfileName): Promise<Run> {
  const result = await runCli([url, '--format', 'json', '--profile', profile, ...(c.args ?? [])], { timeoutMs: 90_000 });
  try {
    return { result, report: JSON.parse(result.stdout) as Report };
  } catch {
    return { result };
  }
}

async function start(id: string): Promise<StartedServer> {
  const launch = SERVERS.find((s) => s.id === id);
  if (!launch) throw new Error(`no corpus server ${id}`);
  const started = await startServer(launch.args, launch.path);
  live.add(started);
  return started;
}

function stop(server: StartedServer): void {
  server.stop();
  live.delete(server);
}

async function runServer(id: string): Promise<void> {
  const cases = CASES.filter((c) => c.server === id);
  if (cases.some((c) => c.freshPerRun)) {
    for (const c of cases) {
      for (const profile of PROFILES) {
        const server = await start(id);
        runs.set(key(c, profile), await diagnose(server.url, c, profile));
        stop(server);
      }
    }
    return;
  }
  const server = await start(id);
  for (const c of cases) for (const profile of PROFILES) runs.set(key(c, profile), await diagnose(server.url, c, profile));
  stop(server);
}

const codesOf = (findings: Finding[]): string[] => findings.map((f) => `${f.code}:${f.severity}`).sort();

describe('real third-party servers', () => {
  beforeAll(async () => {
    const queue = [...new Set(CASES.map((c) => c.server))];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await runServer(id);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }, 600_000);

  afterAll(() => {
    for (const server of live) server.stop();
  });

  it('covers at least 15 distinct servers from npm', () => {
    expect(new Set(CASES.map((c) => c.server)).size).toBeGreaterThanOrEqual(15);
  });

  for (const c of CASES) {
    for (const profile of PROFILES) {
      it(`${c.name} (${profile})`, () => {
        const run = runs.get(key(c, profile));
        expect(run?.report, `no JSON report: ${run?.result.stderr.slice(0, 500)}`).toBeDefined();
        const report = run?.report as Report;
        // Every raw request the case recorded was answered: the doctor diagnosed the server itself.
        expect(report.checks.filter((check) => check.status === 'error').map((check) => `${check.id}: ${check.errorMessage}`)).toEqual([]);
        expect(codesOf(report.findings)).toEqual([...c[profile]].sort());
        const errors = report.findings.some((f) => f.severity === 'error');
        expect(run?.result.code).toBe(errors ? 1 : 0);
        // The official client completed its session whatever the verdict on the edges.
        expect(report.checks.find((check) => check.id === 'mcp-session')?.status).toBe('pass');
        for (const finding of report.findings) expect(messageContradictions(finding.message, finding.evidence), `${finding.code}: ${finding.message}`).toEqual([]);
      });
    }
  }

  describe('regressions of the mistakes real servers exposed', () => {
    const findingOf = (name: string, profile: ProfileName, code: string): Finding | undefined =>
      runs.get(`${name} :: ${profile}`)?.report?.findings.find((f) => f.code === code);

    it('a Content-Type refusal worded as a session error is attributed by its control (SDK v1 example)', () => {
      const finding = findingOf('SDK v1 simpleStreamableHttp (stateful)', 'generic', 'CONTENT_TYPE_REJECTED');
      expect(finding?.message).toMatch(/^400 for POST initialize \(Content-Type: text\/plain\): "Bad Request: No valid session ID provided", whereas the same request with `Content-Type: application\/json` got 200/);
      expect(finding?.evidence?.control).toMatchObject({ status: 200 });
      expect(finding?.evidence?.request).toContain('content-type: text/plain');
    });

    it('a DELETE that closes a shared transport no longer hides a silent GET stream (@hono/mcp)', () => {
      const finding = findingOf('@hono/mcp StreamableHTTPTransport (one shared stateless transport)', 'generic', 'GET_STREAM_HANGS');
      expect(finding?.message).toMatch(/got 200 `text\/event-stream` and no byte in \d+ ms/);
      expect(finding?.evidence?.bodyExcerpt).toBeUndefined();
    });

    it('an SSE comment is a byte: no GET_STREAM_HANGS for tmcp', () => {
      expect(findingOf('tmcp with @tmcp/transport-http', 'generic', 'GET_STREAM_HANGS')).toBeUndefined();
    });

    it('ids issued but not required are SESSION_OPTIONAL, not SERVER_STATEFUL (tmcp)', () => {
      expect(findingOf('tmcp with @tmcp/transport-http', 'agentcore', 'SERVER_STATEFUL')).toBeUndefined();
      expect(findingOf('tmcp with @tmcp/transport-http', 'agentcore', 'SESSION_OPTIONAL')?.severity).toBe('info');
    });

    it('a refused foreign Host is protection under generic and an error under agentcore (createMcpExpressApp)', () => {
      expect(findingOf('SDK v1 simpleStatelessStreamableHttp', 'generic', 'HOST_ALLOWLIST_ACTIVE')?.evidence?.control?.status).toBe(200);
      expect(findingOf('SDK v1 simpleStatelessStreamableHttp', 'generic', 'HOST_HEADER_REJECTED')).toBeUndefined();
      expect(findingOf('SDK v1 simpleStatelessStreamableHttp', 'agentcore', 'HOST_HEADER_REJECTED')?.severity).toBe('error');
    });
  });
});
