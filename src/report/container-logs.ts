import type { ContainerLogLine, ContainerLogs } from '../model/report.js';

/**
 * The words and the line selection every reporter uses for the container log of a runtime, so
 * the terminal, Markdown, HTML and JUnit reports show the same lines and mark the same ones.
 */

/** One line: the group, the window, how many lines and what they name, or why none were read. */
export function describeContainerLogs(logs: ContainerLogs): string {
  const window = `${logs.since} to ${logs.until}`;
  if (logs.skipped && logs.lines.length === 0) return `${logs.logGroup}: not read (${logs.skipped})`;
  const count = `${logs.lines.length} line${logs.lines.length === 1 ? '' : 's'}${logs.truncated ? ' (the latest)' : ''}`;
  const names = logs.matchedCodes.length > 0 ? `; names ${logs.matchedCodes.join(', ')}` : '; no known cause among them';
  return `${logs.logGroup}, ${window}: ${count}${names}${logs.skipped ? ` (${logs.skipped})` : ''}`;
}

/** A shown line: its text, and the code when it names one. */
export interface ShownLogLine {
  text: string;
  code?: ContainerLogLine['code'];
}

/**
 * The last `maxLines` lines, plus every line that names a cause even when it is older (it is the
 * point of the section), in time order.
 */
export function containerLogTail(logs: ContainerLogs, maxLines: number): { heading: string; lines: ShownLogLine[] } {
  const first = Math.max(0, logs.lines.length - maxLines);
  const kept = logs.lines.filter((line, index) => index >= first || line.code !== undefined);
  const heading = kept.length < logs.lines.length ? `Container logs (last ${kept.length} of ${logs.lines.length} lines)` : 'Container logs';
  return { heading, lines: kept.map((line) => ({ text: `${line.timestamp.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z')}  ${line.message}`, ...(line.code ? { code: line.code } : {}) })) };
}

/** Plain text of the tail, a matched line marked `>>` with its code: for JUnit and other text sinks. */
export function containerLogText(logs: ContainerLogs, maxLines: number): string {
  const { lines } = containerLogTail(logs, maxLines);
  return [describeContainerLogs(logs), ...lines.map((line) => (line.code ? `>> ${line.text}    [${line.code}]` : `   ${line.text}`))].join('\n');
}
