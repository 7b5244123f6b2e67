/**
 * `npm run bench`: figures, not pass/fail tests (run after `npm run build`).
 * 1. Critical path: a healthy runtime ARN diagnosed through the simulation with 100 ms added to
 *    every simulated request; prints sequential rounds, requests and wall time.
 * 2. Start-up: median of `mcp-doctor --version` and `explain` against `node -e 0` in the same run,
 *    and which heavy packages the CLI's static import graph pulls in (none should).
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createStatelessApp } from '../src/sim/containers/mcp-app.js';
import { listenLocal } from '../src/sim/listen.js';
import { startSimulation } from '../src/sim/index.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function time(args: string[], runs = 9): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const sim = await startSimulation({ knobs: { latencyMs: 100 } });
const container = await listenLocal(createStatelessApp());
try {
  const runtime = sim.addRuntime({ name: 'bench', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } });
  const token = await sim.issuer.mint({});
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    // Asynchronously: the simulation runs in this process and must keep answering.
    const { stdout: out } = await promisify(execFile)(process.execPath, [cli, runtime.arn, '--format', 'json'], { env: { ...process.env, ...sim.env(), MCP_DOCTOR_TOKEN: token }, encoding: 'utf8' }).catch((error: { stdout: string }) => error);
    const wall = Math.round(performance.now() - started);
    const report = JSON.parse(out) as { timings: { rounds: number; requests: number }; durationMs: number; summary: { verdict: string } };
    console.log(`critical path (100 ms per simulated request): ${report.timings.rounds} rounds, ${report.timings.requests} requests, diagnosis ${report.durationMs} ms, process ${wall} ms, ${report.summary.verdict}`);
  }
} finally {
  await container.stop();
  await sim.stop();
}

const baseline = time(['-e', '0']);
const version = time([cli, '--version']);
const explain = time([cli, 'explain', 'SERVER_STATEFUL']);
console.log(`start-up medians: node -e 0 ${baseline.toFixed(0)} ms, --version ${version.toFixed(0)} ms (+${(version - baseline).toFixed(0)}), explain ${explain.toFixed(0)} ms (+${(explain - baseline).toFixed(0)})`);
// What start-up loads: the static import graph of dist/cli.js (dynamic `await import()` excluded).
const heavy = staticImports(cli).filter((spec) => /^(@aws-sdk|@smithy|@modelcontextprotocol|undici|jose)/.test(spec));
console.log(`start-up loads ${heavy.length === 0 ? 'none of the AWS SDK, the MCP SDK, undici or jose' : heavy.join(', ')}`);

function staticImports(entry: string, seen = new Set<string>(), found = new Set<string>()): string[] {
  if (seen.has(entry)) return [...found];
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const match of source.matchAll(/^import\s+(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = match[1] as string;
    if (spec.startsWith('.')) staticImports(join(dirname(entry), spec), seen, found);
    else found.add(spec);
  }
  return [...found];
}
