import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { controlPlaneSkipReason } from './control-plane-skip.js';

/** The runtime's configuration as an MCP server needs it (agentcore-contract §2, §6). */

export const runtimeProtocol = defineCheck({
  id: 'runtime-protocol',
  title: 'The runtime is configured for the MCP protocol',
  area: 'agentcore',
  needs: ['control-plane', 'runtime'],
  codes: ['PROTOCOL_NOT_MCP'],
  appliesTo: (_ctx, { 'control-plane': cp }) => controlPlaneSkipReason(cp.runtimeError),
  run({ 'control-plane': cp }): FindingSpec | undefined {
    const protocol = cp.runtime?.serverProtocol;
    if (protocol === undefined || protocol === 'MCP') return undefined;
    return { code: 'PROTOCOL_NOT_MCP', args: { detail: protocol }, evidence: { detail: `protocolConfiguration.serverProtocol = ${protocol}` } };
  },
});

export const runtimeMetadata = defineCheck({
  id: 'runtime-mmdsv2',
  title: 'The runtime requires MMDSv2',
  area: 'agentcore',
  needs: ['control-plane', 'runtime'],
  codes: ['MMDSV2_NOT_ENABLED'],
  appliesTo: (_ctx, { 'control-plane': cp }) => controlPlaneSkipReason(cp.runtimeError),
  run({ 'control-plane': cp }): FindingSpec | undefined {
    if (!cp.runtime || cp.runtime.requireMMDSV2 === true) return undefined;
    return { code: 'MMDSV2_NOT_ENABLED', evidence: { detail: `metadataConfiguration.requireMMDSV2 = ${String(cp.runtime.requireMMDSV2 ?? 'absent')}` } };
  },
});

export const headerAllowlist = defineCheck({
  id: 'header-allowlist',
  title: 'What the container receives: Authorization forwarding',
  area: 'agentcore',
  needs: ['control-plane', 'runtime'],
  codes: ['AUTHORIZATION_NOT_FORWARDED'],
  appliesTo: (_ctx, { 'control-plane': cp }) => {
    const skip = controlPlaneSkipReason(cp.runtimeError);
    if (skip !== true) return skip;
    return cp.runtime?.authorizer.kind === 'jwt' ? true : 'the runtime uses IAM (SigV4): there is no bearer token to forward';
  },
  run({ 'control-plane': cp }): FindingSpec | undefined {
    const allowlist = (cp.runtime?.requestHeaderAllowlist ?? []).map((h) => h.toLowerCase());
    if (allowlist.includes('authorization')) return undefined;
    return { code: 'AUTHORIZATION_NOT_FORWARDED', evidence: { detail: `requestHeaderAllowlist: ${allowlist.length ? allowlist.join(', ') : '(none)'}` } };
  },
});
