import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../model/errors.js';
import { createFinding } from '../engine/findings.js';
import { buildSummary } from '../engine/post-process.js';
import type { CheckResult, FailOn, Finding, Report, TeardownFacts } from '../model/report.js';
import { createAwsAccess } from '../probes/aws/aws-runtime.js';
import type { NetworkConfig } from '../model/runtime.js';
import { parseRuntimeArn } from '../targets/arn.js';
import { TOOL_VERSION } from '../version.js';
import { readDeploymentFiles } from './deployment-files.js';
import { takeInventory } from './inventory.js';
import { describeCallError, REMOVAL_STEP, teardownChecks, type TeardownIssue } from './teardown-checks.js';
import type { DeploymentSources, TeardownInventory } from './types.js';

/**
 * `mcp-doctor teardown`: finds what a deployment created (project files and flags), reads each
 * resource with read-only AWS calls, and builds the same `Report` a diagnosis builds (target kind
 * `deployment`, one check per kind of resource, a finding per leftover with its removal commands),
 * so every reporter, baseline and exit code works unchanged.
 */

/** What to audit. */
export interface TeardownOptions {
  /** The project folder (default: the working directory). */
  dir: string;
  agent?: string;
  /** The newer CLI's deployment target. */
  target?: string;
  runtimeArn?: string;
  stackName?: string;
  region?: string;
  awsProfile?: string;
  failOn: FailOn;
  /** Per-call deadline. */
  timeoutMs: number;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
  network?: NetworkConfig;
  /** Told each secret the credential chain resolves, for the run's redactor. */
  onSecret?: (value: string) => void;
}

/** Audits the deployment; bad input (no deployment named, malformed files or ARN) is a UsageError. */
export async function runTeardown(options: TeardownOptions): Promise<Report> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const sources = await resolveSources(options);
  const region = options.region ?? sources.region ?? (sources.runtimeArn ? parseRuntimeArn(sources.runtimeArn)?.region : undefined) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError('no AWS region: pass --region, or set AWS_REGION (the project files name none)');
  const access = await createAwsAccess({ region, timeoutMs: options.timeoutMs, ...(options.awsProfile ? { profile: options.awsProfile } : {}), ...(options.network ? { network: options.network } : {}), ...(options.onSecret ? { onSecret: options.onSecret } : {}) });
  const inventory = await takeInventory({ sources, region, access, timeoutMs: options.timeoutMs, env, signal: options.signal });
  const report = judgeInventory(inventory, { failOn: options.failOn, input: describeInput(options, sources), startedAt: new Date(started).toISOString(), dir: options.dir });
  report.durationMs = Date.now() - started;
  return report;
}

async function resolveSources(options: TeardownOptions): Promise<DeploymentSources> {
  // A malformed ARN is a UsageError naming what is wrong with it.
  if (options.runtimeArn !== undefined) parseRuntimeArn(options.runtimeArn);
  const fromFiles = await readDeploymentFiles(options.dir, { ...(options.agent ? { agent: options.agent } : {}), ...(options.target ? { target: options.target } : {}) });
  if (!fromFiles && options.runtimeArn === undefined && options.stackName === undefined) {
    throw new UsageError(`nothing to audit: ${options.dir} has no .bedrock_agentcore.yaml or agentcore/ project files; pass a runtime ARN or --stack NAME`);
  }
  const sources: DeploymentSources = fromFiles ?? { toolchain: options.stackName ? 'cloudformation' : 'aws-cli', resources: [] };
  if (options.runtimeArn !== undefined) sources.runtimeArn = options.runtimeArn;
  else if (sources.runtimeArn !== undefined) {
    try {
      parseRuntimeArn(sources.runtimeArn);
    } catch (error) {
      throw new UsageError(`${sources.stateFile ?? 'the project files'} names a malformed runtime ARN: ${(error as Error).message}`);
    }
  }
  if (options.stackName !== undefined) sources.stackName = options.stackName;
  return sources;
}

function describeInput(options: TeardownOptions, sources: DeploymentSources): string {
  if (options.runtimeArn) return options.runtimeArn;
  if (options.stackName && !sources.stateFile) return `stack ${options.stackName}`;
  return `${options.dir}${sources.agent ? ` (${sources.agent})` : ''}`;
}

/** Pure: the report for an inventory already taken (what the check tests call). */
export function judgeInventory(inventory: TeardownInventory, options: { failOn: FailOn; input: string; startedAt: string; dir: string }): Report {
  const checks: CheckResult[] = [];
  const findings: Finding[] = [];
  for (const check of teardownChecks) {
    const began = Date.now();
    const outcome = check.run(inventory);
    const result: CheckResult = { id: check.id, title: check.title, area: 'agentcore', status: outcome.status, durationMs: Date.now() - began };
    if (outcome.skipReason) result.skipReason = outcome.skipReason;
    checks.push(result);
    for (const issue of outcome.issues) findings.push(toFinding(issue, check.id));
  }
  findings.sort((a, b) => stepOf(a) - stepOf(b) || a.code.localeCompare(b.code));
  // The order rule once, on the first step to take, instead of on every finding.
  findings[0]?.remediation.push(SAFE_ORDER_NOTE);
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: options.input, url: pathToFileURL(resolve(options.dir)).href, kind: 'deployment', ...(inventory.sources.stateFile ? { source: inventory.sources.stateFile } : {}) },
    profile: 'agentcore',
    failOn: options.failOn,
    startedAt: options.startedAt,
    durationMs: 0,
    summary: buildSummary(checks, findings, options.failOn),
    server: {},
    checks,
    findings,
    timings: { rounds: 3, requests: inventory.calls, probes: [] },
    teardown: teardownFacts(inventory),
  };
}

const STEP_OF_FINDING = new WeakMap<Finding, number>();

const SAFE_ORDER_NOTE =
  'Follow the steps in order: the user-pool trigger, the runtime, the pre-token Lambda, the IAM roles, the ECR repository and CodeBuild project, the log groups, the stack, the deployment file. Each step removes what the next one still depends on.';

function stepOf(finding: Finding): number {
  return STEP_OF_FINDING.get(finding) ?? 99;
}

function toFinding(issue: TeardownIssue, checkId: string): Finding {
  const finding = createFinding({ code: issue.code, args: { detail: issue.detail }, evidence: { detail: issue.evidence } }, checkId, 'agentcore');
  const [first, ...rest] = issue.commands;
  // The exact commands replace the catalog's general lines, which `explain` and the docs keep.
  finding.remediation = [...(first ? [`Step ${issue.step} of the safe order: ${first}`] : []), ...rest];
  STEP_OF_FINDING.set(finding, issue.step);
  return finding;
}

function teardownFacts(inventory: TeardownInventory): TeardownFacts {
  const resources = inventory.observations
    .map((o) => ({
      kind: o.kind,
      name: o.name,
      state: o.state,
      source: o.source,
      step: REMOVAL_STEP[o.kind],
      ...(o.state === 'unknown' ? { reason: describeCallError(o.error) } : {}),
    }))
    .sort((a, b) => a.step - b.step || a.name.localeCompare(b.name));
  return { toolchain: inventory.sources.toolchain, region: inventory.region, resources };
}
