/**
 * Lint reads files a pull request controls, so every parse is bounded. A file nested deeper than
 * any real source (CPython itself refuses more than 200 nested parentheses) is never handed to a
 * parser: recursive parsers overflow the stack on it, and Lezer's error recovery spends seconds
 * and gigabytes on it. Every parse that does run has a time budget, and the whole run a deadline.
 */

/** Deepest bracket nesting lint parses; CPython's own limit is 200 nested parentheses. */
export const MAX_NESTING_DEPTH = 200;
/** Deepest block indentation (in levels) lint reads in YAML. */
export const MAX_YAML_INDENT_LEVELS = 100;
/** Time one file's parse may take. */
export const PARSE_BUDGET_MS = 5_000;
/** Time a whole lint run may spend parsing. */
export const LINT_DEADLINE_MS = 60_000;

/** A file lint did not read: over its nesting or time budget. */
export class ParseBudgetError extends Error {
  override readonly name = 'ParseBudgetError';
}

/** The syntax whose strings and comments the depth scan skips. */
export type ScanSyntax = 'python' | 'script' | 'json' | 'yaml';

/** Where nesting first passed `limit`, or undefined when it never did. */
export interface DepthExcess {
  /** Offset of the bracket (or indented line) that went past the limit. */
  offset: number;
  limit: number;
}

/**
 * Scans brackets outside strings and comments and returns where the nesting first exceeds
 * `limit`. Linear, with no recursion: it runs before any parser sees the text.
 */
export function findExcessNesting(text: string, syntax: ScanSyntax, limit = MAX_NESTING_DEPTH): DepthExcess | undefined {
  let depth = 0;
  let i = 0;
  const n = text.length;
  const lineComment = syntax === 'python' || syntax === 'yaml' ? '#' : syntax === 'script' ? '//' : undefined;
  while (i < n) {
    const ch = text[i] as string;
    if (ch === '(' || ch === '[' || ch === '{') {
      depth += 1;
      if (depth > limit) return { offset: i, limit };
      i += 1;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
      i += 1;
    } else if (lineComment !== undefined && text.startsWith(lineComment, i) && (syntax !== 'yaml' || i === 0 || /\s/.test(text[i - 1] as string))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (syntax === 'script' && text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === '"' || ch === "'" || (syntax === 'script' && ch === '`')) {
      if (ch === "'" && (syntax === 'json' || (syntax === 'yaml' && i > 0 && /[A-Za-z0-9]/.test(text[i - 1] as string)))) {
        i += 1;
        continue;
      }
      const triple = syntax === 'python' && text.startsWith(ch.repeat(3), i);
      i = skipString(text, i, triple ? ch.repeat(3) : ch, syntax);
    } else {
      i += 1;
    }
  }
  return syntax === 'yaml' ? findExcessIndentation(text) : undefined;
}

/** Index just after the string that starts at `start` with `quote` (or the end of the line for unterminated ones). */
function skipString(text: string, start: number, quote: string, syntax: ScanSyntax): number {
  let i = start + quote.length;
  // YAML single quotes escape by doubling, never by backslash.
  const backslash = !(syntax === 'yaml' && quote === "'");
  const multiLine = quote.length === 3 || quote === '`' || syntax === 'yaml';
  while (i < text.length) {
    const ch = text[i] as string;
    if (backslash && ch === '\\') i += 2;
    else if (text.startsWith(quote, i)) return i + quote.length;
    else if (ch === '\n' && !multiLine) return i + 1;
    else i += 1;
  }
  return i;
}

/** Block nesting of YAML is indentation: count the levels of a stack of increasing indents. */
function findExcessIndentation(text: string): DepthExcess | undefined {
  const stack: number[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const content = line.replace(/^[ -]+/, '');
    if (content !== '' && !content.startsWith('#')) {
      const indent = line.length - content.length;
      while (stack.length > 0 && (stack[stack.length - 1] as number) >= indent) stack.pop();
      stack.push(indent);
      if (stack.length > MAX_YAML_INDENT_LEVELS) return { offset, limit: MAX_YAML_INDENT_LEVELS };
    }
    offset += line.length + 1;
  }
  return undefined;
}

/** The syntax of a project file by its name, or undefined for files lint reads without a parser. */
export function scanSyntaxOf(path: string): ScanSyntax | undefined {
  if (/\.py$/.test(path)) return 'python';
  if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(path)) return 'script';
  if (/\.json$/.test(path)) return 'json';
  if (/\.(ya?ml|template)$/.test(path)) return 'yaml';
  return undefined;
}

/** The run's parsing clock: each parse gets the smaller of its own budget and what the run has left. */
export class ParseClock {
  readonly #deadline: number;
  /** One line per file the run did not parse (for the notice on stderr). */
  readonly skipped = new Set<string>();

  constructor(deadlineMs = LINT_DEADLINE_MS, private readonly perFileMs = PARSE_BUDGET_MS) {
    this.#deadline = performance.now() + deadlineMs;
  }

  /** The moment (performance.now) by which the parse of one file must end. */
  fileDeadline(): number {
    return Math.min(this.#deadline, performance.now() + this.perFileMs);
  }
}

let clock = new ParseClock();

/** Starts a new run's clock (runLint calls this; tests can give tighter budgets). */
export function startParseClock(deadlineMs?: number, perFileMs?: number): void {
  clock = new ParseClock(deadlineMs, perFileMs);
}

/** The current run's clock. */
export function parseClock(): ParseClock {
  return clock;
}
