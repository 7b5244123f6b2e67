import { connect } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { ServerExit } from './server-process.js';

/**
 * The TCP side of a rehearsal: is the server accepting connections yet, and does it accept them
 * through an address other than loopback (0.0.0.0 versus 127.0.0.1)?
 */

/** What one connection attempt showed. */
export type ConnectOutcome = 'open' | 'refused' | 'timeout' | 'error';

/** Opens and closes one TCP connection to `host:port`, within `timeoutMs`. */
export function tryConnect(host: string, port: number, timeoutMs: number): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (outcome: ConnectOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.once('connect', () => finish('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'refused' : 'error'));
  });
}

/** How waiting for the server to listen ended. */
export type ListenWait = { kind: 'listening'; afterMs: number } | { kind: 'exited'; exit: ServerExit } | { kind: 'timeout' } | { kind: 'aborted' };

/** Options for {@link waitForListen}. */
export interface WaitForListenOptions {
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  timeoutMs: number;
  /** The command ending first means it will never listen. */
  exited?: Promise<ServerExit>;
  signal?: AbortSignal;
  /** @default 100 */
  intervalMs?: number;
}

/** Polls with TCP connects until the port accepts one, the command exits, the deadline passes or the run is aborted. */
export async function waitForListen(options: WaitForListenOptions): Promise<ListenWait> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let exit: ServerExit | undefined;
  void options.exited?.then((value) => (exit = value));
  for (;;) {
    if (options.signal?.aborted) return { kind: 'aborted' };
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { kind: 'timeout' };
    const outcome = await tryConnect(options.host ?? '127.0.0.1', options.port, Math.min(1_000, remaining));
    if (outcome === 'open') return { kind: 'listening', afterMs: Date.now() - started };
    // Checked after the attempt: a server that listened and then died is still caught here.
    if (exit) return { kind: 'exited', exit };
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
}

/** The machine's first non-internal IPv4 address: where a 0.0.0.0 listener answers and a 127.0.0.1 one does not. */
export function defaultProbeAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | undefined {
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return undefined;
}

/** What the binding probe concluded. */
export interface BindingObservation {
  binding: 'all-interfaces' | 'loopback-only' | 'unknown';
  probeAddress?: string;
  /** Why the binding is unknown. */
  reason?: string;
}

/** Connects to `port` through `probeAddress`: accepted = every interface, refused = loopback only. */
export async function probeBinding(port: number, probeAddress: string | undefined, timeoutMs: number): Promise<BindingObservation> {
  if (!probeAddress) return { binding: 'unknown', reason: 'this machine has no non-loopback IPv4 address to probe (pass --probe-address)' };
  const outcome = await tryConnect(probeAddress, port, timeoutMs);
  if (outcome === 'open') return { binding: 'all-interfaces', probeAddress };
  if (outcome === 'refused') return { binding: 'loopback-only', probeAddress };
  return { binding: 'unknown', probeAddress, reason: `a connection to ${probeAddress}:${port} ended in ${outcome === 'timeout' ? 'a timeout (a firewall?)' : 'an error'}` };
}
