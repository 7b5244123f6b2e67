import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { FindingCode } from '../../catalog/codes.js';
import type { ListStep, McpSessionObservation } from '../../model/observations.js';

/** The discovery lists through the official SDK client, pagination followed. */

function listFinding(code: FindingCode, step: ListStep | undefined): FindingSpec | undefined {
  if (!step) return undefined;
  if (!step.ok) return { code, args: { detail: step.error }, evidence: { detail: `${step.error ?? 'failed'} (page ${step.pages})` } };
  if (step.cursorLoop) return { code, args: { detail: `pagination repeated a cursor after ${step.pages} pages` }, evidence: { detail: 'nextCursor loop' } };
  if (step.capped) {
    const detail = `pagination did not end: mcp-doctor stopped at its cap of ${step.capped.cap} (${step.capped.items} items, ${Math.round(step.capped.bytes / 1024)} KiB in ${step.pages} page${step.pages === 1 ? '' : 's'}, and still a nextCursor)`;
    return { code, args: { detail }, evidence: { detail } };
  }
  return undefined;
}

function declares(session: McpSessionObservation, capability: string): true | string {
  return session.capabilities.includes(capability) ? true : `the server does not declare the \`${capability}\` capability`;
}

export const toolsList = defineCheck({
  id: 'tools-list',
  title: 'tools/list returns the tools (all pages)',
  area: 'mcp',
  needs: ['mcp-session', 'session'],
  codes: ['TOOLS_LIST_FAILED'],
  appliesTo: (_ctx, { 'mcp-session': session }) => declares(session, 'tools'),
  run: ({ 'mcp-session': session }) => listFinding('TOOLS_LIST_FAILED', session.tools),
});

export const resourcesList = defineCheck({
  id: 'resources-list',
  title: 'resources/list works when declared',
  area: 'mcp',
  needs: ['mcp-session', 'session'],
  codes: ['RESOURCES_LIST_FAILED'],
  appliesTo: (_ctx, { 'mcp-session': session }) => declares(session, 'resources'),
  run: ({ 'mcp-session': session }) => listFinding('RESOURCES_LIST_FAILED', session.resources),
});

export const promptsList = defineCheck({
  id: 'prompts-list',
  title: 'prompts/list works when declared',
  area: 'mcp',
  needs: ['mcp-session', 'session'],
  codes: ['PROMPTS_LIST_FAILED'],
  appliesTo: (_ctx, { 'mcp-session': session }) => declares(session, 'prompts'),
  run: ({ 'mcp-session': session }) => listFinding('PROMPTS_LIST_FAILED', session.prompts),
});

export const toolCall = defineCheck({
  id: 'tool-call',
  title: 'The tool named with --call succeeds',
  area: 'mcp',
  needs: ['mcp-session', 'session'],
  codes: ['TOOL_CALL_FAILED'],
  appliesTo: (_ctx, { 'mcp-session': session }) => (session.toolCall ? true : 'no tool named with --call (tools are never called by default)'),
  run({ 'mcp-session': session }): FindingSpec | undefined {
    const call = session.toolCall;
    if (!call || call.ok) return undefined;
    return { code: 'TOOL_CALL_FAILED', args: { method: call.name, detail: call.error }, evidence: { detail: call.error ?? '' } };
  },
});
