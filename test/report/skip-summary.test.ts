import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/model/report.js';
import { describeSkips, summarizeSkips } from '../../src/report/skip-summary.js';
import { countOf } from '../../src/text/count-of.js';

const check = (id: string, status: CheckResult['status'], skipReason?: string): CheckResult => ({ id, title: id, area: 'transport', status, durationMs: 0, ...(skipReason ? { skipReason } : {}) });
const NO_CREDS = (permission: string) => `no AWS credentials were found (Could not load credentials from any providers); grant ${permission} and configure credentials to run this check`;

describe('summarizeSkips', () => {
  it('groups reasons by root cause, following skipped prerequisites to what stopped them', () => {
    const checks = [
      check('runtime-status', 'skip', NO_CREDS('bedrock-agentcore:GetAgentRuntime')),
      check('endpoint-status', 'skip', NO_CREDS('bedrock-agentcore:GetAgentRuntimeEndpoint')),
      check('runtime-protocol', 'skip', 'prerequisite check runtime-status did not pass'),
      check('endpoint-reachable', 'fail'),
      check('endpoint-speaks-mcp', 'skip', 'prerequisite check endpoint-reachable did not pass'),
      check('initialize', 'skip', 'prerequisite check endpoint-speaks-mcp did not pass'),
      check('stateless', 'skip', 'prerequisite check initialize did not pass'),
      check('readiness', 'skip', 'no --wait was given'),
      check('tls-verification', 'pass'),
    ];
    expect(summarizeSkips(checks)).toEqual([
      { reason: 'no AWS credentials', hint: 'set AWS_PROFILE (or --aws-profile), or pass --no-aws', count: 3 },
      { reason: 'check endpoint-reachable did not pass', count: 3 },
      { reason: 'no --wait was given', count: 1 },
    ]);
    expect(describeSkips(checks)).toBe('7 skipped (3 of them): no AWS credentials — set AWS_PROFILE (or --aws-profile), or pass --no-aws; 4 for 2 other reasons (-v lists every reason)');
  });

  it('one cause: no "of them", no other reasons', () => {
    expect(describeSkips([check('a', 'skip', NO_CREDS('x')), check('b', 'skip', NO_CREDS('y')), check('c', 'pass')])).toBe('2 skipped: no AWS credentials — set AWS_PROFILE (or --aws-profile), or pass --no-aws');
  });

  it('one other reason is singular', () => {
    expect(describeSkips([check('a', 'skip', 'no --wait was given'), check('b', 'skip', 'no --wait was given'), check('c', 'skip', 'the target is a URL, not a runtime ARN')], 'see below')).toBe('3 skipped (2 of them): no --wait was given; 1 for 1 other reason (see below)');
  });

  it('nothing skipped: no line', () => {
    expect(describeSkips([check('a', 'pass'), check('b', 'fail')])).toBeUndefined();
  });

  it('a prerequisite loop or a missing prerequisite still ends in a cause', () => {
    const loop = [check('a', 'skip', 'prerequisite check b did not pass'), check('b', 'skip', 'prerequisite check a did not pass')];
    expect(summarizeSkips(loop).reduce((sum, c) => sum + c.count, 0)).toBe(2);
    expect(summarizeSkips([check('a', 'skip', 'prerequisite check gone did not pass')])).toEqual([{ reason: 'check gone did not pass', count: 1 }]);
  });

  it('drops the details that differ between checks of one cause', () => {
    expect(summarizeSkips([check('a', 'skip', 'the token was given (--token, --token-file or MCP_DOCTOR_TOKEN), not obtained by the doctor')])[0]?.reason).toBe('the token was given, not obtained by the doctor');
  });
});

describe('countOf', () => {
  it.each([
    [0, 'check', undefined, '0 checks'],
    [1, 'check', undefined, '1 check'],
    [2, 'dot-separated part', undefined, '2 dot-separated parts'],
    [1, 'entry', 'entries', '1 entry'],
    [3, 'entry', 'entries', '3 entries'],
  ] as const)('%i %s', (n, noun, plural, expected) => {
    expect(countOf(n, noun, plural)).toBe(expected);
  });
});
