/**
 * `npm run bench`: figures, not pass/fail tests (it builds first). Every figure comes from child
 * processes of the built executable (`dist/bundle/mcp-doctor.js`, what `npx mcp-doctor` runs):
 * 1. Critical path: a healthy JWT runtime ARN diagnosed through the simulation with 100 ms added
 *    to every simulated request: sequential rounds, requests, diagnosis and process time, and
 *    where the time goes (process CPU time against event-loop idle time; each heavy package's
 *    import cost alone), and the same diagnosis by the unbundled `tsc` output for comparison.
 * 2. Start-up: medians of `--version` and `explain` against `node -e 0`, interleaved in the same
 *    run (wall and, with GNU time, CPU time), and the packages each imports (none should be heavy).
 * 3. Memory: peak RSS of the full run above and of a 200-runtime `--all` fleet run.
 * 4. The same healthy fixture listed by `@modelcontextprotocol/inspector-cli` (tools/list) and
 *    diagnosed by mcp-doctor, medians and their ratio.
 * `BENCH_RUNS` (default 5) and `BENCH_FLEET` (default 200) scale it down for a quick look.
 */
import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixture } from '../fixtures/start-fixture.js';
import { withPythonHostCheck } from '../src/sim/containers/faults.js';
import { createStatefulApp, createStatelessApp } from '../src/sim/containers/mcp-app.js';
import { listenLocal, type LocalServer } from '../src/sim/listen.js';
import { startSimulation } from '../src/sim/index.js';
import { cleanUp, cpuTimeOf, machineNote, median, range, runNode } from './bench-process.js';

// The in-process simulation waits on its one stop signal once per request in flight.
setMaxListeners(1_000);

const bin = fileURLToPath(new URL('../dist/bundle/mcp-doctor.js', import.meta.url));
/** The same entry point as `tsc` emits it, unbundled: what the bundle saves. */
const unbundledBin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const fleetSize = Number(process.env.BENCH_FLEET ?? 200);
const HEAVY = /^(@aws-sdk\/|@smithy\/|@modelcontextprotocol\/|undici$|jose$|yargs$)/;

/** One row of the final table. */
interface Row {
  figure: string;
  value: string;
  target: string;
  met?: boolean;
}
const rows: Row[] = [];
const ms = (value: number): string => `${Math.round(value)} ms`;
const mib = (value: number | undefined): string => (value === undefined ? '?' : `${Math.round(value)} MiB`);
const signed = (value: number): string => `${value < 0 ? '−' : '+'}${ms(Math.abs(value))}`;

/** One measured child run of a diagnosis. */
interface RunSample {
  report: JsonReport;
  wallMs: number;
  rss: number | undefined;
  cpuMs: number | undefined;
  idleMs: number | undefined;
}

/** The values that were measured (a child that died before its exit hook has none). */
const defined = (values: ReadonlyArray<number | undefined>): number[] => values.filter((v): v is number => v !== undefined);

interface JsonReport {
  durationMs: number;
  summary: { verdict: string };
  timings: { rounds: number; requests: number; probes: Array<{ id: string; startedAtMs: number; durationMs: number; requests: number }> };
}

console.log(`mcp-doctor bench · ${machineNote()} · ${runs} runs per figure\n`);

