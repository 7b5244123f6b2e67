import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FailOn, Report } from '../model/report.js';
import { startSimulation } from '../sim/index.js';
import { seedTeardownScenario, TEARDOWN_SCENARIOS, type TeardownScenarioName } from '../sim/teardown-scenarios.js';

/**
 * `mcp-doctor demo teardown[-<state>]`: a deployment seeded into the local simulation and torn
 * down part-way, its `.bedrock_agentcore.yaml` laid in a temporary folder, and the same audit a
 * user runs (`mcp-doctor teardown`). Nothing leaves 127.0.0.1; the folder is removed afterwards.
 */

/** Demo scenario names and the seeded state each runs. */
export const TEARDOWN_DEMOS: Readonly<Record<string, TeardownScenarioName>> = {
  teardown: 'half-finished',
  'teardown-dangling-trigger': 'dangling-trigger',
  'teardown-stack-delete-failed': 'stack-delete-failed',
  'teardown-clean': 'clean',
};

/** The teardown demos, named and titled for `demo --list`. */
export function teardownDemoEntries(): { name: string; title: string }[] {
  return Object.entries(TEARDOWN_DEMOS).map(([name, state]) => ({ name, title: `Teardown audit: ${TEARDOWN_SCENARIOS[state]}` }));
}

/** Runs the audit of a seeded teardown; `onStart` receives the command line it stands for. */
export async function runTeardownDemo(name: string, options: { failOn: FailOn; onStart?: (commandLine: string) => void }): Promise<Report> {
  const state = TEARDOWN_DEMOS[name];
  if (!state) throw new Error(`not a teardown demo: ${name}`);
  const sim = await startSimulation();
  const dir = await mkdtemp(join(tmpdir(), 'mcp-doctor-teardown-'));
  try {
    const seeded = seedTeardownScenario(sim, state);
    await writeFile(join(dir, '.bedrock_agentcore.yaml'), seeded.starterToolkitYaml);
    Object.assign(process.env, sim.env());
    // A named profile would make the credential chain skip the simulation's static credentials.
    delete process.env.AWS_PROFILE;
    const stack = state === 'stack-delete-failed' ? seeded.stackName : undefined;
    options.onStart?.(`mcp-doctor teardown --agent ${seeded.agent}${stack ? ` --stack ${stack}` : ''}`);
    const [{ runTeardown }, { createNetworkConfig }] = await Promise.all([import('../teardown/run-teardown.js'), import('../probes/network-config.js')]);
    const report = await runTeardown({ dir, agent: seeded.agent, failOn: options.failOn, timeoutMs: 15_000, signal: new AbortController().signal, network: createNetworkConfig({ direct: true }), ...(stack ? { stackName: stack } : {}) });
    report.target.input = seeded.agent;
    report.target.url = 'file:///demo-project/';
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await sim.stop();
  }
}
