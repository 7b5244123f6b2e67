import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { renderGithubAnnotations, renderHtml, renderJson, renderJunit, renderMarkdown, renderPretty } from '../../src/report/index.js';
import { sampleReport } from '../helpers/sample-report.js';
import { hostileString, runs, timeoutFor } from './runs.js';

/**
 * Report writers turn server text into CI artifacts. Whatever the strings (controls, ESC,
 * noncharacters, lone surrogates, `]]>`, markup, bidi overrides, megabytes), every format stays a
 * well-formed document of the same shape: the text changes, the structure never does.
 */

const XSD = fileURLToPath(new URL('../../../shared/schemas/junit-10.xsd', import.meta.url));
const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

// On CI a missing xmllint is a broken machine, not a reason to skip the schema samples.
it.runIf(process.env.CI === 'true')('has xmllint on CI', () => {
  expect(HAS_XMLLINT, 'xmllint is absent: .ci/run installs it (apt-get install -y libxml2-utils)').toBe(true);
});

/** Report fields that carry text from the server or the user: where hostile strings go (ids come from the registry). */
const TEXT_KEYS = new Set(['title', 'message', 'remediation', 'causes', 'request', 'bodyExcerpt', 'detail', 'skipReason', 'errorMessage', 'name', 'version', 'input', 'url', 'protocolVersion', 'capabilities', 'source', 'headers']);

/** The sample report with every text field replaced by `pick(i)` (i counts the fields). */
function withText(pick: (i: number) => string): Report {
  let i = 0;
  const visit = (value: unknown, key: string | undefined, inText: boolean): unknown => {
    const text = inText || (key !== undefined && TEXT_KEYS.has(key));
    if (typeof value === 'string') return text ? pick(i++) : value;
    if (Array.isArray(value)) return value.map((v) => visit(v, key, text));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = visit(v, k, text && key === 'headers' ? true : k === 'headers' ? true : false);
      return out;
    }
    return value;
  };
  const report = sampleReport();
  const replaced = visit({ ...report, tool: report.tool, checks: report.checks, findings: report.findings, server: report.server, target: report.target }, undefined, false) as Report;
  replaced.timings = report.timings;
  return replaced;
}

const hostileReport = fc.array(hostileString(120), { minLength: 1, maxLength: 12 }).map((pool) => withText((i) => pool[i % pool.length] as string));
const benignReport = (): Report => withText((i) => `text${i}`);

const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function expectWellFormedXml(xml: string): void {
  expect(XML_ILLEGAL.test(xml)).toBe(false);
  const valid = XMLValidator.validate(xml);
  expect(valid).toBe(true);
}

function testcaseCount(xml: string): number {
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' || name === 'testsuite' }).parse(xml) as { testsuites: { testsuite: Array<{ testcase: unknown[] }> } };
  return parsed.testsuites.testsuite.reduce((n, s) => n + s.testcase.length, 0);
}

const VOID = new Set(['br', 'meta', 'hr', 'img', 'input', 'link', 'wbr']);
/** Tag names and attribute names in an HTML document, and whether non-void tags balance. */
function htmlShape(html: string): { tags: Set<string>; attributes: Set<string>; balanced: boolean; hrefs: string[] } {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  const hrefs: string[] = [];
  const stack: string[] = [];
  let balanced = true;
  const body = html.replace(/<!DOCTYPE html>/i, '').replace(/<style>[\s\S]*?<\/style>/g, '<style></style>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>/g)) {
    const [, close, rawName = '', attrs = ''] = m;
    const name = rawName.toLowerCase();
    tags.add(name);
    for (const a of attrs.matchAll(/\s([a-zA-Z-]+)(?:="([^"]*)")?/g)) {
      attributes.add((a[1] as string).toLowerCase());
      if (a[1] === 'href') hrefs.push(a[2] ?? '');
    }
    if (VOID.has(name) || attrs.endsWith('/')) continue;
    if (close) {
      if (stack.pop() !== name) balanced = false;
    } else stack.push(name);
  }
  return { tags, attributes, balanced: balanced && stack.length === 0, hrefs };
}

/** Pipes not escaped with a backslash. */
function unescapedPipes(line: string): number {
  return (line.replace(/\\\\/g, '').match(/(?<!\\)\|/g) ?? []).length;
}

const xmllintDir = mkdtempSync(join(tmpdir(), 'mcp-doctor-junit-'));
let xmllintSamples = 0;
afterAll(() => rmSync(xmllintDir, { recursive: true, force: true }));

