import type { ProbeDefinition } from '../model/contracts.js';
import { HttpClient } from './http-exchange.js';
import type { HttpClientOptions, ProbeRuntime, AwsAccess, AwsSettings } from '../model/runtime.js';
import { agentcoreProbes } from './agentcore-probes.js';
import { createAwsAccess } from './aws/aws-runtime.js';
import { createSigV4Signer } from './aws/sigv4.js';
import { modernProbes } from './modern-probes.js';
export { createOriginLimiter } from './origin-limiter.js';
export { mapBounded } from './map-bounded.js';
import { networkProbe } from './network-probe.js';
import { transportProbes } from './transport-probes.js';

/** Every probe, by registry order. */
export const probes: readonly ProbeDefinition[] = [...agentcoreProbes, ...transportProbes, ...modernProbes, networkProbe];

/** The I/O handles of one run: a shared connection pool, and a counting view per probe. */
export interface RunRuntime {
  /** All requests of the run. */
  readonly requestCount: number;
  /** Data-plane requests that went out signed with SigV4 (none without credentials or `--no-aws`). */
  readonly signedCount: number;
  /** A runtime for one probe, counting that probe's requests. */
  forProbe(): ProbeRuntime;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** How data-plane requests authenticate. */
export type RequestAuth = 'bearer' | 'sigv4' | 'none';

/** Builds the I/O handles one run shares (a connection pool bounded by deadlines). */
export function createProbeRuntime(options: HttpClientOptions & { aws?: AwsSettings; requestAuth: RequestAuth }): RunRuntime {
  let access: Promise<AwsAccess> | undefined;
  const aws = options.aws ? (): Promise<AwsAccess> => (access ??= createAwsAccess(options.aws as AwsSettings)) : undefined;
  let signedCount = 0;
  const signer =
    options.requestAuth === 'sigv4' && aws
      ? (() => {
          let pending: ReturnType<typeof createSigV4Signer> | undefined;
          return async (request: Parameters<Awaited<ReturnType<typeof createSigV4Signer>>>[0]) => {
            pending ??= aws().then((a) => createSigV4Signer(a));
            const sign = await pending;
            const creds = await (await aws()).tryCredentials();
            if (!creds) return request.headers;
            signedCount += 1;
            return sign(request);
          };
        })()
      : undefined;
  const http = new HttpClient({ ...options, ...(signer ? { signer } : {}) });
  return {
    get requestCount() {
      return http.requestCount;
    },
    get signedCount() {
      return signedCount;
    },
    forProbe: () => ({ http: http.scoped(), ...(aws ? { aws } : {}) }),
    close: () => http.close(),
  };
}
