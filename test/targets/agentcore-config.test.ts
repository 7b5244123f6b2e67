import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfiguredAgent } from '../../src/targets/agentcore-config.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const ARN_A = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/alpha-AbCdEf1234';
const ARN_B = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/beta-ZyXwVu9876';

function dirWith(yaml: string): string {
  const dir = makeTempDir('cfg');
  writeFileSync(join(dir, '.bedrock_agentcore.yaml'), yaml);
  return dir;
}

const TWO_AGENTS = `default_agent: alpha
agents:
  alpha:
    name: alpha
    entrypoint: main.py
    aws:
      region: us-east-1
      protocol_configuration:
        server_protocol: MCP
    bedrock_agentcore:
      agent_id: alpha-AbCdEf1234
      agent_arn: ${ARN_A}
  beta:
    name: beta
    entrypoint: main.py
    bedrock_agentcore:
      agent_arn: ${ARN_B}
  gamma:
    name: gamma
    entrypoint: main.py
    bedrock_agentcore:
      agent_arn: null
`;

describe('.bedrock_agentcore.yaml', () => {
  it('reads the default agent', async () => {
    await expect(readConfiguredAgent(dirWith(TWO_AGENTS))).resolves.toMatchObject({ agent: 'alpha', arn: ARN_A });
  });

  it('picks another agent with --agent', async () => {
    await expect(readConfiguredAgent(dirWith(TWO_AGENTS), 'beta')).resolves.toMatchObject({ agent: 'beta', arn: ARN_B });
  });

  it('reads a legacy single-agent file', async () => {
    await expect(readConfiguredAgent(dirWith(`name: solo\nentrypoint: main.py\nbedrock_agentcore:\n  agent_arn: ${ARN_A}\n`))).resolves.toMatchObject({ agent: 'solo', arn: ARN_A });
  });

  it.each([
    ['an agent never deployed', TWO_AGENTS, 'gamma', /never deployed/],
    ['an unknown agent', TWO_AGENTS, 'delta', /no agent "delta" \(agents: alpha, beta, gamma\)/],
    ['no default agent among several', TWO_AGENTS.replace('default_agent: alpha\n', ''), undefined, /no default_agent; pick one with --agent/],
    ['invalid YAML', 'agents: [unclosed', undefined, /not valid YAML/],
  ])('explains %s', async (_name, yaml, agent, message) => {
    await expect(readConfiguredAgent(dirWith(yaml), agent)).rejects.toThrow(message);
  });

  it('says when there is no file', async () => {
    await expect(readConfiguredAgent(makeTempDir('empty'))).rejects.toThrow(/no target given and no \.bedrock_agentcore\.yaml/);
  });
});
