import { describe, expect, it } from 'vitest';
import type { ContainerLogs, Report } from '../../src/model/report.js';
import { containerLogTail, containerLogText, describeContainerLogs } from '../../src/report/container-logs.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderPretty } from '../../src/report/pretty.js';
import { HOSTILE_TEXT, sampleReport } from '../helpers/sample-report.js';

/** The "Container logs" section in every reporter: the same lines, the matched one marked, hostile text neutralised. */

const GROUP = '/aws/bedrock-agentcore/runtimes/weather-Xq7Lm2Pa9R-DEFAULT';

function logs(extra: Partial<ContainerLogs> = {}): ContainerLogs {
  return {
    logGroup: GROUP,
    since: '2026-12-07T11:55:00.000Z',
    until: '2026-12-07T12:00:01.000Z',
    lines: [
      { timestamp: '2026-12-07T11:59:58.100Z', message: 'Traceback (most recent call last):' },
      { timestamp: '2026-12-07T11:59:58.101Z', message: '  File "/app/server.py", line 31, in <module>' },
      { timestamp: '2026-12-07T11:59:58.102Z', message: `print("\`\`\` </pre><script>x</script> ${HOSTILE_TEXT}")` },
      { timestamp: '2026-12-07T11:59:58.103Z', message: 'ValueError: Unknown transport: http', code: 'FASTMCP_HTTP_TRANSPORT_CRASH' },
    ],
    matchedCodes: ['FASTMCP_HTTP_TRANSPORT_CRASH'],
    readFor: ['HOST_HEADER_REJECTED'],
    ...extra,
  };
}

/** The sample report, its failing host-header check being what made the doctor read the log. */
function reportWith(section: ContainerLogs): Report {
  return { ...sampleReport(), containerLogs: section };
}

describe('container log text', () => {
  it('describes the group, window, count and codes, or why nothing was read', () => {
    expect(describeContainerLogs(logs())).toBe(`${GROUP}, 2026-12-07T11:55:00.000Z to 2026-12-07T12:00:01.000Z: 4 lines; names FASTMCP_HTTP_TRANSPORT_CRASH`);
    expect(describeContainerLogs(logs({ lines: [], matchedCodes: [], skipped: 'AccessDeniedException: …' }))).toBe(`${GROUP}: not read (AccessDeniedException: …)`);
    expect(describeContainerLogs(logs({ matchedCodes: [], truncated: true }))).toMatch(/4 lines \(the latest\); no known cause among them$/);
  });

  it('keeps the last lines and every matched line, in order', () => {
    const many = logs({ lines: [{ timestamp: '2026-12-07T11:59:00.000Z', message: 'ModuleNotFoundError: No module named x', code: 'MODULE_IMPORT_FAILED' }, ...Array.from({ length: 10 }, (_, i) => ({ timestamp: '2026-12-07T11:59:01.000Z', message: `noise ${i}` }))] });
    const tail = containerLogTail(many, 3);
    expect(tail.heading).toBe('Container logs (last 4 of 11 lines)');
    expect(tail.lines.map((l) => l.text)).toEqual(['2026-12-07 11:59:00Z  ModuleNotFoundError: No module named x', '2026-12-07 11:59:01Z  noise 7', '2026-12-07 11:59:01Z  noise 8', '2026-12-07 11:59:01Z  noise 9']);
    expect(tail.lines[0]?.code).toBe('MODULE_IMPORT_FAILED');
    expect(containerLogText(many, 3).split('\n')[1]).toBe('>> 2026-12-07 11:59:00Z  ModuleNotFoundError: No module named x    [MODULE_IMPORT_FAILED]');
  });
});

describe('reporters', () => {
  it('JSON carries the section as is', () => {
    expect(JSON.parse(renderJson(reportWith(logs()))).containerLogs).toEqual(logs());
  });

  it('pretty: a "Container logs" section, the matched line marked with its code, no terminal controls', () => {
    const text = renderPretty(reportWith(logs()), { color: false });
    const section = text.slice(text.indexOf('\nContainer logs\n'));
    expect(section.split('\n').slice(1, 3)).toEqual(['Container logs', `  ${describeContainerLogs(logs())}`]);
    expect(section).toContain('  | 2026-12-07 11:59:58Z    File "/app/server.py", line 31, in <module>');
    expect(section).toContain('  ▶ 2026-12-07 11:59:58Z  ValueError: Unknown transport: http  FASTMCP_HTTP_TRANSPORT_CRASH');
    expect(text).not.toContain('\u001b');
    expect(renderPretty(reportWith(logs()), { color: false, quiet: true })).not.toContain('Container logs');
    expect(renderPretty(sampleReport(), { color: false })).not.toContain('Container logs');
  });

  it('Markdown: a fenced, collapsible block that no line can break out of', () => {
    const text = renderMarkdown([reportWith(logs())]);
    expect(text).toContain('#### Container logs');
    expect(text).toContain('<details open><summary>Container logs</summary>');
    const fence = /\n(`{4,})text\n/.exec(text)?.[1];
    // The fence is longer than any backtick run in the lines (one line holds three).
    expect(fence).toBe('````');
    expect(text).toContain('▶ 2026-12-07 11:59:58Z  ValueError: Unknown transport: http    [FASTMCP_HTTP_TRANSPORT_CRASH]');
  });

  it('HTML: escaped lines, the matched one highlighted', () => {
    const text = renderHtml([reportWith(logs())]);
    expect(text).toContain('<h3>Container logs</h3>');
    expect(text).toContain('<mark>2026-12-07 11:59:58Z  ValueError: Unknown transport: http  [FASTMCP_HTTP_TRANSPORT_CRASH]</mark>');
    expect(text).not.toContain('<script>x</script>');
    expect(text).toContain('&lt;/pre&gt;&lt;script&gt;');
  });

  it('JUnit: the lines in system-err of the failing testcase the log explains, and nowhere else', () => {
    const report = reportWith(logs());
    report.checks = [...report.checks, { id: 'container-logs', title: 'The container log names the cause of the failure', area: 'agentcore', status: 'fail', durationMs: 5 }];
    const xml = renderJunit([report]);
    const testcase = (id: string) => new RegExp(`<testcase name="${id}"[\\s\\S]*?</testcase>`).exec(xml)?.[0] ?? '';
    expect(testcase('host-header')).toMatch(/<system-err>[\s\S]*&gt;&gt; 2026-12-07 11:59:58Z {2}ValueError: Unknown transport: http {4}\[FASTMCP_HTTP_TRANSPORT_CRASH\][\s\S]*<\/system-err>/);
    expect(testcase('container-logs')).toContain('<system-err>');
    // Failing, but not a finding the log was read for.
    expect(testcase('mcp-session')).not.toContain('<system-err>');
    expect(testcase('endpoint-reachable')).not.toContain('<system-err>');
    expect(xml).not.toContain('<script>');
    expect(renderJunit([reportWith(logs({ lines: [] }))])).not.toContain('<system-err>');
  });
});
