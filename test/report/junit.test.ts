import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { escapeXml, formatSeconds, stripXmlIllegal } from '../../src/report/xml.js';
import type { Report } from '../../src/model/report.js';
import { healthyReport, sampleReport, stabilize } from '../helpers/sample-report.js';

const XSD = fileURLToPath(new URL('../../../shared/schemas/junit-10.xsd', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'mcp-doctor-junit-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type Attrs = Record<string, string>;
interface TextNode {
  '#text'?: string;
  type?: string;
  message?: string;
}
interface TestCase {
  name?: string;
  classname?: string;
  time?: string;
  failure?: TextNode[];
  error?: TextNode[];
  skipped?: Attrs[];
  'system-out'?: Array<string | TextNode>;
}
interface TestSuite {
  name?: string;
  tests?: string;
  failures?: string;
  errors?: string;
  skipped?: string;
  time?: string;
  timestamp?: string;
  properties?: Array<{ property?: Attrs[] }>;
  testcase?: TestCase[];
}
interface Parsed {
  testsuites: Attrs & { testsuite?: TestSuite[] };
}

const ARRAYS = new Set(['testsuite', 'testcase', 'property', 'properties', 'failure', 'error', 'skipped', 'system-out']);

function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: false, htmlEntities: true, isArray: (name) => ARRAYS.has(name) });
  return parser.parse(xml) as Parsed;
}

