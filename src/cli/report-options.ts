import type { Argv } from 'yargs';
import type { FailOn } from '../engine/types.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/index.js';

/**
 * The report flags `lint` and `rehearse` share with the diagnosis: one definition, so every command
 * writes the same formats to the same flags.
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

/** Adds the report flags; `verbose` says what `--verbose` adds for this command. */
export function reportOptions<T>(y: Argv<T>, text: { format: string; verbose: string }) {
  return y
    .option('fail-on', { choices: ['error', 'warning', 'info', 'never'] as const, default: 'error' as const, describe: 'lowest severity that exits 1' })
    .option('format', { alias: 'f', choices: REPORT_FORMATS, default: 'pretty' as ReportFormat, describe: text.format })
    .option('output', { alias: 'o', type: 'string', describe: 'write the --format report to this file instead of stdout' })
    .option('json', { type: 'string', describe: 'also write a JSON report to this file' })
    .option('junit', { type: 'string', describe: 'also write a JUnit XML report to this file' })
    .option('markdown', { type: 'string', describe: 'also write a Markdown report to this file' })
    .option('html', { type: 'string', describe: 'also write an HTML report to this file' })
    .option('github', { type: 'boolean', describe: 'in GitHub Actions: annotations and a job summary (--no-github turns them off)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'errors and the verdict only' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: text.verbose })
    .option('debug', { type: 'boolean', default: false, describe: 'stack traces for internal errors' })
    .option('color', { type: 'boolean', describe: 'force colours on or off' });
}
