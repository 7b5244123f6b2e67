import { describe, expect, it } from 'vitest';
import type { TeardownFacts } from '../../src/model/report.js';
import { describeTeardown } from '../../src/report/teardown-line.js';

describe('describeTeardown', () => {
  it.each<[string, TeardownFacts, string]>([
    [
      'counts left, gone and unchecked resources',
      {
        toolchain: 'starter-toolkit',
        region: 'eu-west-1',
        resources: [
          { kind: 'runtime', name: 'a', state: 'absent', source: 's', step: 2 },
          { kind: 'ecr-repository', name: 'b', state: 'present', source: 's', step: 5 },
          { kind: 'log-group', name: 'c', state: 'unknown', source: 's', step: 7, reason: 'denied' },
        ],
      },
      'teardown audit of a starter toolkit project in eu-west-1 · 3 resources looked up: 1 left, 1 gone, 1 not checked',
    ],
    ['leaves out "not checked" when every resource was read', { toolchain: 'agentcore-cli', region: 'us-east-1', resources: [{ kind: 'runtime', name: 'a', state: 'absent', source: 's', step: 2 }] }, 'teardown audit of a newer AgentCore CLI project in us-east-1 · 1 resource looked up: 0 left, 1 gone'],
    ['names a stack-only audit', { toolchain: 'cloudformation', region: 'us-east-1', resources: [] }, 'teardown audit of a CloudFormation stack in us-east-1 · 0 resources looked up: 0 left, 0 gone'],
  ])('%s', (_name, facts, line) => expect(describeTeardown(facts)).toBe(line));
});
