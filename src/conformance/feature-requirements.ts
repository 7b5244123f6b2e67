import type { FindingSpec } from '../model/contracts.js';
import type { LegacyConformanceObservation, ListObservation } from '../model/conformance.js';
import { defineRequirement, evidenceOf, judgeResult, probeName, type Requirement, type RequirementVerdict } from './requirement.js';
import { compileToolSchema, describeValidationErrors } from './tool-schemas.js';

/**
 * Requirements on the server's own features, the same in both eras: each list endpoint paged to
 * its end with schema-valid pages, every tool schema compiled, listed static resources read,
 * prompts without required arguments fetched, completion asked when declared, and `--call`
 * tools called. Only what the server declares is tested.
 */

/** The observation fields both eras share. */
export type FeatureObservation = Pick<
  LegacyConformanceObservation,
  'capabilities' | 'tools' | 'resources' | 'resourceTemplates' | 'prompts' | 'resourceReads' | 'promptGets' | 'promptsWithRequiredArguments' | 'completion' | 'completionTarget' | 'toolCalls' | 'listedTools'
>;

/** Tools whose schemas are compiled per run (each compile builds its own engine). */
export const MAX_SCHEMA_COMPILES = 200;

const notDeclared = (capability: string): { skip: string } => ({ skip: `the server does not declare the "${capability}" capability` });

/** Every page judged; pages failing the same way are one finding (the first page's evidence). */
function judgeList(list: ListObservation | undefined, capability: string, version: string): RequirementVerdict {
  if (!list) return notDeclared(capability);
  const findings = list.pages.flatMap((page) => judgeResult(page, { version, calls: [] }));
  return findings.filter((finding, index) => findings.findIndex((other) => other.code === finding.code) === index);
}

function listRequirement(era: string, name: string, method: string, capability: string, section: string, pick: (o: FeatureObservation) => ListObservation | undefined): Requirement<FeatureObservation> {
  return defineRequirement<FeatureObservation>({
    id: `${era}/${name}`,
    title: `${method} answers every page with a schema-valid result`,
    section,
    area: 'mcp',
    codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
    evaluate: (o, ctx) => judgeList(pick(o), capability, ctx.version),
  });
}

/** Both schemas of every listed tool, compiled; findings name the tool and the dialect. */
function judgeToolSchemas(o: FeatureObservation, key: 'inputSchema' | 'outputSchema'): RequirementVerdict {
  if (!o.tools) return notDeclared('tools');
  const tools = o.listedTools.filter((t) => t[key] !== undefined);
  if (tools.length === 0) return { skip: key === 'inputSchema' ? 'the server lists no tools' : 'no listed tool has an outputSchema' };
  const findings: FindingSpec[] = [];
  for (const tool of tools.slice(0, MAX_SCHEMA_COMPILES)) {
    const compiled = compileToolSchema(tool[key]);
    if (compiled.ok === false) {
      findings.push({ code: 'CONFORMANCE_TOOL_SCHEMA_INVALID', args: { probe: `The ${key} of tool "${tool.name}"`, version: compiled.dialect, detail: compiled.error }, evidence: { detail: `tools/list: ${JSON.stringify(tool[key]).slice(0, 400)}` } });
    }
  }
  return findings;
}

/**
 * The feature requirements of one era (`2025` or `2026`), with the sections of that era's
 * specification.
 */
