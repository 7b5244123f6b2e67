import { catalog, type CatalogEntry } from './catalog.js';
import { KNOWN_MESSAGES } from './known-messages.js';
import { FINDING_CODES, isFindingCode, type FindingCode } from './codes.js';

/**
 * `mcp-doctor explain` resolution, offline and pure: a code names its entry, an HTTP status lists
 * the codes that can produce it, and pasted error text is matched against the strings each code is
 * known for. Ranking is by specificity, not length: any match of a code's exact or narrow
 * `patterns` outranks every catch-all (`broadPatterns`); within a tier the longer matched text
 * wins, then catalog order. Known messages that are no root cause of their own (normal behaviour,
 * refusals the doctor never provokes) get an explanation and the codes to read next.
 */
export type ExplainResult =
  | { kind: 'code'; code: FindingCode }
  | { kind: 'status'; status: number; codes: FindingCode[] }
  | { kind: 'text'; codes: FindingCode[]; wrappedStatus?: number }
  | { kind: 'message'; explanation: string; benign: boolean; related: FindingCode[] }
  | { kind: 'unknown'; suggestions: FindingCode[] };


const WRAPPED = /Received error \((\d{3})\) from runtime/i;

/** Resolves what the user typed after `explain`. */
export function resolveExplainQuery(query: string): ExplainResult {
  const text = query.trim();
  const upper = text.toUpperCase().replace(/[\s-]+/g, '_');
  if (isFindingCode(upper)) return { kind: 'code', code: upper };
  if (/^\d{3}$/.test(text)) {
    const status = Number(text);
    return { kind: 'status', status, codes: codesForStatus(status) };
  }
  const known = KNOWN_MESSAGES.find((m) => m.pattern.test(text));
  if (known) return { kind: 'message', explanation: known.explanation, benign: known.benign === true, related: known.related ?? [] };
  const scored = FINDING_CODES.map((code) => ({ code, score: matchScore(catalog[code], text) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const codes = scored.map((s) => s.code);
  const wrapped = WRAPPED.exec(text);
  if (wrapped) {
    const status = Number(wrapped[1]);
    for (const code of [...codesForStatus(status), 'CONTAINER_ERROR' as const]) if (!codes.includes(code)) codes.push(code);
    return { kind: 'text', codes, wrappedStatus: status };
  }
  if (codes.length > 0) return { kind: 'text', codes: codes.slice(0, 5) };
  // Suggestions only for something typed as a code: for prose, the nearest code names are noise.
  return { kind: 'unknown', suggestions: CODE_LIKE.test(text) ? suggestCodes(upper).filter((code) => distance(code, upper) <= Math.max(4, Math.floor(upper.length / 3))) : [] };
}

/** One word of letters, digits, underscores and hyphens, with an underscore or in capitals: a code typed by hand. */
const CODE_LIKE = /^(?=[A-Za-z0-9_-]*_|[A-Z0-9_-]+$)[A-Za-z0-9_-]+$/;

/** `explain`'s exit code: 0 when at least one code matched, 1 when nothing did (usage errors are 2). */
export function explainExitCode(result: ExplainResult): 0 | 1 {
  if (result.kind === 'unknown') return 1;
  if (result.kind === 'status' || result.kind === 'text') return result.codes.length > 0 ? 0 : 1;
  return 0;
}

/** Codes whose catalog entry lists `status`. */
export function codesForStatus(status: number): FindingCode[] {
  return FINDING_CODES.filter((code) => (catalog[code] as CatalogEntry).statuses.includes(status));
}

/** Narrow matches rank above every catch-all; within a tier the longer matched text wins. */
const NARROW = 1_000_000;

function matchScore(entry: CatalogEntry, text: string): number {
  let best = 0;
  const consider = (patterns: readonly RegExp[] | undefined, tier: number): void => {
    for (const pattern of patterns ?? []) {
      const match = pattern.exec(text);
      // A zero-length match still counts as a match.
      if (match) best = Math.max(best, tier + match[0].length + 1);
    }
  };
  consider(entry.patterns, NARROW);
  consider(entry.broadPatterns, 0);
  return best;
}

/** Codes that look like a misspelling of `input` (shared words, then edit distance). */
export function suggestCodes(input: string): FindingCode[] {
  const words = input.split('_').filter((w) => w.length > 2);
  return FINDING_CODES.map((code) => ({ code, d: distance(code, input) - 3 * words.filter((w) => code.includes(w)).length }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((s) => s.code);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length] as number;
}
