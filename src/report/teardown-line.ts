import type { TeardownFacts } from '../model/report.js';

/**
 * The words every reporter uses for a `teardown` audit, so the terminal, Markdown and HTML reports
 * count the resources the same way.
 */

const TOOLCHAINS: Readonly<Record<TeardownFacts['toolchain'], string>> = {
  'agentcore-cli': 'a newer AgentCore CLI project',
  'starter-toolkit': 'a starter toolkit project',
  cloudformation: 'a CloudFormation stack',
  'aws-cli': 'the resources of a runtime',
};

/** One line: what was audited, where, and how many resources are left, gone or not checked. */
export function describeTeardown(t: TeardownFacts): string {
  const count = (state: string): number => t.resources.filter((r) => r.state === state).length;
  const left = count('present');
  const unknown = count('unknown');
  const counts = [`${left} left`, `${count('absent')} gone`, ...(unknown > 0 ? [`${unknown} not checked`] : [])].join(', ');
  return `teardown audit of ${TOOLCHAINS[t.toolchain]} in ${t.region} · ${t.resources.length} resource${t.resources.length === 1 ? '' : 's'} looked up: ${counts}`;
}
