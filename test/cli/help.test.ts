import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** The options of a `--help` page: the lines of its Options and Positionals sections that name a flag. */
export function optionLines(help: string): string[] {
  const lines: string[] = [];
  let inOptions = false;
  for (const line of help.split('\n')) {
    if (/^(Options|Positionals):$/.test(line)) inOptions = true;
    else if (/^\S/.test(line)) inOptions = false;
    // A flag line starts within six columns; deeper lines continue the description above.
    else if (inOptions && /^ {2,6}(-\w, )?-{0,2}[\w-]+\s/.test(line)) lines.push(line);
  }
  return lines;
}

/** What a flag line says besides the flag and its [type] / [default] tags. */
export function descriptionOf(line: string): string {
  return line
    .replace(/^ {2,6}(-\w, )?-{0,2}[\w-]+/, '')
    .replace(/\[(?:[^[\]]|\[[^\]]*\])*\]/g, '')
    .trim();
}

describe('every option of every command has a description', () => {
  it('the parser of help pages finds a missing description', () => {
    const page = 'Options:\n      --qualifier                                                 [string]\n  -f, --format  format written to stdout  [choices: "pretty", "json"]\n                                                   continued text\n';
    expect(optionLines(page).map(descriptionOf)).toEqual(['', 'format written to stdout']);
  });

  it('every command of the main --help page, and the main page itself', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    const commands = [...main.stdout.matchAll(/^ {2}mcp-doctor ([a-z][\w-]*)/gm)].map((m) => m[1]!);
    // The commands that exist today; a new one is picked up from the page without editing this list.
    expect(commands).toEqual(expect.arrayContaining(['demo', 'lint', 'rehearse', 'token', 'explain']));
    const missing: string[] = [];
    for (const command of [[], ...commands.map((c) => [c])]) {
      const result = await runCli([...command, '--help']);
      expect(result.code).toBe(0);
      const lines = optionLines(result.stdout);
      expect(lines.length).toBeGreaterThan(2);
      missing.push(...lines.filter((line) => descriptionOf(line) === '').map((line) => `${command.join(' ') || '(main)'}: ${line.trim()}`));
    }
    expect(missing).toEqual([]);
  }, 180_000);
});
