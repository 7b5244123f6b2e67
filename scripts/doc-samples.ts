/**
 * Sample outputs in README.md and docs/ come from real runs of the built CLI. A sample is a block
 * between `<!-- sample: ARGS -->` and `<!-- /sample -->`; `npm run docs` runs `mcp-doctor ARGS` and
 * writes its output there, and test/repository/doc-samples.test.ts fails when one is stale. What
 * changes from run to run (ports, the demo's random runtime ids and client ids, durations) is
 * replaced by fixed stand-ins, so a sample changes only when the output does.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_PATH = fileURLToPath(new URL('../dist/bundle/mcp-doctor.js', import.meta.url));

const START = /<!-- sample: (.+?) -->\n/g;
const END = '<!-- /sample -->';

/** One sample block of a Markdown file. */
export interface SampleBlock {
  /** The marker's argument text, e.g. `demo id-token` or `demo healthy --quiet; echo $?`. */
  spec: string;
  /** Offsets of the block's body (between the markers) in the file. */
  start: number;
  end: number;
  body: string;
}

/** The sample blocks of a Markdown file, in order. A start without an end is an error. */
export function findSamples(markdown: string): SampleBlock[] {
  const blocks: SampleBlock[] = [];
  for (const match of markdown.matchAll(START)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = markdown.indexOf(END, start);
    if (end === -1) throw new Error(`sample "${match[1]}" has no ${END}`);
    blocks.push({ spec: match[1]!, start, end, body: markdown.slice(start, end) });
  }
  return blocks;
}

/** Splits `demo healthy "some words"` into arguments (double quotes group, no other shell syntax). */
export function splitArgs(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Replaces what differs between two runs of the same command with fixed stand-ins. */
export function stabilizeSample(text: string): string {
  return text
    .split(REPO_ROOT.replace(/\/$/, '')).join('/path/to/mcp-doctor')
    .replace(/127\.0\.0\.1:\d{2,5}/g, '127.0.0.1:PORT')
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g, '2026-12-01T09:00:00.000Z')
    .replace(/(demo_[a-z_]+?)-[A-Za-z0-9]{10}\b/g, '$1-AbCdEf1234')
    // The simulation names a new user pool each run.
    .replace(/\b([a-z]{2}(?:-[a-z]+)+-\d)_[A-Za-z0-9]{9}\b/g, '$1_AbCdEfGhI')
    .replace(/\b(?=[a-z0-9]*[0-9])(?=[a-z0-9]*[a-z])[a-z0-9]{26}\b/g, '3n4b5urk1ft4fl3mg5e62d9ado')
    .replace(/\b\d+ ms\b/g, 'N ms')
    .replace(/[ \t]+$/gm, '');
}

/** Runs `mcp-doctor` with `args` (no colour, fixed width) and returns stderr, stdout and the exit code. */
export function runCli(args: readonly string[], timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '100', MCP_DOCTOR_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/**
 * The body of one sample: the command, what it printed (stderr first: the demo announces itself
 * there) and, when the spec ends in `; echo $?`, the exit code.
 */
export async function renderSample(spec: string): Promise<string> {
  const showExit = /;\s*echo \$\?$/.test(spec);
  const command = spec.replace(/;\s*echo \$\?$/, '').trim();
  const result = await runCli(splitArgs(command));
  const lines = [`$ mcp-doctor ${command}`, `${result.stderr}${result.stdout}`.replace(/\n+$/, '')];
  if (showExit) lines.push('$ echo $?', String(result.code));
  return `\`\`\`console\n${stabilizeSample(lines.join('\n'))}\n\`\`\`\n`;
}

/** The file with every sample block replaced by `bodies` (in order). */
export function replaceSamples(markdown: string, bodies: readonly string[]): string {
  const blocks = findSamples(markdown);
  let out = '';
  let at = 0;
  blocks.forEach((block, i) => {
    out += markdown.slice(at, block.start) + bodies[i];
    at = block.end;
  });
  return out + markdown.slice(at);
}
