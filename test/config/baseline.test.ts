import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBaseline, readBaseline, updateBaseline, writeBaseline, type Baseline, type BaselinedFinding, type BaselineEntry } from '../../src/config/baseline.js';
import { UsageError } from '../../src/model/errors.js';
import { buildSummary } from '../../src/engine/post-process.js';
import type { FailOn, Report } from '../../src/model/report.js';
import { healthyReport, sampleReport } from '../helpers/sample-report.js';

const root = mkdtempSync(join(tmpdir(), 'mcp-doctor-baseline-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function freshDir(): string {
  const dir = join(root, `d${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const URL_A = 'http://127.0.0.1:8000/mcp';
const URL_B = 'https://b.example.com/mcp';
const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/weather-abc123';

/**
 * The sample report (one finding per severity: HOST_HEADER_REJECTED error, GET_STREAM_HANGS
 * warning, ACCEPT_HEADER_REQUIRED and SERVER_STATEFUL info) with every check having run, so its
 * target counts as examined.
 */
function completeReport(target = URL_A, failOn: FailOn = 'error'): Report {
  const report = sampleReport();
  report.target = { input: target, url: target, kind: target.startsWith('arn:') ? 'agentcore-runtime' : 'url' };
  report.checks = report.checks.map(({ errorMessage: _dropped, ...check }) => (check.status === 'error' ? { ...check, status: 'pass' } : check));
  report.failOn = failOn;
  report.summary = buildSummary(report.checks, report.findings, failOn);
  return report;
}

const entry = (code: string, target = URL_A, reason = 'accepted'): BaselineEntry => ({ code, target, reason });
const baseline = (...entries: BaselineEntry[]): Baseline => ({ version: 1, entries });

async function writeText(text: string): Promise<string> {
  const path = join(freshDir(), 'mcp-doctor-baseline.json');
  writeFileSync(path, text);
  return path;
}

async function readFailure(path: string): Promise<string> {
  const error: unknown = await readBaseline(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as UsageError).message;
  expect(message).not.toMatch(/[\n\r\u2028\u2029]/);
  return message;
}

describe('readBaseline', () => {
  it('returns an empty baseline when the file does not exist', async () => {
    expect(await readBaseline(join(freshDir(), 'none.json'))).toEqual({ version: 1, entries: [] });
  });

  it('reads a valid file as written', async () => {
    const value = baseline(entry('GET_STREAM_HANGS', URL_A, 'python-sdk #2474; fixed in the next release'), entry('SERVER_STATEFUL', ARN));
    expect(await readBaseline(await writeText(JSON.stringify(value)))).toEqual(value);
  });

  it('names the file on invalid JSON and on an empty file', async () => {
    const broken = await writeText('{"version": 1 "entries": []}');
    expect(await readFailure(broken)).toBe(`${broken}: invalid JSON at line 1, column 15 (expected ',' or '}' after property value)`);
    const empty = await writeText('');
    expect(await readFailure(empty)).toBe(`${empty}: is empty`);
  });

  it.each<[string, unknown, string]>([
    ['a wrong version', { version: 2, entries: [] }, '"version" must be 1 (the only baseline version this mcp-doctor reads) (got 2)'],
    ['a missing version', { entries: [] }, '"version" is required'],
    ['entries that are not a list', { version: 1, entries: {} }, '"entries" must be a list of accepted findings (got an object)'],
    ['an entry that is not an object', { version: 1, entries: [entry('SERVER_STATEFUL'), 'SERVER_STATEFUL'] }, '"entries[1]" must be an object with code, target and reason'],
    ['a missing reason', { version: 1, entries: [entry('A'), entry('B'), { code: 'C', target: URL_A }] }, '"entries[2].reason" is required'],
    ['a blank reason', { version: 1, entries: [entry('A', URL_A, '  ')] }, '"entries[0].reason" must say why the finding is accepted (got "  ")'],
    ['a malformed code', { version: 1, entries: [entry('get-stream-hangs')] }, '"entries[0].code" must be a finding code such as GET_STREAM_HANGS (got "get-stream-hangs")'],
    ['an empty target', { version: 1, entries: [entry('A', '')] }, '"entries[0].target" must be the target URL or runtime ARN'],
    ['a target of the wrong type', { version: 1, entries: [{ code: 'A', target: 3, reason: 'r' }] }, '"entries[0].target" must be the target URL or runtime ARN (got a number)'],
    ['a misspelt entry key', { version: 1, entries: [{ code: 'A', target: URL_A, reasn: 'r' }] }, 'unknown key "entries[0].reasn" (did you mean "entries[0].reason"?) (and 1 more problem)'],
    ['an unknown top-level key', { version: 1, entries: [], accepted: [] }, 'unknown key "accepted"'],
    ['a duplicate entry', { version: 1, entries: [entry('A'), entry('B'), entry('A', URL_A, 'again')] }, '"entries[2]" repeats entries[0] (same code and target)'],
    ['a root that is not an object', [], 'must be a JSON object such as {"version": 1, "entries": []} (got an array)'],
  ])('names the file and the entry for %s', async (_name, value, expected) => {
    const path = await writeText(JSON.stringify(value));
    expect(await readFailure(path)).toBe(`${path}: ${expected}`);
  });

  it('never echoes a target, which may carry credentials', async () => {
    const secret = 'https://h.example.com/mcp?api_key=sk-live-s3cr3t';
    for (const value of [
      { version: 1, entries: [entry('A', secret), entry('A', secret)] },
      { version: 1, entries: [{ code: 'A', target: [secret], reason: 'r' }] },
      { version: 1, entries: [secret] },
    ]) {
      const message = await readFailure(await writeText(JSON.stringify(value)));
      expect(message).not.toContain('sk-live');
    }
  });

  it('reports a path it cannot read', async () => {
    const dir = freshDir();
    expect(await readFailure(dir)).toBe(`${dir}: cannot read (is a directory)`);
  });
});

describe('applyBaseline', () => {
  it('changes nothing without entries', () => {
    const reports = [completeReport()];
    const result = applyBaseline(reports, baseline());
    expect(result).toEqual({ reports, stale: [], accepted: [], unexamined: [] });
    expect(result.reports[0]).not.toBe(reports[0]);
  });

  it('marks matched findings, keeps them, and recounts the summary without them', () => {
    const report = completeReport();
    expect(report.summary.verdict).toBe('unhealthy');
    const before = structuredClone(report);
    const result = applyBaseline([report], baseline(entry('HOST_HEADER_REJECTED', URL_A, 'tracked in #12')));
    const [applied] = result.reports;
    expect(applied?.findings.map((f: BaselinedFinding) => [f.code, f.baselined])).toEqual([
      ['HOST_HEADER_REJECTED', true],
      ['GET_STREAM_HANGS', undefined],
      ['ACCEPT_HEADER_REQUIRED', undefined],
      ['SERVER_STATEFUL', undefined],
    ]);
    expect(applied?.summary).toEqual({ ...report.summary, findings: { error: 0, warning: 1, info: 2 }, verdict: 'healthy' });
    expect(applied?.checks).toEqual(report.checks);
    expect(result.accepted).toEqual([{ ...entry('HOST_HEADER_REJECTED', URL_A, 'tracked in #12'), severity: 'error' }]);
    expect(result.stale).toEqual([]);
    expect(report).toEqual(before);
  });

  it('uses each report\'s own --fail-on for the verdict', () => {
    const result = applyBaseline([completeReport(URL_A, 'warning')], baseline(entry('HOST_HEADER_REJECTED')));
    expect(result.reports[0]?.summary.verdict).toBe('unhealthy');
    const both = applyBaseline([completeReport(URL_A, 'warning')], baseline(entry('HOST_HEADER_REJECTED'), entry('GET_STREAM_HANGS')));
    expect(both.reports[0]?.summary.verdict).toBe('healthy');
  });

  it('keeps a run unhealthy when a check could not run, whatever the baseline accepts', () => {
    const report = sampleReport();
    const all = baseline(...report.findings.map((f) => entry(f.code)));
    const [applied] = applyBaseline([report], all).reports;
    expect(applied?.summary).toMatchObject({ errored: 1, findings: { error: 0, warning: 0, info: 0 }, verdict: 'unhealthy' });
  });

  it('matches by code and target, not code alone', () => {
    const result = applyBaseline([completeReport(URL_A), completeReport(URL_B)], baseline(entry('HOST_HEADER_REJECTED', URL_B)));
    expect(result.reports.map((r) => r.summary.verdict)).toEqual(['unhealthy', 'healthy']);
    expect(result.reports[0]?.findings.some((f: BaselinedFinding) => f.baselined)).toBe(false);
  });

  it('reports entries of examined targets that match nothing as stale', () => {
    const result = applyBaseline([completeReport(URL_A), healthyReportFor(URL_B)], baseline(entry('TRAILING_SLASH_REDIRECT', URL_A), entry('HOST_HEADER_REJECTED', URL_B), entry('GET_STREAM_HANGS', URL_A)));
    expect(result.stale).toEqual([entry('TRAILING_SLASH_REDIRECT', URL_A), entry('HOST_HEADER_REJECTED', URL_B)]);
    expect(result.accepted).toEqual([{ ...entry('GET_STREAM_HANGS'), severity: 'warning' }]);
    expect(result.unexamined).toEqual([]);
  });

  it('leaves entries for targets not in the run, or not diagnosed to the end, unexamined', () => {
    const interrupted = { ...completeReport(URL_B), interrupted: true };
    const errored = sampleReport();
    errored.target = { input: ARN, url: 'https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/x/invocations', kind: 'agentcore-runtime' };
    const result = applyBaseline(
      [interrupted, errored],
      baseline(entry('NOT_PRESENT', URL_B), entry('NOT_PRESENT', ARN), entry('HOST_HEADER_REJECTED', ARN), entry('A', 'https://elsewhere.example.com/mcp')),
    );
    expect(result.stale).toEqual([]);
    expect(result.accepted).toEqual([{ ...entry('HOST_HEADER_REJECTED', ARN), severity: 'error' }]);
    expect(result.unexamined).toEqual([entry('NOT_PRESENT', ARN), entry('NOT_PRESENT', URL_B), entry('A', 'https://elsewhere.example.com/mcp')]);
  });

  it('does not count a target as examined when any of its runs was incomplete', () => {
    const result = applyBaseline([completeReport(URL_A), { ...healthyReportFor(URL_A), interrupted: true }], baseline(entry('NOT_PRESENT')));
    expect(result.unexamined).toEqual([entry('NOT_PRESENT')]);
  });

  it('gives the most severe severity when a target appears in several reports', () => {
    const info = completeReport();
    info.findings = info.findings.map((f) => ({ ...f, severity: 'info' }));
    const result = applyBaseline([info, completeReport()], baseline(entry('HOST_HEADER_REJECTED')));
    expect(result.accepted).toEqual([{ ...entry('HOST_HEADER_REJECTED'), severity: 'error' }]);
  });

  it('sorts stale, accepted and unexamined entries by target, then code', () => {
    const entries = [entry('SERVER_STATEFUL', URL_B), entry('GET_STREAM_HANGS', URL_B), entry('Z_GONE', URL_A), entry('HOST_HEADER_REJECTED', URL_A), entry('B_GONE', URL_A), entry('X', ARN), entry('A', ARN)];
    const result = applyBaseline([completeReport(URL_B), completeReport(URL_A)], baseline(...entries));
    expect(result.accepted.map((e) => `${e.target} ${e.code}`)).toEqual([`${URL_A} HOST_HEADER_REJECTED`, `${URL_B} GET_STREAM_HANGS`, `${URL_B} SERVER_STATEFUL`]);
    expect(result.stale.map((e) => `${e.target} ${e.code}`)).toEqual([`${URL_A} B_GONE`, `${URL_A} Z_GONE`]);
    expect(result.unexamined.map((e) => `${e.target} ${e.code}`)).toEqual([`${ARN} A`, `${ARN} X`]);
  });

  it('is idempotent, and drops marks a new baseline no longer covers', () => {
    const once = applyBaseline([completeReport()], baseline(entry('HOST_HEADER_REJECTED'))).reports;
    expect(applyBaseline(once, baseline(entry('HOST_HEADER_REJECTED'))).reports).toEqual(once);
    const [cleared] = applyBaseline(once, baseline()).reports;
    expect(cleared).toEqual(completeReport());
    expect(cleared?.findings.every((f) => !('baselined' in f))).toBe(true);
  });
});

describe('updateBaseline', () => {
  it('adds the findings at or above each report\'s --fail-on, sorted', () => {
    const next = updateBaseline([completeReport(URL_B, 'warning'), completeReport(URL_A, 'error'), completeReport(ARN, 'never')], baseline(), 'accepted 2026-11-25');
    expect(next).toEqual(
      baseline(entry('HOST_HEADER_REJECTED', URL_A, 'accepted 2026-11-25'), entry('GET_STREAM_HANGS', URL_B, 'accepted 2026-11-25'), entry('HOST_HEADER_REJECTED', URL_B, 'accepted 2026-11-25')),
    );
  });

  it('keeps the reasons of entries still matched, even below the threshold, and drops stale ones', () => {
    const previous = baseline(entry('SERVER_STATEFUL', URL_A, 'stateful by design'), entry('HOST_HEADER_REJECTED', URL_A, 'issue #12'), entry('TRAILING_SLASH_REDIRECT', URL_A, 'fixed'));
    expect(updateBaseline([completeReport()], previous, 'new')).toEqual(baseline(entry('HOST_HEADER_REJECTED', URL_A, 'issue #12'), entry('SERVER_STATEFUL', URL_A, 'stateful by design')));
  });

  it('keeps entries it could not judge', () => {
    const previous = baseline(entry('A', 'https://elsewhere.example.com/mcp', 'other team'), entry('NOT_PRESENT', URL_A, 'flaky'));
    const incomplete = sampleReport();
    expect(updateBaseline([incomplete], previous, 'new')).toEqual(
      baseline(entry('HOST_HEADER_REJECTED', URL_A, 'new'), entry('NOT_PRESENT', URL_A, 'flaky'), entry('A', 'https://elsewhere.example.com/mcp', 'other team')),
    );
  });

  it('writes one entry per code and target when a target appears twice', () => {
    expect(updateBaseline([completeReport(), completeReport()], baseline(), 'r').entries).toEqual([entry('HOST_HEADER_REJECTED', URL_A, 'r')]);
  });

  it('does not mutate the previous baseline', () => {
    const previous = baseline(entry('TRAILING_SLASH_REDIRECT'));
    updateBaseline([completeReport()], previous, 'r');
    expect(previous).toEqual(baseline(entry('TRAILING_SLASH_REDIRECT')));
  });

  it('refuses a blank reason', () => {
    expect(() => updateBaseline([], baseline(), ' ')).toThrow(new UsageError('a baseline entry needs a reason; pass a non-empty one'));
  });

  it('makes the next run pass with nothing stale', () => {
    const reports = [completeReport(URL_A, 'info'), completeReport(URL_B, 'warning')];
    const result = applyBaseline(reports, updateBaseline(reports, baseline(), 'r'));
    expect(result.stale).toEqual([]);
    expect(result.reports.map((r) => r.summary.verdict)).toEqual(['healthy', 'healthy']);
  });
});

describe('writeBaseline', () => {
  it('writes sorted, indented JSON with a final newline, creating directories', async () => {
    const path = join(freshDir(), 'ci', 'nested', 'baseline.json');
    await writeBaseline(path, baseline(entry('SERVER_STATEFUL', URL_B, 'b'), { ...entry('HOST_HEADER_REJECTED', URL_A, 'a'), severity: 'error' } as BaselineEntry));
    expect(readFileSync(path, 'utf8')).toBe(
      [
        '{',
        '  "version": 1,',
        '  "entries": [',
        '    {',
        '      "code": "HOST_HEADER_REJECTED",',
        `      "target": "${URL_A}",`,
        '      "reason": "a"',
        '    },',
        '    {',
        '      "code": "SERVER_STATEFUL",',
        `      "target": "${URL_B}",`,
        '      "reason": "b"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    expect(readdirSync(join(path, '..'))).toEqual(['baseline.json']);
  });

  it('round-trips through readBaseline', async () => {
    const path = join(freshDir(), 'baseline.json');
    const value = updateBaseline([completeReport(URL_B, 'info'), completeReport(URL_A)], baseline(), 'accepted');
    await writeBaseline(path, value);
    expect(await readBaseline(path)).toEqual(value);
  });

  it('replaces an existing file', async () => {
    const path = await writeText('old');
    await writeBaseline(path, baseline());
    expect(readFileSync(path, 'utf8')).toBe('{\n  "version": 1,\n  "entries": []\n}\n');
  });

  it('refuses to write a baseline it could not read back', async () => {
    const path = join(freshDir(), 'baseline.json');
    await expect(writeBaseline(path, baseline(entry('A'), entry('A', URL_A, 'twice')))).rejects.toThrow(new UsageError(`${path}: "entries[1]" repeats entries[0] (same code and target)`));
    await expect(writeBaseline(path, baseline(entry('A', URL_A, '')))).rejects.toThrow(new UsageError(`${path}: "entries[0].reason" must say why the finding is accepted (got "")`));
    expect(existsSync(path)).toBe(false);
  });

  it('reports a path it cannot write and leaves no temporary file', async () => {
    const dir = freshDir();
    const target = join(dir, 'baseline.json');
    mkdirSync(target);
    await expect(writeBaseline(target, baseline())).rejects.toThrow(new UsageError(`${target}: cannot write (is a directory)`));
    expect(readdirSync(dir)).toEqual(['baseline.json']);
  });
});

function healthyReportFor(target: string): Report {
  const report = healthyReport();
  report.target = { input: target, url: target, kind: 'url' };
  return report;
}
