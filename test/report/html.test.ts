import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model/report.js';
import { escapeHtml, renderHtml, renderProse } from '../../src/report/html.js';
import { CHROMIUM, HEADLESS_FLAGS, runChromium } from '../helpers/chromium.js';
import { healthyReport, HOSTILE_TEXT, sampleReport } from '../helpers/sample-report.js';

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />`;

/** Text aimed at HTML: tags, attribute breakouts in both quote styles, comments, style and CDATA ends. */
const HTML_ATTACK = `<script>alert(1)</script>"><img src=x onerror=alert(1)>' onmouseover='alert(2)' <!-- </style> ]]> &amp; \u001b[2J\u0007\u0085\u202Eend`;

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'section', 'article', 'div', 'span', 'p', 'h1', 'h2', 'h3', 'h4', 'dl', 'dt', 'dd', 'ul', 'ol', 'li', 'details', 'summary', 'code', 'pre', 'strong', 'b', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a']);
const ALLOWED_ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'style', 'title', 'href', 'aria-hidden']);
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function agentcoreReport(): Report {
  const report = healthyReport();
  report.target = { input: 'my-runtime', url: 'https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/x/invocations', kind: 'agentcore-runtime' };
  report.runtime = { arn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/weather-abc123', qualifier: 'DEFAULT', status: 'READY', authorizer: 'jwt', requestAuth: 'bearer' };
  return report;
}

function hostileReport(): Report {
  const report = sampleReport();
  report.target.url = `http://evil.example/${HTML_ATTACK}`;
  const first = report.findings[0] as Finding;
  first.title = `Title ${HTML_ATTACK}`;
  first.remediation = [HTML_ATTACK, `\`${HTML_ATTACK}\``];
  first.causes = [HTML_ATTACK];
  first.spec = { id: HTML_ATTACK, url: `javascript:alert(1)//${HTML_ATTACK}` };
  first.evidence = { ...first.evidence, request: HTML_ATTACK, headers: { [HTML_ATTACK]: HTML_ATTACK }, detail: HTML_ATTACK };
  report.findings[1] = { ...(report.findings[1] as Finding), message: `${HTML_ATTACK} \`${HTML_ATTACK}\`` };
  const check = report.checks.find((c) => c.id === 'session-expiry');
  if (check) check.skipReason = HTML_ATTACK;
  report.timings.probes.push({ id: HTML_ATTACK, startedAtMs: 20, durationMs: 300, requests: 1, outcome: 'error' });
  report.server.name = HTML_ATTACK;
  return report;
}

/** Every start tag with its attributes, read from the markup (which is also well-formed XML). */
function startTags(html: string): Array<{ name: string; attributes: Array<[string, string]> }> {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=/>]+="[^"]*")*)\s*\/?>/g)].map((m) => ({
    name: m[1] as string,
    attributes: [...(m[2] ?? '').matchAll(/([^\s=]+)="([^"]*)"/g)].map((a) => [a[1] as string, a[2] as string]),
  }));
}

