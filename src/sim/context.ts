import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from './containers/types.js';
import type { StaticCredentials } from './sigv4.js';
import type { SimAccountResources, SimAwsOperation } from './account-resources.js';
import type { SimKnobs, SimRequestRecord } from './types.js';

/** What every simulated service shares: identity, credentials, the live knobs and the request log. */
export interface SimContext {
  region: string;
  accountId: string;
  credentials: StaticCredentials;
  /** The simulation's knobs object itself: changes apply to the next request. */
  knobs: SimKnobs;
  /** Appends to `Simulation.requests`. */
  record(entry: SimRequestRecord): void;
  /** Aborted by `Simulation.stop()`: ends latency waits, cold-start retries and forwarded streams. */
  stopSignal: AbortSignal;
  /** The account's other resources (ECR, IAM, Lambda, …), read by Cognito for the pool's trigger. */
  resources: SimAccountResources;
  /** Every AWS API operation asked of any simulated service (data plane excluded). */
  operations: SimAwsOperation[];
}

/** The IAM principal the static credentials belong to, for AccessDenied messages. */
export function callerArn(ctx: SimContext): string {
  return `arn:aws:iam::${ctx.accountId}:user/mcp-doctor-sim`;
}

/** Header values as strings, every `Authorization` value cut down to its scheme so the log never holds a credential. */
export function maskedHeaders(headers: IncomingMessage['headers'] | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? maskAuthorization(text) : text;
  }
  return out;
}

/** `Bearer eyJ…` → `Bearer ***`; `AWS4-HMAC-SHA256 Credential=…` → `AWS4-HMAC-SHA256 ***`. */
export function maskAuthorization(value: string): string {
  const scheme = value.trim().split(/\s+/)[0] ?? '';
  return scheme ? `${scheme} ***` : '***';
}

/** Resolves after `ms`, or early when the simulation stops. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Wraps a service handler: logs the request, then waits the `latencyMs` knob before answering. */
export function instrument(service: SimRequestRecord['service'], ctx: SimContext, handler: HttpHandler): HttpHandler {
  return {
    async handle(req: IncomingMessage, res: ServerResponse) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      ctx.record({ service, method: req.method ?? '', path, headers: maskedHeaders(req.headers) });
      await delay(ctx.knobs.latencyMs ?? 0, ctx.stopSignal);
      if (ctx.stopSignal.aborted) {
        res.destroy();
        return;
      }
      await handler.handle(req, res);
    },
    close: () => handler.close?.(),
  };
}
