import { createInterface } from 'node:readline';
import { UsageError } from '../model/errors.js';
import { safeLine, writeStderr } from '../report/write.js';

/** Asks for a secret on the terminal without echoing it; refuses when stdin is not a TTY. */
export function promptSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(new UsageError(`${question.replace(/:\s*$/, '')} is needed; set it in the environment (stdin is not a terminal)`));
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput?: (text: string) => void };
    writeStderr(safeLine(question));
    // Echo nothing of what is typed; readline calls this for every keystroke.
    output._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      writeStderr('\n');
      resolve(answer);
    });
  });
}
