import type { DoctorDeps, DoctorOptions } from '../engine/run-doctor.js';
import type { Report } from '../model/report.js';
import { listenLocal, type LocalServer } from '../sim/listen.js';
import { startSimulation } from '../sim/index.js';
import type { CustomJwtAuthorizer } from '../sim/types.js';
import { DEMO_SCENARIOS, type DemoScenario } from './scenarios.js';

/**
 * `mcp-doctor demo`: starts the local AgentCore simulation and a real MCP container in a named
 * scenario, points the AWS endpoint overrides at the simulation, and hands the runtime ARN (and the
 * scenario's token) to the same diagnosis a user runs. Nothing leaves 127.0.0.1.
 */
export interface DemoRun {
  scenario: DemoScenario;
  arn: string;
  token?: string;
  /** Environment the diagnosis must run with (endpoint overrides, region, static credentials). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Finds a scenario by name. */
export function findDemoScenario(name: string): DemoScenario | undefined {
  return DEMO_SCENARIOS.find((s) => s.name === name);
}

/** Starts the simulation and the scenario's container and registers the runtime. */
export async function startDemo(scenario: DemoScenario): Promise<DemoRun> {
  // Long enough for a container on a busy machine, short enough for the init-timeout scenario.
  const sim = await startSimulation({ knobs: { initTimeoutSeconds: 4 } });
  let container: LocalServer | undefined;
  try {
    if (scenario.container) container = await listenLocal(scenario.container());
    const { jwt, ...runtime } = scenario.runtime;
    const authorizer: CustomJwtAuthorizer | undefined =
      jwt === 'allowedClients' ? { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } : jwt === 'allowedAudience' ? { discoveryUrl: sim.issuer.discoveryUrl, allowedAudience: [sim.issuer.client.clientId] } : undefined;
    const registered = sim.addRuntime({
      name: `demo_${scenario.name.replace(/-/g, '_')}`,
      ...runtime,
      ...(authorizer ? { customJWTAuthorizer: authorizer } : {}),
      ...(container ? { containerUrl: container.url } : {}),
    });
    const token = scenario.token ? await sim.issuer.mint(scenario.token) : undefined;
    return {
      scenario,
      arn: registered.arn,
      ...(token ? { token } : {}),
      env: sim.env(),
      async stop() {
        await container?.stop();
        await sim.stop();
      },
    };
  } catch (error) {
    await container?.stop();
    await sim.stop();
    throw error;
  }
}

/** A runtime registered in a running simulation, with the environment that reaches it. */
export interface SimulatedRuntime {
  arn: string;
  token?: string;
  env: Record<string, string>;
}

/**
 * Diagnoses a simulated runtime through the real code path: the AWS SDK and the data-plane probes
 * find the local simulation through the standard endpoint overrides, exactly as they would find
 * AWS. Used by `demo` and `rehearse`; it sets the overrides in `process.env` for the rest of the run.
 * Requests go direct unless `options.network` says otherwise: a corporate proxy cannot reach a
 * simulation on 127.0.0.1.
 */
export async function diagnoseSimulatedRuntime(run: SimulatedRuntime, options: Omit<DoctorOptions, 'target' | 'token'> = {}, deps: DoctorDeps = {}): Promise<Report> {
  Object.assign(process.env, run.env);
  // A named profile would make the credential chain skip the simulation's static credentials.
  delete process.env.AWS_PROFILE;
  deps.redactor?.addSecret(run.token);
  const [{ runDoctor }, { createNetworkConfig }] = await Promise.all([import('../engine/run-doctor.js'), import('../probes/network-config.js')]);
  const network = options.network ?? createNetworkConfig({ direct: true });
  return runDoctor({ ...options, network, target: run.arn, ...(run.token ? { token: run.token } : {}) }, deps);
}

/** One line per scenario (and per `extra` entry, such as the teardown demos), for `demo --list`. */
export function listDemoScenarios(defaultName: string, extra: readonly { name: string; title: string }[] = []): string {
  const all = [...DEMO_SCENARIOS, ...extra];
  const width = Math.max(...all.map((s) => s.name.length));
  return `${all.map((s) => `  ${s.name.padEnd(width)}  ${s.title}${s.name === defaultName ? ' (default)' : ''}`).join('\n')}\n`;
}

/** The codes of a report, for checking a scenario's expectation. */
export function reportCodes(report: Report): string[] {
  return report.findings.map((f) => f.code);
}