// 1. Critical path, and the peak RSS of those full runs.
{
  const sim = await startSimulation({ knobs: { latencyMs: 100 } });
  const container = await listenLocal(createStatelessApp());
  try {
    const runtime = sim.addRuntime({ name: 'bench', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } });
    const env = { ...sim.env(), MCP_DOCTOR_TOKEN: await sim.issuer.mint({}), AWS_EC2_METADATA_DISABLED: 'true' };
    // One unmeasured run warms the simulation (its first JWKS fetch, first container connections).
    await runNode([bin, runtime.arn, '--format', 'json'], { env });
    const measure = async (entry: string, label: string): Promise<RunSample[]> => {
      const measured: RunSample[] = [];
      for (let i = 0; i < runs; i++) {
        const run = await runNode([entry, runtime.arn, '--format', 'json'], { env, rss: true });
        const report = JSON.parse(run.stdout) as JsonReport;
        measured.push({ report, wallMs: run.wallMs, rss: run.peakRssMiB, cpuMs: run.cpuMs, idleMs: run.idleMs });
        console.log(
          `${label} run ${i + 1}: ${report.timings.rounds} rounds, ${report.timings.requests} requests, diagnosis ${report.durationMs} ms, process ${Math.round(run.wallMs)} ms ` +
            `(CPU ${Math.round(run.cpuMs ?? 0)} ms, event loop idle ${Math.round(run.idleMs ?? 0)} ms), peak RSS ${mib(run.peakRssMiB)}, ${report.summary.verdict}`,
        );
      }
      return measured;
    };
    const samples = await measure(bin, 'critical path');
    const rounds = Math.max(...samples.map((s) => s.report.timings.rounds));
    const diagnosis = samples.map((s) => s.report.durationMs);
    const wall = samples.map((s) => s.wallMs);
    const medianProbes = samples.find((s) => s.report.durationMs === median(diagnosis))?.report.timings.probes ?? [];
    const tail = [...medianProbes].sort((a, b) => b.startedAtMs + b.durationMs - (a.startedAtMs + a.durationMs)).slice(0, 3);
    console.log(`  median run ends with: ${tail.map((p) => `${p.id} ${p.startedAtMs}+${p.durationMs} ms`).join(', ')}`);
    rows.push({ figure: 'critical path: sequential rounds (healthy JWT runtime ARN)', value: String(rounds), target: '≤ 6', met: rounds <= 6 });
    rows.push({ figure: 'critical path: requests', value: String(median(samples.map((s) => s.report.timings.requests))), target: '' });
    rows.push({ figure: 'critical path: diagnosis, 100 ms per request (median)', value: `${ms(median(diagnosis))} (${range(diagnosis)})`, target: '≤ 700 ms', met: median(diagnosis) <= 700 });
    rows.push({ figure: 'critical path: whole process incl. start-up (median)', value: `${ms(median(wall))} (${range(wall)})`, target: '' });
    // Where the process time goes: CPU (module loading, parsing, TLS-free loopback I/O) against waiting.
    const cpu = defined(samples.map((s) => s.cpuMs));
    const idle = defined(samples.map((s) => s.idleMs));
    rows.push({ figure: 'critical path: process CPU time / event loop idle (medians)', value: `${ms(median(cpu))} / ${ms(median(idle))}`, target: '' });
    const rss = defined(samples.map((s) => s.rss));
    rows.push({ figure: 'memory: peak RSS of a full ARN run (max)', value: mib(Math.max(...rss)), target: '≤ 100 MiB', met: Math.max(...rss) <= 100 });
    // The same runs from the unbundled tsc output: thousands of module files instead of a few chunks.
    const unbundled = await measure(unbundledBin, 'unbundled');
    rows.push({
      figure: 'unbundled tsc output, same runs: diagnosis / process / CPU (medians), peak RSS (max)',
      value: `${ms(median(unbundled.map((s) => s.report.durationMs)))} / ${ms(median(unbundled.map((s) => s.wallMs)))} / ${ms(median(defined(unbundled.map((s) => s.cpuMs))))}, ${mib(Math.max(...defined(unbundled.map((s) => s.rss))))}`,
      target: '',
    });
  } finally {
    await container.stop();
    await sim.stop();
  }
}

// 1b. What the CPU time is made of: each heavy package imported alone into a fresh process (CPU
// time, which a busy machine inflates far less than wall time).
{
  const packages = ['yargs', 'undici', 'jose', '@modelcontextprotocol/sdk/client/streamableHttp.js', '@aws-sdk/credential-providers', '@aws-sdk/client-bedrock-agentcore-control', '@aws-sdk/client-cognito-identity-provider', 'proxy-agent'];
  const costs: string[] = [];
  for (const name of packages) {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const script = `const before = process.cpuUsage(); await import(${JSON.stringify(name)}); const d = process.cpuUsage(before); console.log((d.user + d.system) / 1000);`;
      samples.push(Number((await runNode(['--input-type=module', '-e', script])).stdout.trim()));
    }
    costs.push(`${name.replace('/client/streamableHttp.js', '')} ${ms(median(samples))}`);
  }
  console.log(`  import CPU cost, each package alone: ${costs.join(', ')}`);
}

// 2. Start-up, interleaved so a busy machine slows every command alike.
{
  const commands = {
    'node -e 0': ['-e', '0'],
    '--version': [bin, '--version'],
    'explain SERVER_STATEFUL': [bin, 'explain', 'SERVER_STATEFUL'],
  } as const;
  const times = new Map<string, number[]>(Object.keys(commands).map((k) => [k, []]));
  const startupRuns = Math.max(runs * 2 + 1, 5);
  for (let i = 0; i < startupRuns; i++) {
    for (const [name, args] of Object.entries(commands)) times.get(name)?.push((await runNode([...args])).wallMs);
  }
  const baseline = median(times.get('node -e 0') ?? []);
  console.log(`\nstart-up medians of ${startupRuns}: ${[...times].map(([name, t]) => `${name} ${ms(median(t))}`).join(', ')}`);
  // The same commands by CPU time, which a busy machine stretches far less than wall time.
  const cpu = new Map<string, number[]>(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < startupRuns; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const used = await cpuTimeOf([...args]);
      if (used !== undefined) cpu.get(name)?.push(used);
    }
  }
  const cpuBaseline = median(cpu.get('node -e 0') ?? []);
  for (const name of ['--version', 'explain SERVER_STATEFUL']) {
    const over = median(times.get(name) ?? []) - baseline;
    const loaded = (await runNode([...commands[name as keyof typeof commands]], { trackImports: true })).imports ?? [];
    const heavy = loaded.filter((p) => HEAVY.test(p));
    console.log(`  ${name} imports ${loaded.length === 0 ? 'no package' : loaded.join(', ')}`);
    rows.push({ figure: `start-up: ${name} over node -e 0 (median)`, value: signed(over), target: '≤ +60 ms', met: over <= 60 });
    const cpuSamples = cpu.get(name) ?? [];
    if (cpuSamples.length > 0) rows.push({ figure: `start-up: ${name} CPU time over node -e 0 (median)`, value: signed(median(cpuSamples) - cpuBaseline), target: '' });
    rows.push({ figure: `start-up: ${name} loads the AWS SDK, the MCP SDK, undici, jose or yargs`, value: heavy.length === 0 ? 'none' : heavy.join(', '), target: 'none', met: heavy.length === 0 });
  }
}

