import type { Argv } from 'yargs';
import type { FailOn } from '../model/report.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/index.js';

/**
 * The report flags every command shares (the diagnosis, `demo`, `lint`, `rehearse`): one
 * definition, so every command writes the same formats to the same flags.
 */

/** The parsed report flags. */
export interface ReportArgs {
  failOn: FailOn;
  format: ReportFormat;
  output?: string;
  json?: string;
  junit?: string;
  markdown?: string;
  html?: string;
  github?: boolean;
  quiet: boolean;
  verbose: boolean;
  color?: boolean;
}

/**
 * Adds the report flags; `verbose` says what `--verbose` adds for this command. With
 * `defaults: false` the format and fail-on flags stay unset unless given, so a config file can
 * supply them (the diagnosis); their help then names the default.
 */
export function reportOptions<T>(y: Argv<T>, text: { format: string; verbose: string; defaults?: boolean }) {
  const defaults = text.defaults !== false;
  return y
    .option('fail-on', { choices: ['error', 'warning', 'info', 'never'] as const, ...(defaults ? { default: 'error' as const } : {}), describe: `lowest severity that exits 1${defaults ? '' : ' (default error)'}` })
    .option('format', { alias: 'f', choices: REPORT_FORMATS, ...(defaults ? { default: 'pretty' as ReportFormat } : {}), describe: `${text.format}${defaults ? '' : '; default pretty'}` })
    .option('output', { alias: 'o', type: 'string', describe: 'write the --format report to this file instead of stdout' })
    .option('json', { type: 'string', describe: 'also write a JSON report to this file' })
    .option('junit', { type: 'string', describe: 'also write a JUnit XML report to this file' })
    .option('markdown', { type: 'string', describe: 'also write a Markdown report (PR comments, summaries) to this file' })
    .option('html', { type: 'string', describe: 'also write a self-contained HTML report to this file' })
    .option('github', { type: 'boolean', describe: 'in GitHub Actions (GITHUB_ACTIONS=true): annotations and a job summary (--no-github turns them off)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'errors and the verdict only' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: text.verbose })
    .option('debug', { type: 'boolean', default: false, describe: 'stack traces for internal errors' })
    .option('color', { type: 'boolean', describe: 'force colours on or off (default: NO_COLOR, FORCE_COLOR, TTY)' });
}
