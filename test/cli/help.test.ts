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

  it.each([[[]], [['demo']], [['lint']], [['rehearse']], [['token']], [['explain']]])('mcp-doctor %j --help', async (command) => {
    const result = await runCli([...command, '--help']);
    expect(result.code).toBe(0);
    const lines = optionLines(result.stdout);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.filter((line) => descriptionOf(line) === '')).toEqual([]);
  });
});