function validateWithXsd(xml: string, name: string): void {
  const file = join(workDir, name);
  writeFileSync(file, xml, 'utf8');
  const lint = spawnSync('/usr/bin/xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  // stderr names the offending line when the file does not validate.
  if (lint.status !== 0) throw new Error(`${name} does not validate: ${lint.stderr || lint.error?.message || ''}`);
  expect(lint.stderr.trim()).toBe(`${file} validates`);
}

function textOf(node: string | TextNode | undefined): string {
  return typeof node === 'string' ? node : (node?.['#text'] ?? '');
}

function suiteOf(parsed: Parsed, index = 0): TestSuite {
  const suite = parsed.testsuites.testsuite?.[index];
  if (!suite) throw new Error(`no testsuite ${index}`);
  return suite;
}

function caseOf(suite: TestSuite, name: string): TestCase {
  const found = suite.testcase?.find((c) => c.name === name);
  if (!found) throw new Error(`no testcase ${name}`);
  return found;
}

describe('renderJunit', () => {
  const report = sampleReport();
  const xml = renderJunit([report]);
  const parsed = parse(xml);
  const suite = suiteOf(parsed);
  const cases = suite.testcase ?? [];

  it('validates against junit-10.xsd', () => {
    validateWithXsd(xml, 'sample.xml');
    validateWithXsd(renderJunit([healthyReport()]), 'healthy.xml');
    validateWithXsd(renderJunit([report, healthyReport()]), 'two-targets.xml');
  });

  it('fails xmllint on XML the schema rejects (so the validation above can fail)', () => {
    const bad = xml.replace('<testsuites name="mcp-doctor"', '<testsuites name="mcp-doctor" skipped="2"');
    expect(() => validateWithXsd(bad, 'bad.xml')).toThrow();
  });

  it('starts with the XML declaration and a <testsuites> root named mcp-doctor', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(parsed.testsuites.name).toBe('mcp-doctor');
    expect(parsed.testsuites.skipped).toBeUndefined();
  });

  it('has one testcase per check, with unique names and classname mcp-doctor.<area>', () => {
    expect(cases.map((c) => c.name)).toEqual(report.checks.map((c) => c.id));
    expect(new Set(cases.map((c) => `${c.classname}/${c.name}`)).size).toBe(cases.length);
    expect(caseOf(suite, 'host-header').classname).toBe('mcp-doctor.transport');
    expect(caseOf(suite, 'endpoint-reachable').classname).toBe('mcp-doctor.network');
    expect(caseOf(suite, 'mcp-session').classname).toBe('mcp-doctor.mcp');
  });

  it('counts equal the children on the suite and the root', () => {
    const count = (key: 'failure' | 'error' | 'skipped') => cases.filter((c) => (c[key]?.length ?? 0) > 0).length;
    expect(Number(suite.tests)).toBe(cases.length);
    expect(Number(suite.failures)).toBe(count('failure'));
    expect(Number(suite.errors)).toBe(count('error'));
    expect(Number(suite.skipped)).toBe(count('skipped'));
    expect([count('failure'), count('error'), count('skipped')]).toEqual([1, 1, 2]);
    expect(Number(parsed.testsuites.tests)).toBe(cases.length);
    expect(Number(parsed.testsuites.failures)).toBe(count('failure'));
    expect(Number(parsed.testsuites.errors)).toBe(count('error'));
  });

  it('sums the counts over several targets', () => {
    const two = parse(renderJunit([report, healthyReport()]));
    expect(two.testsuites.testsuite).toHaveLength(2);
    expect(two.testsuites.tests).toBe('18');
    expect(two.testsuites.failures).toBe('1');
    expect(two.testsuites.errors).toBe('1');
    expect(two.testsuites.time).toBe('24.690');
  });

  it('maps a failing check to <failure type=CODE> with the error finding', () => {
    const failure = caseOf(suite, 'host-header').failure?.[0];
    expect(failure?.type).toBe('HOST_HEADER_REJECTED');
    expect(failure?.message).toBe('HOST_HEADER_REJECTED: The server rejects non-local Host headers (DNS-rebinding protection left on)');
    expect(textOf(failure)).toContain('[error] HOST_HEADER_REJECTED');
    expect(textOf(failure)).toContain('Docs: docs/codes/HOST_HEADER_REJECTED.md');
    expect(textOf(failure)).toContain('Status: 421');
  });

  it('maps a check that could not run to <error>', () => {
    const error = caseOf(suite, 'mcp-session').error?.[0];
    expect(error?.type).toBe('NOT_TESTABLE');
    expect(error?.message).toBe('probe mcp-session did not finish before its deadline');
    expect(caseOf(suite, 'mcp-session').failure).toBeUndefined();
  });

  it('maps a skip to <skipped message=reason>', () => {
    expect(caseOf(suite, 'session-expiry').skipped?.[0]?.message).toBe('the server issues no sessions, so none can expire');
    expect(caseOf(suite, 'token-reflection').skipped?.[0]?.message).toBe('no bearer token was sent');
  });

  it('lets warnings and info pass, with their text in <system-out>', () => {
    const warn = caseOf(suite, 'get-stream');
    expect(warn.failure).toBeUndefined();
    expect(warn.error).toBeUndefined();
    expect(textOf(warn['system-out']?.[0])).toContain('[warning] GET_STREAM_HANGS');
    expect(textOf(caseOf(suite, 'stateless')['system-out']?.[0])).toContain('[info] SERVER_STATEFUL');
    expect(textOf(caseOf(suite, 'accept-negotiation')['system-out']?.[0])).toContain('[info] ACCEPT_HEADER_REQUIRED');
    expect(caseOf(suite, 'endpoint-reachable')['system-out']).toBeUndefined();
  });

  it('puts run facts in suite properties', () => {
    const properties = Object.fromEntries((suite.properties?.[0]?.property ?? []).map((p) => [p.name, p.value]));
    expect(properties).toEqual({
      'mcp-doctor.version': report.tool.version,
      target: 'http://127.0.0.1:8000/mcp',
      profile: 'generic',
      'fail-on': 'error',
      verdict: 'unhealthy',
      'server.protocolVersion': '2025-11-25',
    });
    expect(suite.name).toBe('http://127.0.0.1:8000/mcp');
    expect(suite.timestamp).toBe('2026-11-25T17:06:40.000Z');
  });

  it('writes every time as seconds with three decimals', () => {
    const times = [...xml.matchAll(/\btime="([^"]*)"/g)].map((m) => m[1]);
    expect(times.length).toBe(cases.length + 2);
    for (const time of times) expect(time).toMatch(/^\d+\.\d{3}$/);
    expect(suite.time).toBe('12.345');
    expect(caseOf(suite, 'host-header').time).toBe('1.234');
    expect(caseOf(suite, 'session-expiry').time).toBe('0.000');
  });

  it('contains no ESC, NUL, noncharacter or lone surrogate, and escapes the rest', () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(xml).not.toContain(']]>');
    expect(xml).not.toContain('<![CDATA[');
    expect(xml).toContain('[31mInvalid Host header[0m ]]&gt; &lt;&amp;&quot;&apos;&gt;');
    expect(textOf(caseOf(suite, 'host-header').failure?.[0])).toContain(']]> <&"\'>');
  });

  it('keeps hostile text in attributes on one line', () => {
    const withNewline: Report = sampleReport();
    const skipped = withNewline.checks.find((c) => c.id === 'token-reflection');
    if (skipped) skipped.skipReason = 'line one\nline two\r\u001b[2J"quoted"';
    const out = renderJunit([withNewline]);
    validateWithXsd(out, 'newline.xml');
    expect(out).toContain('message="line one&#10;line two&#13;[2J&quot;quoted&quot;"');
    expect(caseOf(suiteOf(parse(out)), 'token-reflection').skipped?.[0]?.message).toBe('line one\nline two\r[2J"quoted"');
  });

  it('matches the snapshot', async () => {
    await expect(stabilize(xml)).toMatchFileSnapshot('./__snapshots__/sample-report.junit.xml');
  });
});

describe('xml helpers', () => {
  it.each([
    [0, '0.000'],
    [1, '0.001'],
    [1234, '1.234'],
    [0.0001, '0.000'],
    [-5, '0.000'],
    [86_400_000, '86400.000'],
  ])('formatSeconds(%s) → %s', (ms, expected) => {
    expect(formatSeconds(ms)).toBe(expected);
  });

  it('escapes the five XML specials and strips illegal characters', () => {
    expect(escapeXml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(stripXmlIllegal('a\u0000b\u001bc\uFFFEd\uFFFFe\uD800f\uDC00g😀h\tI\nJ\rK')).toBe('abcdefg😀h\tI\nJ\rK');
  });
});
