import type { Argv } from 'yargs';
import type { Report } from '../model/report.js';
import { foldSingleLineFields } from '../security/output-guard.js';
import { writeStderrLine } from '../report/write.js';
import type { Redactor } from '../security/redact.js';
import { reportOptions, type ReportArgs } from './report-options.js';

/**
 * `mcp-doctor lint [DIR]`: the flags, and the glue from them to `runLint`. Offline and fast: the
 * lint path loads the parsers and the catalog, never the network stack, the AWS SDK or the MCP SDK.
 */

/** The parsed flags of `lint`. */
export interface LintArgs extends ReportArgs {
  dir?: string;
  entrypoint?: string;
  sarif?: string;
}

/** What the CLI lends the command: its report writer (all formats, GitHub annotations, exit code). */
export interface LintDeps {
  redactor: Redactor;
  emitReport(report: Report, argv: LintArgs, redactor: Redactor): Promise<number>;
  writeReportFile(path: string, text: string, options?: { flag?: string }): Promise<void>;
}

/** The flags of `lint`. */
export function lintOptions<T>(y: Argv<T>) {
  return reportOptions(y, { format: 'format written to stdout (or --output); sarif for code scanning', verbose: 'every rule, all causes' })
    .usage('$0 lint [DIR] [options]\n\nReads a project folder (default: the current one) and reports, with file, line and column, what will break once it runs on AgentCore: Python and TypeScript MCP servers and the deployment configuration. Offline.')
    .positional('dir', { type: 'string', describe: 'project folder (default: the current folder)' })
    .option('entrypoint', { type: 'string', describe: 'server entrypoint relative to DIR (default: the one in .bedrock_agentcore.yaml, else main.py)' })
    .option('sarif', { type: 'string', describe: 'also write a SARIF 2.1.0 log to this file (GitHub code scanning)' });
}

/** Runs `lint` and returns the exit code: 0 clean, 1 findings at `--fail-on`, 2 bad input. */
export async function lintCommand(argv: LintArgs, deps: LintDeps): Promise<number> {
  const { runLint } = await import('../lint/run-lint.js');
  const run = await runLint({ dir: argv.dir ?? '.', failOn: argv.failOn, ...(argv.entrypoint ? { entrypoint: argv.entrypoint } : {}) });
  if (!argv.quiet) {
    if (run.truncated) writeStderrLine('mcp-doctor: lint stopped reading files at its file limit; lint a smaller folder for a complete result');
    for (const line of run.overBudget) writeStderrLine(`mcp-doctor: lint: ${line}; the rules that read it report an error`);
    if (run.tooLarge.length > 0) writeStderrLine(`mcp-doctor: lint skipped ${run.tooLarge.length} file(s) over 1 MiB: ${run.tooLarge.slice(0, 5).join(', ')}${run.tooLarge.length > 5 ? ', …' : ''}`);
  }
  if (argv.sarif) {
    const { renderSarif } = await import('../report/sarif.js');
    await deps.writeReportFile(argv.sarif, deps.redactor.redact(renderSarif([foldSingleLineFields(run.report)])), { flag: '--sarif' });
  }
  return deps.emitReport(run.report, argv, deps.redactor);
}
