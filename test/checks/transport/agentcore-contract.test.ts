import { describe, expect, it } from 'vitest';
import { agentcoreContract } from '../../../src/checks/transport/agentcore-contract.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const agentcore = (url: string) => makeContext({ profile: 'agentcore', target: { input: url, url, origin: new URL(url).origin, kind: 'url', isLoopback: true } });

testCheck(agentcoreContract, {
  valid: [
    { name: 'the container contract: port 8000, /mcp', observations: {}, ctx: agentcore('http://127.0.0.1:8000/mcp') },
    { name: 'the trailing-slash form AgentCore also accepts', observations: {}, ctx: agentcore('http://127.0.0.1:8000/mcp/') },
    { name: 'not judged under the generic profile', observations: {}, ctx: makeContext({ profile: 'generic' }), notApplicable: /only under the agentcore profile/ },
  ],
  invalid: [
    { name: 'an Express default port', observations: {}, ctx: agentcore('http://127.0.0.1:3000/mcp'), codes: ['AGENTCORE_CONTRACT_MISMATCH'], severities: ['warning'], message: /port 3000 instead of 8000/ },
    { name: 'a mounted prefix', observations: {}, ctx: agentcore('http://127.0.0.1:8000/api/mcp'), codes: ['AGENTCORE_CONTRACT_MISMATCH'], message: /path \/api\/mcp instead of \/mcp/ },
    { name: 'the legacy SSE path on the default https port', observations: {}, ctx: agentcore('https://mcp.example.com/sse'), codes: ['AGENTCORE_CONTRACT_MISMATCH'], message: /port 443 instead of 8000, path \/sse/ },
  ],
});

/** Pins the default port named for each scheme, and that a runtime target is never judged. */
describe('agentcore-contract edges', () => {
  it.each([
    ['http://127.0.0.1/mcp', 'port 80 instead of 8000'],
    ['https://127.0.0.1/mcp', 'port 443 instead of 8000'],
  ])('%s', (url, detail) => {
    expect(runCheck(agentcoreContract, {}, agentcore(url)).findings.map((f) => f.args?.detail)).toStrictEqual([detail]);
  });

  it('a runtime ARN under the agentcore profile is not judged', () => {
    const target = resolveTargetInput('arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/weather-Xq7Lm2Pa9R', { env: {} });
    expect(runCheck(agentcoreContract, {}, makeContext({ profile: 'agentcore', target }))).toStrictEqual({ applies: 'the target is a runtime: AgentCore calls the container itself', findings: [] });
  });
});