/** The strict check: well-formed, only known tags and attributes, nothing that loads or runs. */
function expectStrictPage(html: string): void {
  expect(XMLValidator.validate(html)).toBe(true);
  expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  expect(html).toContain(CSP);
  // Every `<` opens a known tag: server text can only reach the page as `&lt;`.
  const opened = [...html.matchAll(/<(!DOCTYPE|\/?[a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => (m[1] as string).replace('/', ''));
  expect(html.split('<').length - 1).toBe(opened.length);
  for (const name of opened) if (name !== '!DOCTYPE') expect(ALLOWED_TAGS, name).toContain(name);
  const tags = startTags(html);
  // Each start tag parsed in full, so no attribute escaped the quoted form.
  expect(tags.length).toBe(html.match(/<[a-zA-Z]/g)?.length);
  for (const { name, attributes } of tags) {
    for (const [attribute, value] of attributes) {
      expect(ALLOWED_ATTRIBUTES, `${name} ${attribute}`).toContain(attribute);
      if (attribute === 'href') expect(value).toMatch(/^#target-\d+$/);
      if (attribute === 'style') expect(value).toMatch(/^left:\d+\.\d{3}%(;width:\d+\.\d{3}%)?$/);
    }
  }
  // `src`, `srcset`, `on*` and the like fail the attribute allow-list above.
  expect(html).not.toMatch(/url\(|@import|<script|<link|<base/i);
  expect(html).not.toMatch(CONTROL);
}

describe('renderHtml', () => {
  const html = renderHtml([sampleReport(), agentcoreReport()]);

  it('is one strict, self-contained page', () => {
    expectStrictPage(html);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('shows the verdict, a table of targets and a section per target', () => {
    expect(html).toContain('<h1>Unhealthy</h1>');
    expect(html).toContain('<p class="verdict-headline">1 of 2 targets are unhealthy</p>');
    expect(html).toContain('<a href="#target-1">http://127.0.0.1:8000/mcp</a>');
    expect(html).toContain('<a href="#target-2">arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/weather-abc123 (qualifier DEFAULT)</a>');
    expect(html).toContain('<section class="target" id="target-2">');
    expect(renderHtml([healthyReport()])).toContain('<h1>Healthy</h1>');
  });

  it('gives every finding its message, fix, causes, evidence and docs', () => {
    for (const finding of sampleReport().findings) expect(html).toContain(`<code class="code">${finding.code}</code>`);
    expect(html).toContain('<strong>Fix</strong> Python: <code>FastMCP(&quot;server&quot;, host=&quot;0.0.0.0&quot;)</code>');
    expect(html).toContain('<summary>1 more step</summary>');
    expect(html).toContain('<summary>Likely causes</summary>');
    expect(html).toContain('<dt>Status</dt><dd><code>421</code></dd>');
    expect(html).toContain('<code>mcp-doctor explain HOST_HEADER_REJECTED</code>');
  });

  it('escapes the sample hostile server text and strips its controls', () => {
    expect(html).not.toContain(`<&"'>`);
    expect(html).toContain('Invalid Host header ]]&gt; &lt;&amp;&quot;&#39;&gt;   end');
    expect(html).not.toContain(HOSTILE_TEXT);
  });

  it('draws the probe timeline on the scale of the run', () => {
    // 12,345 ms run: mcp-session starts at 1 ms and takes 11,000 ms.
    expect(html).toContain('<li class="lane outcome-timeout"><span class="lane-name" title="mcp-session">mcp-session</span><span class="track"><span class="bar" style="left:0.008%;width:89.105%"');
    expect(html).toContain('<span class="tick" style="left:40.502%"><span>5 s</span></span>');
    expect(html.match(/<span class="bar" /g)).toHaveLength(2 * sampleReport().timings.probes.length);
  });

  it('keeps a probe that overran the run inside the axis', () => {
    const report = healthyReport();
    report.durationMs = 100;
    report.timings.probes = [{ id: 'late', startedAtMs: 50, durationMs: 150, requests: 1, outcome: 'ok' }];
    expect(renderHtml([report])).toContain('style="left:25.000%;width:75.000%"');
  });
});

describe('HTML escaping of hostile text', () => {
  const html = renderHtml([hostileReport()]);

  it('passes the strict check', () => {
    expectStrictPage(html);
  });

  it('never emits the attack unescaped, in text or in attributes', () => {
    expect(html).not.toMatch(/<script|<img|<!--|onerror=alert\(1\)>|onmouseover='|<\/style>[^\n]/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39; onmouseover=&#39;alert(2)&#39; &lt;!-- &lt;/style&gt; ]]&gt; &amp;amp; end');
    expect(html).toContain('title="&lt;script&gt;');
    expect(html).toContain('<code>&lt;script&gt;alert(1)');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('escapes in every helper', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('\u001b[31mred\u001b[0m\u0000')).toBe('red');
    expect(renderProse('run `a <b>` now <i>')).toBe('run <code>a &lt;b&gt;</code> now &lt;i&gt;');
  });
});

const hasChromium = existsSync(CHROMIUM);

// On CI a missing browser is a broken machine, not a reason to skip the rendering test.
it.runIf(process.env.CI === 'true')('has Chromium on CI', () => {
  expect(hasChromium, `${CHROMIUM} is absent: .ci/run installs it (apt-get install -y chromium)`).toBe(true);
});


const chromiumTitle = `renders the verdict and every finding code, and takes a non-trivial screenshot${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`}`;

describe('renderHtml in headless Chromium', () => {
  it.skipIf(!hasChromium)(chromiumTitle, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-html-'));
    const reports = [hostileReport(), agentcoreReport()];
    const page = join(dir, 'report.html');
    const screenshot = join(dir, 'report.png');
    writeFileSync(page, renderHtml(reports), 'utf8');
    const profile = join(dir, 'profile');
    try {
      // One run does both: Chromium starts slowly, and the DOM it dumps is the one it painted.
      const dom = await runChromium([
        ...HEADLESS_FLAGS,
        `--user-data-dir=${profile}`,
        '--dump-dom',
        `--screenshot=${screenshot}`,
        '--window-size=1280,2000',
        pathToFileURL(page).href,
      ]);
      expect(dom).toContain('<h1>Unhealthy</h1>');
      expect(dom).toContain('1 of 2 targets are unhealthy');
      for (const finding of reports.flatMap((r) => r.findings)) expect(dom).toContain(`<code class="code">${finding.code}</code>`);
      // The parsed page holds the attack as text only.
      expect(dom).not.toMatch(/<script|<img/i);
      expect(dom).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

      const png = readFileSync(screenshot);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 2000]);
      expect(statSync(screenshot).size).toBeGreaterThan(50_000);
      console.log(`HTML report screenshot: ${screenshot} (page: ${page})`);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
