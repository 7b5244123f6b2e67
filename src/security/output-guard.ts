import { mapStrings } from './redact.js';
import { stripUnsafeCharacters } from './sanitize-text.js';

/**
 * The last word on every byte the doctor writes (stdout, stderr, report files, progress lines,
 * error lines, debug traces). Text from servers, file names and config values is hostile: it can
 * carry terminal controls (OSC 52 clipboard writes, OSC 8 links, screen clears) and line breaks
 * that start a line with `::`, which GitHub Actions reads as a workflow command (`::error`,
 * `::stop-commands::`, `::add-mask::`). The renderers sanitize their fields too; this guard holds
 * even when one of them forgets.
 */

/**
 * Lines GitHub Actions would read as a workflow command: the runner trims leading white space
 * before it looks for `::`, and colour codes are invisible in the log but present in the stream.
 */
const COMMAND_LINE = /^((?:[ \t\f\v\u00a0]|\u001b\[[0-9;]*m)*)::/gm;

/** Options of `guardOutput`. */
export interface GuardOptions {
  /** The GitHub annotation format, whose own `::error` lines are the point (its data is escaped). */
  github?: boolean;
  /** Keep SGR colour codes (`ESC [ … m`), which the pretty renderer adds itself on a terminal. */
  keepColor?: boolean;
}

const SGR = /\u001b\[[0-9;]*m/g;
const SGR_PLACEHOLDER = '\uE000';
const PLACEHOLDER_RUN = /\uE000(\d+)\uE001/g;

/**
 * Makes text safe to write anywhere: terminal controls stripped, CR and CR LF turned into LF (a
 * lone CR would let the next characters overwrite what the line showed), and, except in the
 * GitHub format, no line beginning with `::` (a backslash is put in front of it).
 */
export function guardOutput(text: string, options: GuardOptions = {}): string {
  let colors: string[] | undefined;
  let source = text;
  if (options.keepColor) {
    colors = [];
    const kept = colors;
    source = source.replace(/[\uE000\uE001]/g, '').replace(SGR, (sgr) => `${SGR_PLACEHOLDER}${kept.push(sgr) - 1}\uE001`);
  }
  let out = stripUnsafeCharacters(source).replace(/\r\n?/g, '\n').replace(/[\u2028\u2029]/g, '\n');
  if (colors) {
    const kept = colors;
    out = out.replace(PLACEHOLDER_RUN, (_m, index: string) => kept[Number(index)] ?? '');
  }
  return options.github ? out : out.replace(COMMAND_LINE, '$1\\::');
}

/** One line of text: controls stripped, every line break folded into a space, no leading `::`. */
export function guardLine(text: string): string {
  return guardOutput(text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' '));
}

/**
 * Report fields that may span lines; every other string of a report is a single-line field (a
 * server's name, a protocol version, a file name, a title) whose line breaks are folded.
 */
const MULTI_LINE_KEYS = new Set(['bodyExcerpt', 'detail', 'output', 'remediation', 'causes', 'explanation']);

/** Folds CR/LF into spaces in every single-line field of a JSON-like report (a copy). */
export function foldSingleLineFields<T>(value: T): T {
  return foldAt(value, false) as T;
}

function foldAt(value: unknown, multiLine: boolean): unknown {
  if (typeof value === 'string') return multiLine ? value : value.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ');
  if (Array.isArray(value)) return value.map((v) => foldAt(v, multiLine));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = MULTI_LINE_KEYS.has(k) ? mapStrings(v, (s) => s) : foldAt(v, false);
    return out;
  }
  return value;
}
