import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The preload that moves every corpus server to 127.0.0.1 port 0 and announces the port. */
const PORT_ZERO = fileURLToPath(new URL('./port-zero.mjs', import.meta.url));

/** A corpus server that is up, and how to stop it. */
export interface StartedServer {
  url: string;
  child: ChildProcess;
  stop(): void;
}

/**
 * Starts `node <args>` with the port-zero preload and resolves once the server announced its port
 * (its readiness signal: `listen` has completed). Generous limit: two cores are shared.
 */
export function startServer(args: string[], path: string, limitMs = 60_000): Promise<StartedServer> {
  const child = spawn(process.execPath, ['--import', PORT_ZERO, ...args], {
    env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} announced no port in ${limitMs} ms: ${log.slice(-500)}`));
    }, limitMs);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const port = /MCP_DOCTOR_CORPUS_PORT=(\d+)/.exec(log)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      child.stderr?.removeAllListeners('data');
      child.stderr?.resume();
      resolve({ url: `http://127.0.0.1:${port}${path}`, child, stop: () => child.kill('SIGKILL') });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${log.slice(-500)}`));
    });
  });
}
