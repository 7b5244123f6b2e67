/**
 * Child-process measurements for `npm run bench`: wall time, peak RSS (a preload reports
 * `process.resourceUsage().maxRSS` on exit) and which packages a run imports (a module resolve
 * hook appends every resolved file URL to a file; the bundle's metafile says what each chunk holds).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packagesInLoadedFiles, readBundleMetafile } from './bundle-packages.js';

/** What one child run produced. */
export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit, as the user waits for it. */
  wallMs: number;
  /** Peak resident set size in MiB, when measured (with `rss`). */
  peakRssMiB?: number;
  /** CPU time of every thread (user + system), with `rss`. */
  cpuMs?: number;
  /** Time the event loop sat idle, waiting on I/O and timers, with `rss`. */
  idleMs?: number;
}

/** How to run a child. */
export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Report the child's peak RSS, CPU time and event-loop idle time (adds a tiny `--import` preload). */
  rss?: boolean;
  /** Record the packages the child imports, bundled or not (adds a module hook; never use for timing). */
  trackImports?: boolean;
  timeoutMs?: number;
}

const workDir = mkdtempSync(join(tmpdir(), 'mcp-doctor-bench-'));
const RSS_MARKER = '[mcp-doctor-bench] usage=';
const rssPreload = join(workDir, 'rss-preload.mjs');
// writeSync: the exit handler runs after the event loop stopped, so only synchronous writes land.
writeFileSync(
  rssPreload,
  [
    `import { writeSync } from 'node:fs';`,
    `import { performance } from 'node:perf_hooks';`,
    `process.on('exit', () => {`,
    `  const usage = process.resourceUsage();`,
    `  const loop = performance.eventLoopUtilization();`,
    `  writeSync(2, '\\n${RSS_MARKER}' + JSON.stringify({ maxRss: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, idleMs: loop.idle }) + '\\n');`,
    `});`,
  ].join('\n'),
);
const importHooks = join(workDir, 'import-hooks.mjs');
writeFileSync(
  importHooks,
  `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  if (process.env.MCP_DOCTOR_BENCH_IMPORTS && result.url.startsWith('file:')) appendFileSync(process.env.MCP_DOCTOR_BENCH_IMPORTS, result.url + '\\n');\n  return result;\n}\n`,
);
const importPreload = join(workDir, 'import-preload.mjs');
writeFileSync(importPreload, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(importHooks).href)});\n`);
let importLogs = 0;

/**
 * Runs `node ...args` asynchronously (servers in this process keep answering) and measures it.
 * With `trackImports`, `imports` lists the packages the child resolved.
 */
export function runNode(args: string[], options: ChildOptions = {}): Promise<ChildRun & { imports?: string[] }> {
  const preloads = [...(options.rss ? ['--import', pathToFileURL(rssPreload).href] : []), ...(options.trackImports ? ['--import', pathToFileURL(importPreload).href] : [])];
  const importLog = options.trackImports ? join(workDir, `imports-${++importLogs}.log`) : undefined;
  if (importLog) writeFileSync(importLog, '');
  const env = { ...process.env, ...options.env, ...(importLog ? { MCP_DOCTOR_BENCH_IMPORTS: importLog } : {}) };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...preloads, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      const run: ChildRun & { imports?: string[] } = { code, stdout, stderr, wallMs };
      const marker = stderr.lastIndexOf(RSS_MARKER);
      if (marker >= 0) {
        const usage = JSON.parse(stderr.slice(marker + RSS_MARKER.length).split('\n')[0] as string) as { maxRss: number; cpuMs: number; idleMs: number };
        run.peakRssMiB = usage.maxRss / 1024;
        run.cpuMs = usage.cpuMs;
        run.idleMs = usage.idleMs;
        run.stderr = stderr.slice(0, marker).replace(/\n$/, '');
      }
      if (importLog) run.imports = packagesInLoadedFiles(readFileSync(importLog, 'utf8').split('\n').filter(Boolean), readBundleMetafile());
      resolve(run);
    });
  });
}

const GNU_TIME = '/usr/bin/time';

/**
 * CPU time (user + system, ms) of `node ...args`, read by GNU time, or undefined where it is not
 * installed. A busy machine stretches wall time far more than CPU time, so start-up costs compare
 * better this way.
 */
export function cpuTimeOf(args: string[]): Promise<number | undefined> {
  if (!existsSync(GNU_TIME)) return Promise.resolve(undefined);
  const out = join(workDir, 'cpu-time.txt');
  return new Promise((resolve) => {
    const child = spawn(GNU_TIME, ['-f', '%U %S', '-o', out, process.execPath, ...args], { stdio: 'ignore' });
    child.on('error', () => resolve(undefined));
    child.on('close', () => {
      const [user, system] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
      resolve(user === undefined || system === undefined || Number.isNaN(user + system) ? undefined : (user + system) * 1000);
    });
  });
}

/**
 * Runs `node ...args` under GNU time: wall time from spawn to exit, and peak RSS as the kernel
 * reports it for the child, which covers the processes it starts and waits for (a CLI that
 * re-spawns itself is measured whole). `node` may be another Node than this one.
 */
export function runTimed(node: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ChildRun> {
  const out = join(workDir, `timed-${++timedRuns}.txt`);
  const useTime = existsSync(GNU_TIME);
  const [command, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', out, node, ...args]] : [node, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      const run: ChildRun = { code, stdout, stderr, wallMs: performance.now() - started };
      clearTimeout(timer);
      const kib = useTime && existsSync(out) ? Number(readFileSync(out, 'utf8').trim().split(/\s+/).pop()) : Number.NaN;
      if (!Number.isNaN(kib)) run.peakRssMiB = kib / 1024;
      resolve(run);
    });
  });
}
let timedRuns = 0;

/** The median (the upper one for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** `min–max` of a sample, rounded. */
export function range(values: readonly number[]): string {
  return `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
}

/** The 1-minute load average and core count, so figures from a busy machine read as such. */
export function machineNote(): string {
  return `${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1) ?? '?'} (1 min), node ${process.version}`;
}

/** Removes the preload files. */
export function cleanUp(): void {
  rmSync(workDir, { recursive: true, force: true });
}
