import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { UsageError } from '../model/errors.js';
import { buildSummary, meetsThreshold } from '../engine/post-process.js';
import type { Finding, Report, Severity } from '../model/report.js';
import { formatIssues } from './config-schema.js';
import { parseJsonText, readIfPresent } from './load-config.js';

/**
 * Accepted findings, like the conformance suite's expected-failures list: a finding listed here
 * (by code and target) still shows in reports but no longer fails the run. An entry that matches
 * nothing is stale and the caller fails the run on it, so the list can only shrink: a fixed
 * problem has to be removed from the baseline before it can come back unnoticed.
 *
 * A target is judged only when this run diagnosed it to the end. Entries for targets not in the
 * run, or whose run was interrupted or had a check that could not run, are `unexamined`: neither
 * accepted nor stale, and `updateBaseline` keeps them. The caller still owns check filters: with
 * `--only`/`--skip` an unselected check's entries look stale.
 */

/** One accepted finding. */
export interface BaselineEntry {
  /** The finding code, e.g. `GET_STREAM_HANGS`. */
  code: string;
  /** The report's `target.input`: the URL or ARN as the user gave it. */
  target: string;
  /** Why the finding is accepted (reviewers read this in the diff). */
  reason: string;
  /**
   * The check (for `mcp-doctor conformance`, the requirement id such as `2025/batch`) the finding
   * must come from; without it the entry accepts the code from any check.
   */
  check?: string;
}

/** The baseline file. */
export interface Baseline {
  version: 1;
  /** Sorted by target, then code. */
  entries: BaselineEntry[];
}

/** A finding as `applyBaseline` returns it: `baselined` when an entry accepts it. */
export type BaselinedFinding = Finding & { baselined?: true };

/** An accepted entry with the severity of the finding it matched in this run. */
export type AcceptedEntry = BaselineEntry & { severity: Severity };

/** What `applyBaseline` found. */
export interface AppliedBaseline {
  /** Copies of the reports: matched findings marked `baselined`, summaries recounted without them. */
  reports: Report[];
  /** Entries for examined targets that matched no finding; the run should fail on them. */
  stale: BaselineEntry[];
  /** Entries that matched a finding. */
  accepted: AcceptedEntry[];
  /** Entries for targets this run did not diagnose to the end: neither accepted nor stale. */
  unexamined: BaselineEntry[];
}

const CODE = /^[A-Z][A-Z0-9_]*$/;

/** The baseline file schema. */
export const baselineSchema = z
  .strictObject(
    {
      version: z.literal(1, { error: 'must be 1 (the only baseline version this mcp-doctor reads)' }),
      entries: z.array(
        z.strictObject(
          {
            code: z.string({ error: 'must be a finding code such as GET_STREAM_HANGS' }).regex(CODE, { error: 'must be a finding code such as GET_STREAM_HANGS' }),
            target: z.string({ error: 'must be the target URL or runtime ARN' }).min(1, { error: 'must be the target URL or runtime ARN' }),
            reason: z.string({ error: 'must say why the finding is accepted' }).refine((text) => text.trim() !== '', { error: 'must say why the finding is accepted' }),
            check: z.string({ error: 'must be a check or requirement id such as 2025/batch' }).min(1, { error: 'must be a check or requirement id such as 2025/batch' }).optional(),
          },
          { error: 'must be an object with code, target and reason' },
        ),
        { error: 'must be a list of accepted findings' },
      ),
    },
    { error: 'must be a JSON object such as {"version": 1, "entries": []}' },
  )
  .superRefine((baseline, ctx) => {
    const seen = new Map<string, number>();
    baseline.entries.forEach((entry, index) => {
      const key = keyOf(entry.code, entry.target, entry.check);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else ctx.addIssue({ code: 'custom', path: ['entries', index], message: `repeats entries[${first}] (same code and target${entry.check === undefined ? '' : ' and check'})`, params: { showValue: false } });
    });
  });

// Targets may be URLs with credentials in the query; never echo them.
const hideTargets = (path: readonly PropertyKey[]): boolean => path[0] === 'entries' && (path.length === 2 || path[2] === 'target');

/**
 * Reads and validates a baseline file. A missing file is an empty baseline, so the first run
 * with `--baseline` needs no setup. Throws `UsageError` naming the file and the entry at fault.
 */
export async function readBaseline(path: string): Promise<Baseline> {
  const name = printable(path);
  const text = await readIfPresent(path, name);
  if (text === undefined) return { version: 1, entries: [] };
  return validateBaseline(parseJsonText(text, name), name);
}

/**
 * Marks the findings the baseline accepts and recounts each summary without them (check
 * statuses stay as observed). Never mutates its input.
 */
