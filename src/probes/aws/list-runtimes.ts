import type { AwsAccess } from '../../model/runtime.js';
import { mapBounded } from '../map-bounded.js';
import { networkOf } from '../network-config.js';
import { classifyAwsError } from './control-plane.js';
import type { AwsCallError } from '../../model/observations.js';

/** What `--all` found in a region. */
export interface RuntimeListing {
  /** MCP runtimes (serverProtocol MCP) whose name matches the filter, in listing order. */
  arns: string[];
  /** Runtimes left out, with why. */
  skipped: Array<{ arn: string; reason: string }>;
  error?: AwsCallError;
}

/**
 * GetAgentRuntime calls in flight at once by default. One by one, a 200-runtime account took ten
 * seconds of round trips before its first diagnosis; AWS publishes no quota for the call
 * (UNCONFIRMED), and a throttled call is retried by the SDK before the runtime is left out with the
 * reason, so the default stays modest.
 */
export const DESCRIBE_CONCURRENCY = 8;

/**
 * Every MCP runtime of the account in a region (issue: `--all`): ListAgentRuntimes over all pages,
 * then GetAgentRuntime for each (at most `concurrency` at once), because list summaries carry no
 * protocol (agentcore-contract §6). Runtimes come back in listing order.
 */
export async function listMcpRuntimes(
  access: AwsAccess,
  params: { region: string; endpoint?: string; nameFilter?: string; timeoutMs: number; signal?: AbortSignal; concurrency?: number },
): Promise<RuntimeListing> {
  const [sdk, requestHandler] = await Promise.all([import('@aws-sdk/client-bedrock-agentcore-control'), networkOf(access.settings.network).awsRequestHandler({ timeoutMs: params.timeoutMs })]);
  const client = new sdk.BedrockAgentCoreControlClient({
    region: params.region,
    ...(params.endpoint ? { endpoint: params.endpoint } : {}),
    credentials: access.credentials,
    maxAttempts: 2,
    requestHandler,
  });
  const matches = nameMatcher(params.nameFilter);
  const listing: RuntimeListing = { arns: [], skipped: [] };
  const callOptions = params.signal ? { abortSignal: params.signal } : {};
  try {
    const summaries: Array<{ arn: string; id: string; name: string }> = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await client.send(new sdk.ListAgentRuntimesCommand({ maxResults: 100, ...(nextToken ? { nextToken } : {}) }), callOptions);
      for (const r of out.agentRuntimes ?? []) summaries.push({ arn: String(r.agentRuntimeArn), id: String(r.agentRuntimeId), name: String(r.agentRuntimeName) });
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    // What each runtime is: kept (undefined), or left out with the reason; in listing order.
    const verdicts = await mapBounded(summaries, params.concurrency ?? DESCRIBE_CONCURRENCY, async (summary): Promise<string | undefined> => {
      if (!matches(summary.name)) return `name ${summary.name} does not match --name-filter`;
      try {
        const runtime = await client.send(new sdk.GetAgentRuntimeCommand({ agentRuntimeId: summary.id }), callOptions);
        const protocol = runtime.protocolConfiguration?.serverProtocol;
        return protocol === 'MCP' ? undefined : `serverProtocol ${protocol ?? 'unset (HTTP)'}`;
      } catch (error) {
        const failure = classifyAwsError(error, 'bedrock-agentcore:GetAgentRuntime');
        return `${failure.name}: ${failure.message}`;
      }
    });
    summaries.forEach((summary, index) => {
      const reason = verdicts[index];
      if (reason === undefined) listing.arns.push(summary.arn);
      else listing.skipped.push({ arn: summary.arn, reason });
    });
  } catch (error) {
    listing.error = classifyAwsError(error, 'bedrock-agentcore:ListAgentRuntimes');
  } finally {
    client.destroy();
  }
  return listing;
}

/** `*` and `?` wildcards, case-insensitive; a filter without wildcards matches as a substring. */
export function nameMatcher(filter: string | undefined): (name: string) => boolean {
  if (!filter) return () => true;
  if (!/[*?]/.test(filter)) return (name) => name.toLowerCase().includes(filter.toLowerCase());
  const pattern = new RegExp(`^${filter.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return (name) => pattern.test(name);
}
