import { agentcoreContract } from '../../../src/checks/transport/agentcore-contract.js';
import { makeContext, testCheck } from '../../helpers/check-tester.js';

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
