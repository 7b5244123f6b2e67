import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';

/**
 * Files that are not regular files, for the bounded-read tests: a FIFO blocks a plain open until a
 * writer comes, a Unix socket cannot be opened at all.
 */

/** Creates a FIFO (named pipe) at `path` and returns the path. */
export function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

/** Listens on a Unix socket at `path`; close the server when done. */
export function unixSocket(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}
