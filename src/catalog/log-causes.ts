import type { FindingArgs } from '../model/contracts.js';
import { catalog, type CatalogEntry } from './catalog.js';
import type { FindingCode } from './codes.js';

/**
 * Root causes read from a server's own output (a container log, a rehearsed command's output),
 * matched with the catalog's patterns, the same ones `explain` matches pasted text with. Only
 * codes whose patterns describe a line a server prints take part: generic words such as
 * "initialize" or "timeout" say nothing when they appear in a log.
 */

/** Codes a printed line can name, most specific first (ties go to the earlier code). */
export const LOG_CAUSE_CODES = [
  'FASTMCP_HTTP_TRANSPORT_CRASH',
  'SERVER_RUN_ARGUMENT_REJECTED',
  'MODULE_IMPORT_FAILED',
  'PLATFORM_NOT_ARM64',
  'SERVER_BINDS_LOOPBACK',
  'HOST_HEADER_REJECTED',
] as const satisfies readonly FindingCode[];

/** The catch-all for an exception no specific code explains: a traceback's last line. */
export const EXCEPTION_CODE = 'CONTAINER_EXCEPTION' satisfies FindingCode;

/** A code named by the output, with the line that names it. */
export interface LogCause {
  code: FindingCode;
  /** Index of the line (in the lines given) that names the cause. */
  index: number;
  /** The line, trimmed. */
  line: string;
  /** Values for the catalog's summary. */
  args: FindingArgs;
}

const TRACEBACK_HEADER = /^\s*Traceback \(most recent call last\):\s*$/;
/** A Python exception line (`ValueError: …`, `module.CustomError`, `KeyboardInterrupt`). */
const EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)\b(?::.*)?$/;
/** Node's uncaught errors print `Error: …` or `TypeError [CODE]: …` at the start of a line. */
const NODE_UNCAUGHT = /^(?:Uncaught )?[A-Z]\w*Error(?: \[[A-Z_]+\])?: /;
/** Line excerpts kept in a finding. */
const DETAIL_LENGTH = 200;

/** The most specific log-cause code whose catalog pattern matches `line`, if any. */
export function matchLogLine(line: string): FindingCode | undefined {
  let best: { code: FindingCode; score: number } | undefined;
  for (const code of LOG_CAUSE_CODES) {
    const entry: CatalogEntry = catalog[code];
    for (const pattern of entry.patterns) {
      if (pattern.test(line) && (!best || pattern.source.length > best.score)) best = { code, score: pattern.source.length };
    }
  }
  return best?.code;
}

/**
 * The causes the lines name, one per code (its last occurrence: the latest start is the one that
 * failed), specific codes first, then an unexplained exception (a traceback's last line).
 */
export function findLogCauses(lines: readonly string[]): LogCause[] {
  const byCode = new Map<FindingCode, LogCause>();
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const code = matchLogLine(line);
    if (code) byCode.set(code, { code, index, line, args: argsFor(code, line) });
  });
  const exception = lastUnexplainedException(lines, byCode);
  const causes = LOG_CAUSE_CODES.flatMap((code) => byCode.get(code) ?? []);
  return exception ? [...causes, exception] : causes;
}

/** The last exception line (after a traceback, or a Node uncaught error) that no specific code explains. */
function lastUnexplainedException(lines: readonly string[], named: ReadonlyMap<FindingCode, LogCause>): LogCause | undefined {
  const explained = new Set([...named.values()].map((cause) => cause.index));
  let found: LogCause | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    let index: number | undefined;
    if (TRACEBACK_HEADER.test(lines[i] as string)) {
      index = exceptionLineAfter(lines, i);
      if (index !== undefined) i = index;
    } else if (NODE_UNCAUGHT.test(line)) {
      index = i;
    }
    if (index === undefined) continue;
    const text = (lines[index] as string).trim();
    found = explained.has(index) || matchLogLine(text) ? undefined : { code: EXCEPTION_CODE, index, line: text, args: { detail: clip(text) } };
  }
  return found;
}

/** The exception line closing the traceback that starts at `header`: its first unindented line. */
function exceptionLineAfter(lines: readonly string[], header: number): number | undefined {
  for (let j = header + 1; j < lines.length; j++) {
    const line = lines[j] as string;
    if (line.trim() === '' || /^\s/.test(line)) continue;
    return EXCEPTION_LINE.test(line.trim()) ? j : undefined;
  }
  return undefined;
}

function argsFor(code: FindingCode, line: string): FindingArgs {
  if (code === 'FASTMCP_HTTP_TRANSPORT_CRASH') {
    const transport = /Unknown transport:\s*['"]?([\w-]{1,40})/i.exec(line)?.[1];
    return transport ? { detail: transport } : {};
  }
  if (code === 'HOST_HEADER_REJECTED') return { status: 421, detail: clip(line) };
  // "exec format error" names no platform: the summary's generic wording is all the line shows.
  if (code === 'PLATFORM_NOT_ARM64') return {};
  return { detail: clip(line) };
}

function clip(text: string): string {
  return text.length <= DETAIL_LENGTH ? text : `${text.slice(0, DETAIL_LENGTH - 1)}…`;
}
