import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { safeLine, useOutputRedactor, writeReportFile, writeStderr, writeStderrLine } from '../../src/report/write.js';
import { foldSingleLineFields, guardLine, guardOutput } from '../../src/security/output-guard.js';
import { Redactor } from '../../src/security/redact.js';
import { sampleReport } from '../helpers/sample-report.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-guard-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  useOutputRedactor(undefined);
  vi.restoreAllMocks();
});

describe('guardOutput', () => {
  it.each([
    ['a workflow command at a line start', 'ok\n::error file=a::owned', 'ok\n\\::error file=a::owned'],
    ['after white space (the runner trims it)', 'ok\n   ::stop-commands::tok', 'ok\n   \\::stop-commands::tok'],
    ['after a colour code', 'ok\n\u001b[31m::warning::w', 'ok\n\\::warning::w'],
    ['at the very start', '::add-mask::x', '\\::add-mask::x'],
    ['CR and CRLF become LF', 'a\r::error::b\r\nc', 'a\n\\::error::b\nc'],
    ['OSC 52 and OSC 8 sequences go', 'copy\u001b]52;c;aGk=\u0007 \u001b]8;;http://e\u0007link\u001b]8;;\u0007', 'copy link'],
    ['U+2028 is a line break too', 'a\u2028::error::x', 'a\n\\::error::x'],
    ['`::` inside a line stays', 'see a::b and ::c', 'see a::b and ::c'],
  ])('%s', (_name, input, expected) => {
    expect(guardOutput(input)).toBe(expected);
  });

  it('the github format keeps its own commands but loses controls and CR', () => {
    expect(guardOutput('::error title=X::m\r\n\u001b[2J', { github: true })).toBe('::error title=X::m\n');
  });

  it('keeps the colours the pretty renderer adds, and only those', () => {
    expect(guardOutput('\u001b[31mred\u001b[0m \u001b]0;title\u0007\n::x', { keepColor: true })).toBe('\u001b[31mred\u001b[0m \n\\::x');
  });

  it('guardLine folds every line break into a space', () => {
    expect(guardLine('agent\n::error::x\r\ny')).toBe('agent ::error::x y');
  });
});

describe('foldSingleLineFields', () => {
  it('folds names, versions and file names, keeps multi-line evidence and output', () => {
    const report = sampleReport();
    report.server = { name: 'a\n::error::b', protocolVersion: '1\r\n2' };
    report.rehearsal = { url: 'http://127.0.0.1:1/mcp', port: 1, startup: 'exited', binding: 'unknown', authorizer: 'none', output: 'line 1\nline 2' };
    const finding = report.findings[0];
    if (!finding) throw new Error('the sample report has findings');
    finding.evidence = { detail: 'one\ntwo', bodyExcerpt: 'x\ny' };
    finding.location = { file: 'dir\n::error::f.py', line: 1, column: 1 };
    const folded = foldSingleLineFields(report);
    expect(folded.server).toEqual({ name: 'a ::error::b', protocolVersion: '1 2' });
    expect(folded.rehearsal?.output).toBe('line 1\nline 2');
    expect(folded.findings[0]?.evidence).toEqual({ detail: 'one\ntwo', bodyExcerpt: 'x\ny' });
    expect(folded.findings[0]?.location?.file).toBe('dir ::error::f.py');
    // A copy: the report itself is untouched.
    expect(report.server.name).toBe('a\n::error::b');
  });
});

describe('the sinks', () => {
  it('stderr lines are redacted, stripped and folded', () => {
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t-value-123456');
    useOutputRedactor(redactor);
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    writeStderrLine('mcp-doctor: agent "x\n::error::y" token s3cr3t-value-123456 \u001b]52;c;Zm9v\u0007');
    writeStderr('trace\n  ::warning::z\u001b[2J\n');
    expect(written).toEqual(['mcp-doctor: agent "x ::error::y" token [REDACTED] \n', 'trace\n  \\::warning::z\n']);
    expect(safeLine('a\nb')).toBe('a b');
  });

  it('a report file that cannot be written is a usage error naming the flag', async () => {
    await expect(writeReportFile(dir, 'x', { flag: '--output' })).rejects.toThrow(new UsageError(`cannot write --output ${dir}: it is a directory`));
    await expect(writeReportFile('/dev/full', 'x', { flag: '--json' })).rejects.toThrow(/cannot write --json \/dev\/full: no space left on the device \(ENOSPC\)/);
  });

  it('report files pass the guard too', async () => {
    const path = join(dir, 'r.md');
    await writeReportFile(path, 'ok\n::error::x\r\n');
    expect(readFileSync(path, 'utf8')).toBe('ok\n\\::error::x\n');
  });
});

/**
 * The colour-keeping path marks kept SGR codes with private-use characters: such characters in
 * the input must go (or they would be read as a mark), and without `keepColor` nothing is read as
 * a mark. Folding copies arrays as arrays and leaves non-string values as they are.
 */
describe('colour marks and non-string values', () => {
  it('drops the mark characters from the input when keeping colours', () => {
    expect(guardOutput('a\uE000b\uE0010\uE001c \u001b[32mok\u001b[0m', { keepColor: true })).toBe('ab0c \u001b[32mok\u001b[0m');
  });

  it('reads no marks without keepColor', () => {
    expect(guardOutput('x\uE0000\uE001y')).toBe('x\uE0000\uE001y');
  });

  it('foldSingleLineFields keeps arrays, numbers, booleans and null', () => {
    expect(foldSingleLineFields({ list: ['a\nb', 1], n: 5, z: null, b: true })).toStrictEqual({ list: ['a b', 1], n: 5, z: null, b: true });
    expect(foldSingleLineFields(['a\r\nb', 0])).toStrictEqual(['a b', 0]);
  });
});
