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

  it('a control-plane failureReason with escapes and line breaks stays one clean line (issue 16)', () => {
    const hostile = 'FAILED: \u001b]52;c;cHduZWQ=\u0007boom\n::error::injected\r\u001b]8;;http://evil\u0007link';
    for (const isTTY of [false, true]) {
      const out = stream(isTTY);
      const display = createWaitDisplay(out, {});
      display.update(hostile);
      display.stop();
      // Only the display's own erase-line sequence may remain.
      const text = out.text.replace(/\r\u001b\[2K/g, '');
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
      expect(text).toContain('boom ::error::injected');
      for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*::/);
    }
  });
});
