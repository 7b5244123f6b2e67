import type { RehearsalFacts } from '../model/report.js';

/**
 * The words every reporter uses for a `rehearse` run, so the terminal, Markdown and HTML reports
 * say the same thing about how the server started and what it bound.
 */

/** One line: the command, its URL, how it started, its binding and the simulated authorizer. */
export function describeRehearsal(r: RehearsalFacts): string {
  const binding = r.binding === 'all-interfaces' ? 'reachable beyond loopback' : r.binding === 'loopback-only' ? 'bound to loopback only' : 'binding not checked';
  const startup = r.startup === 'listening' ? `listening after ${r.startupMs ?? '?'} ms` : r.startup === 'exited' ? `exited at start-up (${r.exit ?? '?'})` : 'never listened';
  const parts = [
    `rehearsal of ${r.command ?? r.url}${r.pid !== undefined ? ` (pid ${r.pid})` : ''}`,
    r.url,
    startup,
    `${binding}${r.probeAddress ? ` (probed ${r.probeAddress})` : ''}`,
    `auth ${r.authorizer}`,
    r.exit && r.startup === 'listening' ? `server ended: ${r.exit}` : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** The last `maxLines` lines of the server's captured output, with a heading that says if lines were left out. */
export function serverOutputTail(output: string, maxLines: number): { heading: string; lines: string[] } {
  const lines = output.trimEnd().split('\n');
  const shown = lines.slice(-maxLines);
  return { heading: lines.length > shown.length ? `Server output (last ${shown.length} of ${lines.length} lines)` : 'Server output', lines: shown };
}
