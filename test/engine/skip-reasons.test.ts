import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFixture, type RunningFixture } from '../../fixtures/start-fixture.js';
import type { DoctorOptions } from '../../src/engine/run-doctor.js';
import { runDoctor } from '../../src/engine/run-doctor.js';
import type { Report } from '../../src/model/report.js';
import { createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import { startSimulation, type Simulation } from '../../src/sim/index.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';

/**
 * Every skip reason a run gives must be true of that run's inputs: "no bearer token was given" only
 * when none was, "no AWS credentials" only when there are none, and so on. A reason this table does
 * not know fails the test, so a new reason comes with the condition under which it may appear.
 */

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ sub: 'u', exp: Math.floor(Date.now() / 1000) + 3600, client_id: 'c' })}.${'s'.repeat(43)}`;
const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/skip_reasons-Ab12Cd34Ef';

interface RunInputs {
  options: DoctorOptions;
  /** What the run was given, as the reasons speak of it. */
  arn: boolean;
  token: boolean;
  aws: boolean;
  credentials: boolean;
  opaqueToken?: boolean;
}

/** Each known reason and when it may be given; `failed` names the checks that did not pass. */
const REASONS: Array<{ match: RegExp; holds: (run: RunInputs, report: Report) => boolean }> = [
  { match: /^prerequisite check (\S+) did not pass$/, holds: () => true },
  { match: /^no bearer token was given$/, holds: (run) => !run.token },
  { match: /^no bearer token was sent$/, holds: (run) => !run.token || run.options.auth === 'sigv4' || run.options.auth === 'none' },
  { match: /^no token was requested/, holds: (run) => !run.token && !run.options.tokenRequest },
  { match: /^the token was given \(--token, --token-file or MCP_DOCTOR_TOKEN\), not obtained by the doctor$/, holds: (run) => run.token && !run.options.tokenRequest },
  { match: /^the token is opaque/, holds: (run) => run.opaqueToken === true && !run.arn },
  { match: /^no --wait was given$/, holds: (run) => run.options.waitMs === undefined },
  { match: /^no AWS credentials were found/, holds: (run) => run.arn && run.aws && !run.credentials },
  { match: /^the control plane was skipped \(--no-aws\)$/, holds: (run) => run.arn && !run.aws },
  { match: /^AWS calls were skipped \(--no-aws\)$/, holds: (run) => run.arn && !run.aws },
  { match: /^the target is a URL, not a runtime ARN$/, holds: (run) => !run.arn },
  { match: /^the target is not an AgentCore runtime$/, holds: (run) => !run.arn },
  { match: /^only under the agentcore profile$/, holds: (_run, report) => report.profile !== 'agentcore' },
  { match: /^no discovery URL: not an AgentCore JWT runtime and no --discovery-url$/, holds: (run) => run.options.discoveryUrl === undefined },
  { match: /^no tool named with --call/, holds: (run) => run.options.callTool === undefined },
  { match: /^no bearer token was given, so the endpoint is not known to be protected$/, holds: (run) => !run.token },
  { match: /^no JWT authorizer discovery URL is known$/, holds: (run) => run.options.discoveryUrl === undefined },
  { match: /^the target is a runtime: AgentCore calls the container itself$/, holds: (run) => run.arn },
  { match: /^AgentCore (owns session ids|routes the invocation path|sets the Host)/, holds: (run) => run.arn },
  { match: /^the server issues no sessions, so none can expire$/, holds: (_run, report) => report.server.stateful === false },
  { match: /^the path is `\/`$/, holds: (run) => new URL(run.options.target).pathname === '/' },
  { match: /^the requests are signed with SigV4|^the runtime uses IAM \(SigV4\)/, holds: (run) => run.arn && !run.token },
  { match: /^the runtime has no JWT authorizer configuration to predict from$/, holds: (run) => run.arn && run.aws && run.credentials },
  { match: /^the negotiated version \S+ predates the header/, holds: (_run, report) => (report.server.protocolVersion ?? '') < '2025-06-18' },
  { match: /^a foreign Host over TLS/, holds: (run) => run.options.target.startsWith('https:') },
  { match: /^no --origin was given$/, holds: (run) => run.options.origin === undefined },
  // Both probes are sent only to URL targets (AgentCore sets the Host and answers Origin itself).
  { match: /^neither a made-up Host nor a made-up Origin was sent to this target$/, holds: (run) => run.arn },
  { match: /^AgentCore's front door answers cross-origin requests/, holds: (run) => run.arn },
  // An observation the engine could not produce, for a reason of the run itself.
  { match: /^GetAgentRuntime failed \(no-credentials/, holds: (run) => run.arn && run.aws && !run.credentials },
  { match: /^the compliant initialize (got no HTTP response|did not succeed)|^the official SDK client could not connect/, holds: (run) => run.arn && (run.options.endpointUrl === 'http://127.0.0.1:9' || run.options.token === 'garbage') },
  { match: /^AgentCore answered the compliant initialize itself .*TOKEN_MALFORMED/, holds: (run) => run.options.token === 'garbage' },
  { match: /^server\/discover was not served|^the server does not serve 2026-07-28 requests/, holds: (_run, report) => !(report.server.protocolVersions ?? []).includes('2026-07-28') },
  { match: /./, holds: () => false },
];

/**
 * The reason a run gives, down to its root: the engine names the missing observation and, when that
 * one is missing because of another, the other; the root is what must be true of the run.
 */
function rootReason(reason: string): string {
  if (!reason.startsWith('missing observation ')) return reason;
  const chained = reason.lastIndexOf('which is missing: ');
  if (chained >= 0) return reason.slice(chained + 'which is missing: '.length);
  const titled = reason.indexOf('): ');
  return titled >= 0 ? reason.slice(titled + 3) : reason;
}

const untrueReasons = (run: RunInputs, report: Report): string[] =>
  report.checks
    .filter((c) => c.status === 'skip')
    .filter((c) => !REASONS.find((r) => r.match.test(rootReason(c.skipReason ?? '')))!.holds(run, report))
    .map((c) => `${c.id}: ${c.skipReason}`);

let fixture: RunningFixture;
beforeAll(async () => {
  fixture = await startFixture('healthy-json');
});
afterAll(async () => {
  await fixture?.stop();
});

describe('every skip reason is true of the run', () => {
  // No AWS credentials anywhere: the chain must find none (the data plane is a closed port).
  beforeAll(() => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/mcp-doctor/credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/mcp-doctor/config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  const runs: Array<[string, () => RunInputs]> = [
    ['a URL, no token', () => ({ options: { target: fixture.url }, arn: false, token: false, aws: true, credentials: false })],
    ['a URL with a JWT', () => ({ options: { target: fixture.url, token: JWT }, arn: false, token: true, aws: true, credentials: false })],
    ['a URL with an opaque token', () => ({ options: { target: fixture.url, token: 'gho_opaque0123456789' }, arn: false, token: true, aws: true, credentials: false, opaqueToken: true })],
    ['an ARN, a garbage token, no AWS credentials', () => ({ options: { target: ARN, endpointUrl: 'http://127.0.0.1:9', token: 'garbage', timeoutMs: 3_000 }, arn: true, token: true, aws: true, credentials: false })],
    ['an ARN with --no-aws and no token', () => ({ options: { target: ARN, endpointUrl: 'http://127.0.0.1:9', aws: false, timeoutMs: 3_000 }, arn: true, token: false, aws: false, credentials: false })],
  ];

  it.each(runs)('%s', async (_name, make) => {
    const run = make();
    const report = await runDoctor(run.options);
    const skipped = report.checks.filter((c) => c.status === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    expect(untrueReasons(run, report)).toEqual([]);
    // A prerequisite named in a reason really did not pass.
    for (const check of skipped) {
      const prerequisite = /^prerequisite check (\S+) did not pass$/.exec(check.skipReason ?? '')?.[1];
      if (prerequisite) expect(report.checks.find((c) => c.id === prerequisite)?.status).not.toBe('pass');
    }
    if (run.arn && run.token) expect(report.findings.map((f) => f.code)).toContain('TOKEN_MALFORMED');
  });
});

describe('every skip reason is true of the run, through the AgentCore simulation', () => {
  let sim: Simulation;
  let container: LocalServer;
  let arn: string;
  let access: string;
  beforeAll(async () => {
    sim = await startSimulation();
    container = await listenLocal(createStatelessApp());
    arn = sim.addRuntime({ name: 'skip_reasons', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } }).arn;
    access = await sim.issuer.mint({ tokenUse: 'access' });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await container?.stop();
    await sim?.stop();
  });

  const check = async (run: RunInputs) => {
    const report = await runDoctor(run.options);
    expect(untrueReasons(run, report)).toEqual([]);
    return report;
  };

  it('an ARN with AWS credentials and an access token', async () => {
    for (const [name, value] of Object.entries(sim.env())) vi.stubEnv(name, value);
    const report = await check({ options: { target: arn, env: sim.env(), token: access }, arn: true, token: true, aws: true, credentials: true });
    expect(report.summary.verdict).toBe('healthy');
    vi.unstubAllEnvs();
  });

  it('an ARN without AWS credentials, a garbage token, the data plane reachable', async () => {
    const env = { ...sim.env() };
    for (const name of Object.keys(env)) if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(name)) delete env[name];
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/mcp-doctor/credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/mcp-doctor/config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const report = await check({ options: { target: arn, env, token: 'garbage' }, arn: true, token: true, aws: true, credentials: false });
    expect(report.findings.map((f) => f.code)).toContain('TOKEN_MALFORMED');
    vi.unstubAllEnvs();
  });
});
