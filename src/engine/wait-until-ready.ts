import type { ProbeContext, ResolvedTarget } from '../model/contracts.js';
import { createAwsAccess } from '../probes/aws/aws-runtime.js';
import { describeRuntime } from '../probes/aws/control-plane.js';
import { HttpClient } from '../probes/http-exchange.js';
import type { NetworkConfig } from '../model/runtime.js';
import { COMPLIANT_ACCEPT, OFFERED_PROTOCOL_VERSION } from '../probes/transport-probes.js';
import { Redactor } from '../security/redact.js';
import { TOOL_VERSION } from '../version.js';
import type { WaitOutcome } from '../model/observations.js';

/** Answers of an endpoint that is still being created or propagated. */
const NOT_YET = [404, 424, 502, 503, 504];

/** Where a freshly deployed runtime stands. */
export interface ReadinessState {
  /** One line: `runtime CREATING`, `endpoint READY, initialize 404`, `ready`. */
  summary: string;
  ready: boolean;
}

/**
 * `--wait`: right after `agentcore launch` the runtime is CREATING or UPDATING and a new endpoint
 * answers 404 for minutes (agentcore-contract §5). Polls the control plane and a compliant
 * initialize until both are ready or the duration passes; reports every change of state.
 */
export async function waitUntilReady(
  target: ResolvedTarget,
  options: { waitMs: number; intervalMs?: number; timeoutMs: number; token?: string; awsProfile?: string; signal?: AbortSignal; onState?: (state: ReadinessState) => void; network?: NetworkConfig },
): Promise<WaitOutcome> {
  const started = Date.now();
  const interval = options.intervalMs ?? 5_000;
  const access = target.runtime ? await createAwsAccess({ region: target.runtime.region, timeoutMs: options.timeoutMs, ...(options.awsProfile ? { profile: options.awsProfile } : {}), ...(options.network ? { network: options.network } : {}) }) : undefined;
  const http = new HttpClient({ targetOrigin: target.origin, timeoutMs: options.timeoutMs, redactor: new Redactor(), ...(options.token ? { token: options.token } : {}), ...(options.network ? { network: options.network } : {}) });
  let last = '';
  try {
    for (;;) {
      const state = await pollOnce(target, access, http, options.timeoutMs);
      if (state.summary !== last) options.onState?.(state);
      last = state.summary;
      if (state.ready) return { ready: true, waitedMs: Date.now() - started, last };
      const left = options.waitMs - (Date.now() - started);
      if (left <= 0 || options.signal?.aborted) return { ready: false, waitedMs: Date.now() - started, last };
      await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
    }
  } finally {
    await http.close();
  }
}

async function pollOnce(target: ResolvedTarget, access: Awaited<ReturnType<typeof createAwsAccess>> | undefined, http: HttpClient, timeoutMs: number): Promise<ReadinessState> {
  const parts: string[] = [];
  if (target.runtime && access) {
    const cp = await describeRuntime({ target, signal: AbortSignal.timeout(timeoutMs * 2) } as unknown as ProbeContext, access);
    if (cp.runtime && cp.runtime.status !== 'READY') return { summary: `runtime ${cp.runtime.status}`, ready: false };
    if (cp.endpoint && cp.endpoint.status !== 'READY') return { summary: `endpoint ${target.runtime.qualifier} ${cp.endpoint.status}`, ready: false };
    if (cp.runtime) parts.push('runtime READY');
  }
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: OFFERED_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-doctor', version: TOOL_VERSION } } });
  const init = await http.exchange({ label: 'POST initialize (readiness)', method: 'POST', url: target.url, headers: { accept: COMPLIANT_ACCEPT, 'content-type': 'application/json' }, body });
  const answer = init.status === undefined ? (init.error?.code ?? 'no answer') : String(init.status);
  // Anything but "not there yet" counts: a 401 for a wrong token is the diagnosis's business.
  const ready = init.status !== undefined && !NOT_YET.includes(init.status) && !(init.jsonrpc?.kind === 'error' && init.jsonrpc.code === -32004);
  parts.push(ready ? `initialize answers ${answer}` : `initialize ${answer}`);
  return { summary: parts.join(', '), ready };
}