describe('report writer properties', { timeout: timeoutFor(1, 30) }, () => {
  const benign = benignReport();

  it('JUnit: always well-formed XML 1.0 with one testcase per check; a few samples validate against junit-10.xsd', () => {
    const cases = testcaseCount(renderJunit([benign]));
    fc.assert(
      fc.property(hostileReport, (report) => {
        const xml = renderJunit([report]);
        expectWellFormedXml(xml);
        expect(testcaseCount(xml)).toBe(cases);
        if (HAS_XMLLINT && xmllintSamples < 5) {
          const file = join(xmllintDir, `sample-${xmllintSamples++}.xml`);
          writeFileSync(file, xml);
          const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
          expect(lint.stderr).toMatch(/validates/);
          expect(lint.status).toBe(0);
        }
      }),
      runs(),
    );
    if (HAS_XMLLINT) expect(xmllintSamples).toBeGreaterThan(0);
  });

  it('JSON: always parses back to the report, strings intact', () => {
    fc.assert(
      fc.property(hostileReport, (report) => {
        const text = renderJson(report);
        const parsed = JSON.parse(text) as Report;
        expect(parsed.findings.map((f) => f.code)).toEqual(report.findings.map((f) => f.code));
        expect(parsed.findings.map((f) => f.message)).toEqual(report.findings.map((f) => f.message));
      }),
      runs(),
    );
  });

  it('HTML: tags balance and only the writer\'s own tags and attributes appear, whatever the text', () => {
    const shape = htmlShape(renderHtml([benign]));
    expect(shape.balanced).toBe(true);
    fc.assert(
      fc.property(hostileReport, (report) => {
        const html = renderHtml([report]);
        const got = htmlShape(html);
        expect(got.balanced).toBe(true);
        for (const tag of got.tags) expect(shape.tags).toContain(tag);
        for (const attribute of got.attributes) expect(shape.attributes).toContain(attribute);
        for (const href of got.hrefs) expect(href.startsWith('#') || shape.hrefs.includes(href)).toBe(true);
        expect(html).not.toMatch(/<script|<img|<iframe/i);
      }),
      runs(),
    );
  });

  it('Markdown: input never opens HTML, links or fences, and every table row keeps its cell count', () => {
    const benignMd = renderMarkdown([benign]);
    // `<code>` is how the writer shows a backtick span (content escaped): its own tag, never the input's.
    const allowedTags = new Set([...htmlShape(benignMd).tags, 'code']);
    const links = (md: string) => (md.match(/(?<!\\)\]\(/g) ?? []).length;
    const fences = (md: string) => md.split('\n').filter((l) => /^\s*(```|~~~)/.test(l)).length;
    fc.assert(
      fc.property(hostileReport, (report) => {
        const md = renderMarkdown([report]);
        for (const tag of htmlShape(md).tags) expect(allowedTags).toContain(tag);
        expect(links(md)).toBeLessThanOrEqual(links(benignMd));
        expect(fences(md)).toBeLessThanOrEqual(fences(benignMd));
        const lines = md.split('\n');
        for (let i = 0; i < lines.length; i++) {
          const line = lines[i] as string;
          if (!line.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
          const cells = unescapedPipes(line);
          for (let j = i; j < lines.length && lines[j]?.startsWith('|'); j++) expect(unescapedPipes(lines[j] as string)).toBe(cells);
        }
      }),
      runs(),
    );
  });

  it('GitHub annotations: one line per annotation, never a command injected by text', () => {
    const benignLines = renderGithubAnnotations([benign]).split('\n').filter((l) => l.startsWith('::')).length;
    fc.assert(
      fc.property(hostileReport, (report) => {
        const out = renderGithubAnnotations([report]);
        expect(out.split('\n').filter((l) => l.startsWith('::')).length).toBe(benignLines);
        expect(out).not.toMatch(/[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }),
      runs(),
    );
  });

  it('pretty (no colour): no control character, escape sequence or bidi override from the text reaches the terminal', () => {
    fc.assert(
      fc.property(hostileReport, fc.boolean(), (report, verbose) => {
        const out = renderPretty(report, { color: false, verbose });
        expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }),
      runs(),
    );
  });

  it('every writer copes with 10 MB strings and stays bounded', () => {
    fc.assert(
      fc.property(fc.constantFrom(']]>', '\u001b', '<script>', '|', '\uD800', 'a'), (unit) => {
        const huge = unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length));
        const report = benignReport();
        const finding = report.findings[0] as Report['findings'][number];
        finding.message = huge;
        finding.evidence = { ...finding.evidence, bodyExcerpt: huge };
        const junit = renderJunit([report]);
        expectWellFormedXml(junit);
        // Writers cap each text (with a marker), so the artifact stays far below the input size.
        expect(junit.length).toBeLessThan(2 * 1024 * 1024);
        expect(renderHtml([report]).length).toBeLessThan(4 * 1024 * 1024);
        expect(() => JSON.parse(renderJson(report))).not.toThrow();
        expect(htmlShape(renderHtml([report])).balanced).toBe(true);
        expect(renderMarkdown([report]).length).toBeLessThan(2 * 1024 * 1024);
        renderGithubAnnotations([report]);
        renderPretty(report, { color: false });
      }),
      // Seconds per case: one in `npm test`, every unit under `npm run fuzz`.
      { ...runs(), numRuns: Math.min(6, runs(0.005).numRuns ?? 1) },
    );
  }, 300_000);
});
