import type { ProbeDefinition } from '../engine/definitions.js';
import { HttpClient, type HttpClientOptions } from './http-exchange.js';
import type { ProbeRuntime } from './observations.js';
import { transportProbes } from './transport-probes.js';

/** Every probe, by registry order. */
export const probes: readonly ProbeDefinition[] = [...transportProbes];

/** The I/O handles of one run: a shared connection pool, and a counting view per probe. */
export interface RunRuntime {
  /** All requests of the run. */
  readonly requestCount: number;
  /** A runtime for one probe, counting that probe's requests. */
  forProbe(): ProbeRuntime;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** Builds the I/O handles one run shares (a connection pool bounded by deadlines). */
export function createProbeRuntime(options: HttpClientOptions): RunRuntime {
  const http = new HttpClient(options);
  return {
    get requestCount() {
      return http.requestCount;
    },
    forProbe: () => ({ http: http.scoped() }),
    close: () => http.close(),
  };
}
