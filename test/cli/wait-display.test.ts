import { describe, expect, it } from 'vitest';
import { createWaitDisplay } from '../../src/cli/wait-display.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(chunk: string) {
    s.text += chunk;
    return true;
  } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('--wait progress', () => {
  it('prints one plain line per state in CI or when piped', () => {
    const out = stream(false);
    const display = createWaitDisplay(out, {});
    display.update('runtime CREATING');
    display.update('runtime READY, initialize 404');
    display.stop();
    expect(out.text).toBe('mcp-doctor: waiting: runtime CREATING\nmcp-doctor: waiting: runtime READY, initialize 404\n');
    const ci = stream(true);
    createWaitDisplay(ci, { CI: 'true' }).update('x');
    expect(ci.text).toBe('mcp-doctor: waiting: x\n');
  });

  it('redraws a spinner line on a terminal and closes each state with a tick', () => {
    const out = stream(true);
    const display = createWaitDisplay(out, {});
    display.update('runtime CREATING');
    display.update('runtime READY');
    display.stop();
    expect(out.text).toMatch(/^\r\u001b\[2K⠋ waiting: runtime CREATING/);
    expect(out.text).toContain('✔ waiting: runtime CREATING\n');
    expect(out.text.endsWith('✔ waiting: runtime READY\n')).toBe(true);
  });
});
