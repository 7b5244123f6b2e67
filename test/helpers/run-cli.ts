import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built executable, as users run it: the bundle that `npm run build` writes and `bin` names. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/bundle/mcp-doctor.js', import.meta.url));

/** The unbundled yargs command line (`tsc` output), which the executable's fast answers must match. */
export const UNBUNDLED_CLI_PATH = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Clears every proxy variable (both cases) so loopback tests go direct whatever the CI machine sets. */
const NO_PROXY_ENV: Record<string, undefined> = Object.fromEntries(['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((name) => [name, name.toLowerCase()]).map((name) => [name, undefined]));

/** What a CLI run printed and returned. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built executable with `args` without colours, with an optional stdin and environment. */
export function runCli(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Never let the AWS credential chain reach for instance metadata (a non-loopback address), and
    // keep a proxy of the machine running the tests out of loopback tests (tests that want one set it).
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, MCP_DOCTOR_TOKEN: undefined, AWS_EC2_METADATA_DISABLED: 'true', ...NO_PROXY_ENV, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
