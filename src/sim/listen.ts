import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpHandler } from './containers/types.js';

/**
 * Starts local HTTP servers for the simulation, its containers and the demo. Everything binds
 * 127.0.0.1 on an ephemeral port, and `stop()` destroys every socket: MCP containers hold SSE
 * streams open, and a simulation must never keep the process alive after it was stopped.
 */

/** Loopback only: the simulation is never reachable from another host. */
export const LOOPBACK_ADDRESS = '127.0.0.1';

/** A started local server. */
export interface LocalServer {
  /** `<origin><path>`: for a container, the URL to put in `SimRuntimeConfig.containerUrl`. */
  url: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  /** Closes the server, destroys open sockets and calls the handler's `close`; idempotent. */
  stop(): Promise<void>;
}

/** Options for {@link listenLocal}. */
export interface ListenOptions {
  /** Path appended to `origin` to form `url`. @default '/mcp' (the AgentCore container path, agentcore-contract §2.3) */
  path?: string;
}

/** Serves `handler` (an {@link HttpHandler} or a plain request listener) on 127.0.0.1 and a free port. */
export async function listenLocal(handler: HttpHandler | RequestListener, options: ListenOptions = {}): Promise<LocalServer> {
  const httpHandler: HttpHandler = typeof handler === 'function' ? { handle: (req, res) => handler(req, res) } : handler;
  const sockets = new Set<Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    Promise.resolve()
      .then(() => httpHandler.handle(req, res))
      .catch(() => {
        // A handler bug must still produce an answer, or the caller waits for its own timeout.
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error');
        } else {
          res.destroy();
        }
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A client that goes away mid-request must not crash the process.
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const origin = `http://${LOOPBACK_ADDRESS}:${port}`;
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await httpHandler.close?.();
      await closed;
    })();
    return stopping;
  };

  return { url: `${origin}${options.path ?? '/mcp'}`, origin, port, stop };
}
