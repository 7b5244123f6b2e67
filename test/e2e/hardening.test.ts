import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { createStatelessApp, startSimulation } from '../../src/sim/index.js';
import type { Simulation } from '../../src/sim/types.js';
import { runCli } from '../helpers/run-cli.js';

/** Issue 16 through the built CLI: what the report claims matches what was sent. */
describe('the report says how requests were actually sent', () => {
  let sim: Simulation;
  let container: LocalServer;
  let arn = '';
  beforeAll(async () => {
    sim = await startSimulation();
    container = await listenLocal(createStatelessApp());
    arn = sim.addRuntime({ name: 'iam_runtime', containerUrl: container.url }).arn;
  });
  afterAll(async () => {
    await container.stop();
    await sim.stop();
  });

  it.each([
    { name: 'signed with SigV4 when the AWS SDK signs', args: [] as string[], auth: 'sigv4', pretty: /requests signed with SigV4/ },
    { name: 'without credentials with --no-aws (nothing signs)', args: ['--no-aws'], auth: 'none', pretty: /requests without credentials/ },
  ])('$name', async ({ args, auth, pretty }) => {
    const json = await runCli([arn, '--format', 'json', '--timeout', '15s', ...args], { env: sim.env() });
    const report = JSON.parse(json.stdout) as Report;
    expect(report.runtime?.requestAuth).toBe(auth);
    const text = await runCli([arn, '--timeout', '15s', ...args], { env: sim.env() });
    expect(text.stdout).toMatch(pretty);
    if (auth === 'none') expect(text.stdout).not.toMatch(/signed with SigV4/);
  });
});
