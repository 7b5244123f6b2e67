import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { RehearsalFacts, Report } from '../../src/model/report.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderPretty } from '../../src/report/pretty.js';
import { describeRehearsal, serverOutputTail } from '../../src/report/rehearsal.js';
import { sampleReport } from '../helpers/sample-report.js';

/** A rehearsal whose server crashed, with output that tries to break out of every format. */
const CRASHED: RehearsalFacts = {
  command: 'python main.py',
  pid: 4242,
  url: 'http://127.0.0.1:20431/mcp',
  port: 20431,
  startup: 'exited',
  binding: 'unknown',
  authorizer: 'JWT allowedClients from .bedrock_agentcore.yaml',
  exit: 'exit code 1',
  output: [...Array.from({ length: 40 }, (_, i) => `line ${i + 1}`), 'ValueError: Unknown transport: http', '``` </details> <script>alert(1)</script> </pre>'].join('\n'),
};

function rehearsedReport(rehearsal: RehearsalFacts): Report {
  return { ...sampleReport(), rehearsal };
}

describe('rehearsal in reports', () => {
  const cases = [
    { name: 'a crash at start-up', facts: CRASHED, line: /rehearsal of python main\.py \(pid 4242\) · http:\/\/127\.0\.0\.1:20431\/mcp · exited at start-up \(exit code 1\) · binding not checked · auth JWT allowedClients/ },
    { name: 'a loopback-only server', facts: { ...CRASHED, startup: 'listening', startupMs: 812, binding: 'loopback-only', probeAddress: '127.0.0.2', output: undefined } as RehearsalFacts, line: /listening after 812 ms · bound to loopback only \(probed 127\.0\.0\.2\)/ },
  ];

  for (const { name, facts, line } of cases) {
    it(`says how ${name} went, the same way in every format`, () => {
      expect(describeRehearsal(facts)).toMatch(line);
      const report = rehearsedReport(facts);
      expect(renderPretty(report, { color: false })).toMatch(line);
      expect(renderMarkdown([report])).toMatch(line);
      expect(renderHtml([report])).toMatch(line);
    });
  }

  it('keeps the tail of the server output, says how much was left out, and lets nothing in it render', () => {
    const tail = serverOutputTail(CRASHED.output as string, 30);
    expect(tail.heading).toBe('Server output (last 30 of 42 lines)');
    expect(tail.lines.at(-2)).toBe('ValueError: Unknown transport: http');

    const markdown = renderMarkdown([rehearsedReport(CRASHED)]);
    expect(markdown).toContain('<details><summary>Server output (last 30 of 42 lines)</summary>');
    expect(markdown).toContain('ValueError: Unknown transport: http');
    // The fence is longer than any backtick run in the output, so the output cannot close it.
    expect(markdown).toMatch(/\n````text\n[\s\S]*``` <\/details> <script>[\s\S]*\n````\n/);

    const html = renderHtml([rehearsedReport(CRASHED)]);
    expect(html).toContain('<summary>Server output</summary>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(XMLValidator.validate(html.replace(/^<!DOCTYPE html>\n/i, ''))).toBe(true);
  });

  it('shows no output block when the rehearsal kept none', () => {
    const report = rehearsedReport({ ...CRASHED, output: undefined });
    expect(renderMarkdown([report])).not.toContain('Server output');
    expect(renderHtml([report])).not.toContain('Server output');
  });
});
