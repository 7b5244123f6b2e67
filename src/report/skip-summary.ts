import type { CheckResult } from '../model/report.js';
import { countOf } from '../text/count-of.js';

/**
 * Why checks were skipped, grouped by root cause, so a summary can say "21 skipped: no AWS
 * credentials" instead of a bare count. Pure: reads only the report's checks.
 */

/** One root cause and how many skipped checks it explains. */
export interface SkipCause {
  /** The cause in a few words, e.g. `no AWS credentials` or `check endpoint-reachable did not pass`. */
  reason: string;
  /** What the user can do about it, when there is one thing to do. */
  hint?: string;
  count: number;
}

const PREREQUISITE = /^prerequisite check (\S+) did not pass$/;

/** Causes whose fix is one step away, keyed by how their reason starts. */
const KNOWN_CAUSES: Array<{ match: RegExp; reason: string; hint?: string }> = [
  { match: /^no AWS credentials/, reason: 'no AWS credentials', hint: 'set AWS_PROFILE (or --aws-profile), or pass --no-aws' },
  { match: /^the control plane refused (\S+)/, reason: 'the control plane refused a call', hint: 'grant the permission -v names, or pass --no-aws' },
  { match: /^the control plane could not be reached/, reason: 'the control plane could not be reached' },
  { match: /^no bearer token was given/, reason: 'no bearer token was given', hint: '--token-file FILE or MCP_DOCTOR_TOKEN' },
];

/** The root cause of one skipped check: a skipped prerequisite is followed to what stopped it. */
function rootCause(check: CheckResult, byId: Map<string, CheckResult>): Omit<SkipCause, 'count'> {
  const seen = new Set<string>();
  let current = check;
  for (;;) {
    const reason = current.skipReason ?? 'not applicable';
    const prerequisite = PREREQUISITE.exec(reason)?.[1];
    const next = prerequisite ? byId.get(prerequisite) : undefined;
    if (prerequisite && next?.status === 'skip' && !seen.has(prerequisite)) {
      seen.add(prerequisite);
      current = next;
      continue;
    }
    if (prerequisite) return { reason: `check ${prerequisite} did not pass` };
    const known = KNOWN_CAUSES.find((cause) => cause.match.test(reason));
    if (known) return { reason: known.reason, ...(known.hint ? { hint: known.hint } : {}) };
    // Details in parentheses and advice after a semicolon vary between checks of one cause.
    return { reason: reason.replace(/\s*\([^)]*\)/g, '').split(';')[0]!.trim() };
  }
}

/** Skipped checks grouped by root cause, the largest group first (ties in check order). */
export function summarizeSkips(checks: readonly CheckResult[]): SkipCause[] {
  const byId = new Map(checks.map((check) => [check.id, check]));
  const groups = new Map<string, SkipCause>();
  for (const check of checks) {
    if (check.status !== 'skip') continue;
    const cause = rootCause(check, byId);
    const group = groups.get(cause.reason);
    if (group) group.count += 1;
    else groups.set(cause.reason, { ...cause, count: 1 });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/**
 * One line for a summary: the dominant cause with its count and hint, then how many other causes
 * account for the rest. Undefined when nothing was skipped.
 */
export function describeSkips(checks: readonly CheckResult[], moreHint = '-v lists every reason'): string | undefined {
  const causes = summarizeSkips(checks);
  const top = causes[0];
  if (!top) return undefined;
  const total = causes.reduce((sum, cause) => sum + cause.count, 0);
  const head = `${total} skipped${top.count === total ? '' : ` (${top.count} of them)`}: ${top.reason}${top.hint ? ` — ${top.hint}` : ''}`;
  const rest = causes.length - 1;
  return rest === 0 ? head : `${head}; ${total - top.count} for ${countOf(rest, 'other reason')} (${moreHint})`;
}