export function applyBaseline(reports: readonly Report[], baseline: Baseline): AppliedBaseline {
  const entries = new Map(baseline.entries.map((entry) => [keyOf(entry.code, entry.target, entry.check), entry]));
  const matched = new Map<string, Severity>();
  const applied = reports.map((report): Report => {
    let changed = false;
    const findings = report.findings.map((finding: BaselinedFinding): BaselinedFinding => {
      // An entry naming the finding's check wins over one that accepts the code from any check.
      const scoped = keyOf(finding.code, report.target.input, finding.checkId);
      const key = entries.has(scoped) ? scoped : keyOf(finding.code, report.target.input);
      if (!entries.has(key)) {
        if (finding.baselined === undefined) return finding;
        changed = true;
        const { baselined: _stale, ...plain } = finding;
        return plain;
      }
      const previous = matched.get(key);
      if (previous === undefined || RANK[finding.severity] < RANK[previous]) matched.set(key, finding.severity);
      changed ||= finding.baselined !== true;
      return { ...finding, baselined: true };
    });
    if (!changed) return { ...report, findings };
    const counted = findings.filter((finding) => finding.baselined !== true);
    return { ...report, findings, summary: buildSummary(report.checks, counted, report.failOn) };
  });

  const examined = examinedTargets(reports);
  const stale: BaselineEntry[] = [];
  const accepted: AcceptedEntry[] = [];
  const unexamined: BaselineEntry[] = [];
  for (const entry of sortEntries(baseline.entries)) {
    const severity = matched.get(keyOf(entry.code, entry.target, entry.check));
    if (severity !== undefined) accepted.push({ ...entry, severity });
    else if (examined.has(entry.target)) stale.push({ ...entry });
    else unexamined.push({ ...entry });
  }
  return { reports: applied, stale, accepted, unexamined };
}

/**
 * The baseline after this run: kept entries (with their reasons) for findings still present,
 * new entries with `defaultReason` for findings at or above their report's `--fail-on` that no
 * entry covers, and unexamined entries untouched. Stale entries are dropped.
 */
export function updateBaseline(reports: readonly Report[], previous: Baseline, defaultReason: string): Baseline {
  if (defaultReason.trim() === '') throw new UsageError('a baseline entry needs a reason; pass a non-empty one');
  const before = new Map(previous.entries.map((entry) => [keyOf(entry.code, entry.target, entry.check), entry]));
  const next = new Map<string, BaselineEntry>();
  for (const report of reports) {
    const target = report.target.input;
    for (const finding of report.findings) {
      const scoped = keyOf(finding.code, target, finding.checkId);
      const kept = before.get(scoped) ?? before.get(keyOf(finding.code, target));
      if (kept) next.set(keyOf(kept.code, kept.target, kept.check), copyEntry(kept));
      else if (meetsThreshold(finding.severity, report.failOn)) {
        // Conformance requirements share codes: a new entry names its requirement.
        const entry: BaselineEntry = { code: finding.code, target, reason: defaultReason, ...(report.conformance ? { check: finding.checkId } : {}) };
        const key = keyOf(entry.code, target, entry.check);
        if (!next.has(key)) next.set(key, entry);
      }
    }
  }
  const examined = examinedTargets(reports);
  for (const entry of previous.entries) {
    const key = keyOf(entry.code, entry.target, entry.check);
    if (!examined.has(entry.target) && !next.has(key)) next.set(key, copyEntry(entry));
  }
  return { version: 1, entries: sortEntries([...next.values()]) };
}

/**
 * Writes the baseline sorted, two-space indented and newline-terminated, so it diffs well.
 * Validates first (an unreadable baseline would fail the next run) and replaces the file
 * atomically, so an interrupted write never leaves half a file.
 */
export async function writeBaseline(path: string, baseline: Baseline): Promise<void> {
  const name = printable(path);
  const normalized: Baseline = {
    version: 1,
    entries: sortEntries(baseline.entries).map(copyEntry),
  };
  validateBaseline({ ...baseline, entries: normalized.entries }, name);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(normalized, null, 2)}\n`, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${name}: cannot write (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (code ?? 'write failed')})`);
  }
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function validateBaseline(input: unknown, file: string): Baseline {
  const result = baselineSchema.safeParse(input);
  if (!result.success) throw new UsageError(formatIssues(file, result.error, input, { schema: baselineSchema, hideValues: hideTargets }));
  return result.data;
}

/** Targets diagnosed to the end: only their missing findings prove an entry stale. */
function examinedTargets(reports: readonly Report[]): Set<string> {
  const complete = new Set<string>();
  const incomplete = new Set<string>();
  for (const report of reports) {
    const finished = report.interrupted !== true && !report.checks.some((check) => check.status === 'error');
    (finished ? complete : incomplete).add(report.target.input);
  }
  for (const target of incomplete) complete.delete(target);
  return complete;
}

function keyOf(code: string, target: string, check?: string): string {
  return `${target}\u0000${code}\u0000${check ?? ''}`;
}

function copyEntry({ code, target, reason, check }: BaselineEntry): BaselineEntry {
  return { code, target, reason, ...(check !== undefined ? { check } : {}) };
}

// Code-unit order, not localeCompare: the file must sort the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortEntries<T extends BaselineEntry>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => compare(a.target, b.target) || compare(a.code, b.code) || compare(a.check ?? '', b.check ?? ''));
}

function printable(path: string): string {
  return path.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}