// 3. Memory of a fleet: `--all` over the simulation's runtimes, every check.
{
  const sim = await startSimulation({ knobs: { tpsLimit: 100_000 } });
  const containers: LocalServer[] = [];
  try {
    containers.push(await listenLocal(createStatelessApp()), await listenLocal(createStatefulApp({ unknownSession: 'spec' })), await listenLocal(withPythonHostCheck(createStatelessApp())));
    for (let i = 0; i < fleetSize; i++) sim.addRuntime({ name: `fleet_${String(i).padStart(3, '0')}`, containerUrl: containers[i % containers.length]?.url as string });
    const run = await runNode([bin, '--all', '--format', 'json', '--deadline', '120s'], { env: { ...sim.env(), AWS_EC2_METADATA_DISABLED: 'true' }, rss: true, timeoutMs: 900_000 });
    const reports = (JSON.parse(run.stdout || '{"reports":[]}') as { reports: unknown[] }).reports.length;
    console.log(`\nfleet: ${reports} of ${fleetSize} runtimes diagnosed in ${(run.wallMs / 1000).toFixed(1)} s (concurrency 8), peak RSS ${mib(run.peakRssMiB)}, exit ${run.code}`);
    rows.push({ figure: `memory: peak RSS of a ${fleetSize}-runtime --all fleet run`, value: `${mib(run.peakRssMiB)} (${reports} reports, ${(run.wallMs / 1000).toFixed(1)} s)`, target: '≤ 300 MiB', met: (run.peakRssMiB ?? Infinity) <= 300 && reports === fleetSize });
  } finally {
    for (const container of containers) await container.stop();
    await sim.stop();
  }
}

// 4. The same healthy fixture: inspector-cli listing tools against a full mcp-doctor diagnosis.
{
  const inspectorMain = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli/package.json')), 'build', 'index.js');
  const fixture = await startFixture('healthy-json');
  try {
    const inspector: number[] = [];
    const doctor: number[] = [];
    const rss = { inspector: [] as number[], doctor: [] as number[] };
    for (let i = 0; i < runs; i++) {
      // inspector-cli 1.0.3 imports "../package.json" when that path exists relative to the
      // working directory, so it runs from its own build folder (its `--cli` wrapper only adds a process).
      const listed = await runNode([inspectorMain, fixture.url, '--transport', 'http', '--method', 'tools/list'], { cwd: dirname(inspectorMain), rss: true });
      if (!listed.stdout.includes('"tools"')) throw new Error(`inspector-cli did not list tools: ${listed.stderr.slice(0, 300)}`);
      inspector.push(listed.wallMs);
      if (listed.peakRssMiB !== undefined) rss.inspector.push(listed.peakRssMiB);
      const diagnosed = await runNode([bin, fixture.url], { rss: true });
      if (diagnosed.peakRssMiB !== undefined) rss.doctor.push(diagnosed.peakRssMiB);
      if (diagnosed.code !== 0) throw new Error(`mcp-doctor exited ${diagnosed.code} on the healthy fixture`);
      doctor.push(diagnosed.wallMs);
    }
    const ratio = median(doctor) / median(inspector);
    console.log(`\nhealthy fixture: inspector-cli tools/list ${ms(median(inspector))} (${range(inspector)}), mcp-doctor full diagnosis ${ms(median(doctor))} (${range(doctor)})`);
    rows.push({ figure: 'inspector-cli tools/list, healthy fixture (median)', value: `${ms(median(inspector))}, peak RSS ${mib(Math.max(...rss.inspector))}`, target: '' });
    rows.push({ figure: 'mcp-doctor full diagnosis, same fixture (median)', value: `${ms(median(doctor))} (${ratio.toFixed(2)}× inspector), peak RSS ${mib(Math.max(...rss.doctor))}`, target: '' });
  } finally {
    await fixture.stop();
  }
}

cleanUp();
const width = Math.max(...rows.map((r) => r.figure.length));
const valueWidth = Math.max(...rows.map((r) => r.value.length));
console.log(`\n${'figure'.padEnd(width)}  ${'value'.padEnd(valueWidth)}  target`);
for (const row of rows) {
  const verdict = row.met === undefined ? '' : row.met ? '  met' : '  missed';
  console.log(`${row.figure.padEnd(width)}  ${row.value.padEnd(valueWidth)}  ${row.target}${verdict}`);
}
console.log(`\n${machineNote()}`);
// The same rows as Markdown, for the README's benchmark section.
console.log(`\n| Figure | Measured | Target |\n| --- | --- | --- |`);
for (const row of rows) console.log(`| ${row.figure} | ${row.value} | ${row.target}${row.met === undefined ? '' : row.met ? ' (met)' : ' (missed)'} |`);
