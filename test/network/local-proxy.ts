import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxy } from 'proxy';

/** One request the proxy received: a CONNECT tunnel or a forwarded absolute-form request. */
export interface ProxiedRequest {
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  headers: IncomingMessage['headers'];
}

/** A real forward proxy (TooTallNate's `proxy`) on 127.0.0.1 with a log of what crossed it. */
export interface LocalProxy {
  /** `http://127.0.0.1:<port>`, or with `user:pass@` when credentials are required. */
  url: string;
  port: number;
  log: ProxiedRequest[];
  /** Every byte clients sent on CONNECT tunnels (TLS records for https targets). */
  tunnelBytes(): Buffer;
  stop(): Promise<void>;
}

/** Starts the proxy; with `credentials`, requests without that Proxy-Authorization get 407. */
export async function startLocalProxy(credentials?: { user: string; pass: string }): Promise<LocalProxy> {
  const log: ProxiedRequest[] = [];
  const tunnel: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createProxy(createServer());
  if (credentials) {
    const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.pass}`).toString('base64')}`;
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
  }
  // Own listeners, registered after the proxy's: they observe, the proxy does the work.
  server.on('request', (req: IncomingMessage) => log.push({ method: req.method ?? '', target: req.url ?? '', headers: { ...req.headers } }));
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    log.push({ method: 'CONNECT', target: req.url ?? '', headers: { ...req.headers } });
    socket.on('data', (chunk: Buffer) => tunnel.push(chunk));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : '';
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${auth}127.0.0.1:${port}`,
    port,
    log,
    tunnelBytes: () => Buffer.concat(tunnel),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
}
