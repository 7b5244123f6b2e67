import { spawn, type ChildProcess } from 'node:child_process';
import { DEFAULT_OUTPUT_BYTES, OutputTail } from './output-tail.js';

/**
 * The user's server command as a child process. It runs without a shell (argv as given) in its own
 * process group, so `npm start`-style wrappers and their children are stopped together; it is
 * always stopped, on success, on errors and when the doctor itself exits.
 */

/** How the command ended. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started at all (ENOENT, EACCES). */
  error?: string;
}

/** A running server command. */
export interface ServerProcess {
  /** Undefined when the command could not be started. */
  pid: number | undefined;
  /** stdout and stderr, interleaved, bounded. */
  output: OutputTail;
  /** Resolves when the command ends, however it ends. */
  exited: Promise<ServerExit>;
  /** How it ended, once it has. */
  exit(): ServerExit | undefined;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once it has ended. Idempotent. */
  stop(graceMs?: number): Promise<ServerExit>;
}

/** Options for {@link startServerProcess}. */
export interface ServerProcessOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  outputBytes?: number;
}

/** Time a server gets to shut down cleanly before SIGKILL. */
export const DEFAULT_GRACE_MS = 3_000;

const GROUPS = process.platform !== 'win32';

/** Starts `argv` (no shell) and collects its output. */
export function startServerProcess(argv: readonly string[], options: ServerProcessOptions): ServerProcess {
  const [file, ...args] = argv;
  if (!file) throw new Error('startServerProcess: empty command');
  const output = new OutputTail(options.outputBytes ?? DEFAULT_OUTPUT_BYTES);
  const child: ChildProcess = spawn(file, args, {
    env: options.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: GROUPS,
    windowsHide: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));

  let ended: ServerExit | undefined;
  const exited = new Promise<ServerExit>((resolve) => {
    child.once('error', (error) => {
      // 'error' without a pid: the command never ran. With a pid, 'exit' still follows.
      if (child.pid === undefined) {
        ended = { code: null, signal: null, error: error.message };
        output.push(`${error.message}\n`);
        resolve(ended);
      }
    });
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      resolve(ended);
    });
  });

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      if (GROUPS) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // ESRCH: the whole group is already gone.
    }
  };
  // The last resort when the doctor exits abruptly (a second Ctrl-C, an uncaught error).
  const onExit = (): void => signalGroup('SIGKILL');
  process.on('exit', onExit);
  void exited.then(() => {
    process.off('exit', onExit);
    // Children the command left behind in its group go with it.
    signalGroup('SIGKILL');
  });

  let stopping: Promise<ServerExit> | undefined;
  return {
    pid: child.pid,
    output,
    exited,
    exit: () => ended,
    stop(graceMs = DEFAULT_GRACE_MS) {
      stopping ??= (async () => {
        if (ended) return ended;
        signalGroup('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const killed = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            signalGroup('SIGKILL');
            resolve();
          }, graceMs);
        });
        await Promise.race([exited, killed]);
        clearTimeout(timer);
        return exited;
      })();
      return stopping;
    },
  };
}

/** `exit code 1`, `signal SIGSEGV`, or why it could not start. */
export function describeExit(exit: ServerExit): string {
  if (exit.error) return `could not start: ${exit.error}`;
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code ?? '?'}`;
}
