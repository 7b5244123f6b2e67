import { catalog, type CatalogEntry } from './catalog.js';
import { FINDING_CODES, isFindingCode, type FindingCode } from './codes.js';

/**
 * `mcp-doctor explain` resolution, offline and pure: a code names its entry, an HTTP status lists
 * the codes that can produce it, and pasted error text is matched against the strings each code is
 * known for. Ranking is by specificity, not length: any match of a code's exact or narrow
 * `patterns` outranks every catch-all (`broadPatterns`); within a tier the longer matched text
 * wins, then catalog order. Messages that are normal behaviour get an explanation, not a code.
 */
export type ExplainResult =
  | { kind: 'code'; code: FindingCode }
  | { kind: 'status'; status: number; codes: FindingCode[] }
  | { kind: 'text'; codes: FindingCode[]; wrappedStatus?: number }
  | { kind: 'benign'; explanation: string }
  | { kind: 'unknown'; suggestions: FindingCode[] };

/** Messages that look like failures and are what a correct server or platform does. */
const BENIGN: ReadonlyArray<{ pattern: RegExp; explanation: string }> = [
  {
    pattern: /Method Not Allowed: Session termination not supported/i,
    explanation:
      'A stateless python-sdk server answering DELETE with 405: the specification allows it, and clients (the TypeScript client included) accept it. Nothing to fix. A POST that gets 405 is another matter: run `mcp-doctor explain NOT_STREAMABLE_HTTP`.',
  },
  {
    pattern: /Session termination failed: 404/i,
    explanation: 'AgentCore ending a session on a stateless server, which has no session to delete (streamable-http-matrix P18). Normal in the container log; nothing to fix.',
  },
  {
    pattern: /GET \/ping\b.*\b404\b/i,
    explanation: 'AgentCore health-checks `/ping`, which MCP SDKs do not serve, so the container log shows 404s for it. Normal for MCP runtimes; nothing to fix.',
  },
];

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
  const benign = BENIGN.find((b) => b.pattern.test(text));
  if (benign) return { kind: 'benign', explanation: benign.explanation };
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
  return { kind: 'unknown', suggestions: suggestCodes(upper) };
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
