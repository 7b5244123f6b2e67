import { safeLine, writeStatusLine } from '../report/write.js';

/**
 * Shows `--wait` progress on stderr: on an interactive terminal a spinner redraws one line with
 * what it waits for; in CI (or piped) one line per change of state, so logs stay readable.
 */
export interface WaitDisplay {
  update(text: string): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Picks the spinner or the line-per-state display for this stream and environment. */
export function createWaitDisplay(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): WaitDisplay {
  if (!stream.isTTY || env.CI) {
    return { update: (text) => void stream.write(`mcp-doctor: waiting: ${safeLine(text)}\n`), stop: () => undefined };
  }
  let text = '';
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => writeStatusLine(stream, `${FRAMES[frame++ % FRAMES.length]} waiting: ${text}`);
  return {
    update(next) {
      if (text) writeStatusLine(stream, `✔ waiting: ${text}`, '\n');
      text = next;
      draw();
      timer ??= setInterval(draw, 100);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (text) writeStatusLine(stream, `✔ waiting: ${text}`, '\n');
      timer = undefined;
      text = '';
    },
  };
}