export function featureRequirements(era: '2025' | '2026'): Array<Requirement<FeatureObservation>> {
  return [
    listRequirement(era, 'tools-list', 'tools/list', 'tools', 'server/tools#listing-tools', (o) => o.tools),
    defineRequirement<FeatureObservation>({
      id: `${era}/tool-input-schemas`,
      title: 'Every tool inputSchema compiles as JSON Schema (2020-12 unless $schema says otherwise)',
      section: 'server/tools#tool',
      area: 'mcp',
      codes: ['CONFORMANCE_TOOL_SCHEMA_INVALID'],
      evaluate: (o) => judgeToolSchemas(o, 'inputSchema'),
    }),
    defineRequirement<FeatureObservation>({
      id: `${era}/tool-output-schemas`,
      title: 'Every tool outputSchema compiles as JSON Schema (2020-12 unless $schema says otherwise)',
      section: 'server/tools#output-schema',
      area: 'mcp',
      codes: ['CONFORMANCE_TOOL_SCHEMA_INVALID'],
      evaluate: (o) => judgeToolSchemas(o, 'outputSchema'),
    }),
    listRequirement(era, 'resources-list', 'resources/list', 'resources', 'server/resources#listing-resources', (o) => o.resources),
    defineRequirement<FeatureObservation>({
      id: `${era}/resources-read`,
      title: 'resources/read of each listed static resource returns its contents',
      section: 'server/resources#reading-resources',
      area: 'mcp',
      codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
      evaluate: (o, ctx) => {
        if (!o.resources) return notDeclared('resources');
        if (o.resourceReads.length === 0) return { skip: 'the server lists no static resources' };
        return o.resourceReads.flatMap(({ step }) => judgeResult(step, ctx));
      },
    }),
    listRequirement(era, 'resource-templates-list', 'resources/templates/list', 'resources', 'server/resources#resource-templates', (o) => o.resourceTemplates),
    listRequirement(era, 'prompts-list', 'prompts/list', 'prompts', 'server/prompts#listing-prompts', (o) => o.prompts),
    defineRequirement<FeatureObservation>({
      id: `${era}/prompts-get`,
      title: 'prompts/get of each listed prompt without required arguments returns its messages',
      section: 'server/prompts#getting-a-prompt',
      area: 'mcp',
      codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
      evaluate: (o, ctx) => {
        if (!o.prompts) return notDeclared('prompts');
        if (o.promptGets.length === 0) {
          return { skip: o.promptsWithRequiredArguments.length ? `every listed prompt has required arguments (${o.promptsWithRequiredArguments.slice(0, 5).join(', ')})` : 'the server lists no prompts' };
        }
        return o.promptGets.flatMap(({ step }) => judgeResult(step, ctx));
      },
    }),
    defineRequirement<FeatureObservation>({
      id: `${era}/pagination`,
      title: 'Every list can be paged to its end by sending back each nextCursor',
      section: 'server/utilities/pagination',
      area: 'mcp',
      codes: ['CONFORMANCE_PAGINATION_BROKEN'],
      evaluate: (o) => {
        const lists: Array<[string, ListObservation | undefined]> = [
          ['tools/list', o.tools],
          ['resources/list', o.resources],
          ['resources/templates/list', o.resourceTemplates],
          ['prompts/list', o.prompts],
        ];
        const declared = lists.filter((entry): entry is [string, ListObservation] => entry[1] !== undefined);
        if (declared.length === 0) return { skip: 'the server declares no list capability (tools, resources, prompts)' };
        const findings: FindingSpec[] = [];
        for (const [method, list] of declared) {
          const last = list.pages[list.pages.length - 1];
          const evidence = last ? evidenceOf(last) : {};
          if (list.cursorLoop) findings.push({ code: 'CONFORMANCE_PAGINATION_BROKEN', args: { probe: method, detail: `handed back a cursor it had already given after ${list.pages.length} pages` }, evidence });
          else if (list.pageLimit) findings.push({ code: 'CONFORMANCE_PAGINATION_BROKEN', args: { probe: method, detail: `still had a nextCursor after ${list.pages.length} pages` }, evidence });
          else if (list.pages.length > 1 && last?.reading?.kind !== 'result') {
            findings.push({ code: 'CONFORMANCE_PAGINATION_BROKEN', args: { probe: method, detail: `rejected its own cursor on page ${list.pages.length} (${last ? probeName(last) : ''})` }, evidence });
          }
        }
        return findings;
      },
    }),
    defineRequirement<FeatureObservation>({
      id: `${era}/completion`,
      title: 'completion/complete answers for a prompt argument or template variable',
      section: 'server/utilities/completion',
      area: 'mcp',
      codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH'],
      evaluate: (o, ctx) => {
        if (!o.capabilities || !('completions' in o.capabilities)) return notDeclared('completions');
        if (!o.completion) return { skip: 'no listed prompt has an argument and no listed template a variable to complete' };
        return judgeResult(o.completion, ctx);
      },
    }),
    defineRequirement<FeatureObservation>({
      id: `${era}/tools-call`,
      title: 'tools/call of each --call tool returns a schema-valid result (structuredContent matching its outputSchema)',
      section: 'server/tools#calling-tools',
      area: 'mcp',
      codes: ['CONFORMANCE_REQUEST_FAILED', 'CONFORMANCE_RESULT_INVALID', 'CONFORMANCE_ID_MISMATCH', 'CONFORMANCE_NOT_TESTABLE'],
      evaluate: (o, ctx) => {
        if (ctx.calls.length === 0) return { skip: 'no tool named with --call (tools/call is never sent by default)' };
        const findings: FindingSpec[] = [];
        for (const name of ctx.calls) {
          const listed = o.listedTools.find((t) => t.name === name);
          if (!listed) {
            findings.push({ code: 'CONFORMANCE_NOT_TESTABLE', args: { detail: `--call ${name}: the server does not list a tool named "${name}"${o.tools ? '' : ' (it does not declare tools)'}` } });
            continue;
          }
          const call = o.toolCalls.find((c) => c.name === name);
          if (!call) continue;
          const found = judgeResult(call.step, ctx);
          findings.push(...found);
          if (found.length === 0) findings.push(...judgeStructuredContent(name, listed.outputSchema, call.step.reading, ctx.version));
        }
        return findings;
      },
    }),
  ];
}

/** A tool with an outputSchema must return structuredContent that validates against it (unless isError). */
function judgeStructuredContent(name: string, outputSchema: unknown, reading: FeatureObservation['toolCalls'][number]['step']['reading'], version: string): FindingSpec[] {
  if (outputSchema === undefined || reading?.kind !== 'result') return [];
  const result = reading.result as { structuredContent?: unknown; isError?: unknown };
  if (result.isError === true) return [];
  const compiled = compileToolSchema(outputSchema);
  if (compiled.ok !== true) return [];
  const probe = `tools/call "${name}"`;
  if (result.structuredContent === undefined) return [{ code: 'CONFORMANCE_RESULT_INVALID', args: { probe, version, detail: 'the tool declares an outputSchema but the result has no structuredContent' } }];
  if (compiled.validate(result.structuredContent)) return [];
  return [{ code: 'CONFORMANCE_RESULT_INVALID', args: { probe, version, detail: `structuredContent does not match the tool's outputSchema (${describeValidationErrors(compiled.validate).join('; ')})` } }];
}
