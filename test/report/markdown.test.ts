import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model/report.js';
import { MARKDOWN_MAX_BYTES, escapeMarkdown, renderMarkdown, renderProse } from '../../src/report/markdown.js';
import { healthyReport, sampleReport, stabilize } from '../helpers/sample-report.js';

/** A second, healthy target on AgentCore, so the snapshot covers several targets and runtime naming. */
function agentcoreReport(): Report {
  const report = healthyReport();
  report.target = { input: 'my-runtime', url: 'https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws/invocations', kind: 'agentcore-runtime' };
  report.runtime = { arn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/weather-abc123', qualifier: 'DEFAULT', status: 'READY', authorizer: 'jwt', requestAuth: 'bearer' };
  report.durationMs = 850;
  return report;
}

/** Server text aimed at Markdown and HTML: tables, tags, links, mentions, block markers, controls. */
const MARKDOWN_ATTACK = '| a | b |\n<script>alert(1)</script> <img src=x onerror=alert(1)> </details> `code` *bold* _em_ [link](javascript:alert(1)) ~~del~~ $x$ @octocat &lt;\r\n# heading\n- item\n\u001b[2J\u0007\u0085\u202Eend';

function hostileReport(): Report {
  const report = sampleReport();
  report.target.url = `http://evil.example/|x|${MARKDOWN_ATTACK}`;
  const [first] = report.findings as [Finding];
  first.title = `Title ${MARKDOWN_ATTACK}`;
  first.message = MARKDOWN_ATTACK;
  first.remediation = [`# ${MARKDOWN_ATTACK}`];
  first.evidence = { request: MARKDOWN_ATTACK, status: 421, headers: { 'x-evil': MARKDOWN_ATTACK }, bodyExcerpt: MARKDOWN_ATTACK, detail: MARKDOWN_ATTACK };
  const skipped = report.checks.find((c) => c.status === 'skip');
  if (skipped) skipped.skipReason = MARKDOWN_ATTACK;
  return report;
}

/** Unescaped pipes in a table row (GFM splits cells on these only). */
function cellSeparators(line: string): number {
  return line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;
}

const OUR_TAGS = /<details><summary>|<\/summary>|<\/details>|<\/?code>|<\/?sub>/g;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('renderMarkdown', () => {
  const markdown = renderMarkdown([sampleReport(), agentcoreReport()]);

  it('matches the snapshot for two targets', async () => {
    await expect(stabilize(markdown)).toMatchFileSnapshot('./__snapshots__/sample-reports.markdown.md');
  });

  it('opens with the overall verdict and a table of targets', () => {
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('## ❌ mcp-doctor: unhealthy');
    expect(markdown).toContain('**1 of 2 targets are unhealthy**: 1 error, 1 warning, 2 info across 2 targets.');
    expect(markdown).toContain('| Target | Verdict | Errors | Warnings | Checks passed | Duration |');
    expect(markdown).toContain('| http://127.0.0.1:8000/mcp | ❌ unhealthy | 1 | 1 | 4/9 | 12.3 s |');
    expect(markdown).toContain('| arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/weather-abc123 (qualifier DEFAULT) | ✅ healthy | 0 | 0 | 7/9 | 850 ms |');
  });

  it('groups findings by severity, links each code to its page and folds the evidence', () => {
    const at = (text: string) => markdown.indexOf(text);
    expect(at('#### ❌ Errors (1)')).toBeLessThan(at('#### ⚠️ Warnings (1)'));
    expect(at('#### ⚠️ Warnings (1)')).toBeLessThan(at('#### ℹ️ Info (2)'));
    expect(markdown).toContain('- [`HOST_HEADER_REJECTED`](docs/codes/HOST_HEADER_REJECTED.md) **The server rejects non-local Host headers (DNS-rebinding protection left on)**\\');
    expect(markdown).toContain('  **Fix:** Python: <code>FastMCP("server", host="0.0.0.0")</code>');
    expect(markdown).toContain('  <details><summary>Evidence</summary>\n\n  - **Request:** POST http://127.0.0.1:8000/mcp');
    expect(markdown).toContain('| `host-header` | ❌ fail | [HOST_HEADER_REJECTED](docs/codes/HOST_HEADER_REJECTED.md) | 1.2 s |');
    expect(markdown).toContain('| `mcp-session` | ❗ could not run: probe mcp-session did not finish before its deadline |  | 11.0 s |');
  });

  it('takes a base URL for the code pages', () => {
    const text = renderMarkdown([sampleReport()], { docsBaseUrl: 'https://example.com/mcp-doctor/docs/codes/' });
    expect(text).toContain('[`HOST_HEADER_REJECTED`](https://example.com/mcp-doctor/docs/codes/HOST_HEADER_REJECTED.md)');
  });

  it('says so when there is no target', () => {
    expect(renderMarkdown([])).toBe('## mcp-doctor: no targets\n\nNo target was diagnosed.\n');
  });
});

describe('Markdown escaping of server text', () => {
  const markdown = renderMarkdown([hostileReport(), agentcoreReport()]);

  it('keeps every table row to its columns', () => {
    let header = 0;
    for (const line of markdown.split('\n')) {
      if (!line.startsWith('|')) {
        header = 0;
        continue;
      }
      if (header === 0) header = cellSeparators(line);
      expect(cellSeparators(line), line).toBe(header);
    }
    expect(markdown).toContain('http://evil.example/\\|x\\|\\| a \\| b \\|');
  });

  it('lets no HTML through but its own tags', () => {
    expect(markdown).not.toMatch(/<script/i);
    expect(markdown).not.toMatch(/<img/i);
    expect(markdown.replace(OUR_TAGS, '')).not.toContain('<');
    expect(markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // An entity in server text is shown as typed, not decoded into markup.
    expect(markdown).toContain('&amp;lt;');
    const opened = markdown.match(/<details>/g)?.length;
    expect(markdown.match(/<\/details>/g)?.length).toBe(opened);
  });

  it('escapes emphasis, code, links, strikethrough and math', () => {
    expect(markdown).toContain('\\`code\\` \\*bold\\* \\_em\\_ \\[link\\](javascript:alert(1)) \\~\\~del\\~\\~ \\$x\\$');
    expect(markdown).not.toMatch(/(^|[^\\])\[link\]/);
  });

  it('never lets server text open a block or ping anyone', () => {
    expect(markdown).not.toMatch(/^\s*# heading/m);
    expect(markdown).not.toMatch(/^\s*- item/m);
    expect(markdown).toContain('**Fix:** \\# ');
    expect(markdown).not.toMatch(/(^|[^A-Za-z0-9])@octocat/);
    expect(markdown).toContain('@\u2060octocat');
  });

  it('strips control characters and bidi overrides', () => {
    expect(markdown).not.toMatch(CONTROL);
    expect(markdown).not.toContain('\u202E');
    expect(markdown).not.toContain('\r');
  });
});

describe('escapeMarkdown and renderProse', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['<b>&</b>', '&lt;b&gt;&amp;&lt;/b&gt;'],
    ['`x` *y* _z_ [a] ~s~ $m$ \\', '\\`x\\` \\*y\\* \\_z\\_ \\[a\\] \\~s\\~ \\$m\\$ \\\\'],
    ['# title', '\\# title'],
    ['- item', '\\- item'],
    ['=====', '\\====='],
    ['1. first', '1\\. first'],
    ['mail me@example.com, ping @team', 'mail me@example.com, ping @\u2060team'],
    ['line\r\nbreak\ttab', 'line break tab'],
    ['\u001b[31mred\u001b[0m\u0000', 'red'],
  ])('escapeMarkdown(%j)', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('turns code spans into inert <code>', () => {
    expect(renderProse('use `a|b <c>` then *go*')).toBe('use <code>a\\|b &lt;c&gt;</code> then \\*go\\*');
    expect(renderProse('an odd ` backtick')).toBe('an odd \\` backtick');
  });
});

describe('Markdown size cap', () => {
  function hugeReport(findings: number): Report {
    const report = sampleReport();
    const template = report.findings[0] as Finding;
    report.findings = Array.from({ length: findings }, (_, i) => ({ ...template, message: `${i}: ${'x'.repeat(5_000)}`, evidence: { bodyExcerpt: 'y'.repeat(5_000) } }));
    return report;
  }

  it('stays under 1 MiB and says what it left out', () => {
    const text = renderMarkdown([hugeReport(400)]);
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
    expect(MARKDOWN_MAX_BYTES).toBeLessThan(1024 * 1024);
    expect(text).toMatch(/> ⚠️ \*\*Report truncated\*\* to stay under 1000000 bytes: \d+ of 400 findings are not shown\./);
    const opened = text.match(/<details>/g)?.length ?? 0;
    expect(opened).toBeGreaterThan(0);
    expect(text.match(/<\/details>/g)?.length ?? 0).toBe(opened);
  });

  it('honours a smaller cap, such as a PR comment needs', () => {
    const text = renderMarkdown([hugeReport(100)], { maxBytes: 65_000 });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(65_000);
    expect(text).toContain('Report truncated');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('adds no note when everything fits', () => {
    expect(renderMarkdown([sampleReport()])).not.toContain('truncated');
  });
});
