import type { JsonRpcReading } from '../model/observations.js';
/**
 * Reading JSON-RPC 2.0 messages from untrusted bodies. Parsing is bounded (size is capped by the
 * caller, nesting depth here) and never throws: every outcome is a value the checks can match on.
 */

const MAX_DEPTH = 64;

/** Parses one JSON text as a JSON-RPC response (or an error), never throwing. */
export function readJsonRpc(text: string): JsonRpcReading {
  if (text.trim() === '') return { kind: 'other', reason: 'empty body' };
  if (exceedsDepth(text, MAX_DEPTH)) return { kind: 'other', reason: `JSON nested deeper than ${MAX_DEPTH} levels` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'other', reason: 'body is not valid JSON' };
  }
  return classifyJsonRpc(value);
}

/** Classifies an already-parsed value as a JSON-RPC response, error response or something else. */
export function classifyJsonRpc(value: unknown): JsonRpcReading {
  if (Array.isArray(value)) return { kind: 'other', reason: 'body is a JSON array (a batch), not a single response' };
  if (!value || typeof value !== 'object') return { kind: 'other', reason: 'body is not a JSON object' };
  const msg = value as Record<string, unknown>;
  const id = typeof msg.id === 'string' || typeof msg.id === 'number' || msg.id === null ? msg.id : null;
  if (msg.error && typeof msg.error === 'object') {
    const err = msg.error as Record<string, unknown>;
    const reading: JsonRpcReading = {
      kind: 'error',
      id,
      code: typeof err.code === 'number' ? err.code : undefined,
      message: typeof err.message === 'string' ? err.message : '',
    };
    if (err.data !== undefined) reading.data = err.data;
    return reading;
  }
  if (msg.jsonrpc !== '2.0') return { kind: 'other', reason: 'no "jsonrpc": "2.0" member' };
  if ('result' in msg) return { kind: 'result', id, result: msg.result };
  return { kind: 'other', reason: 'neither "result" nor "error" present' };
}

/** True when brackets nest deeper than `limit` (checked before JSON.parse can recurse). */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (++depth > limit) return true;
    } else if (c === '}' || c === ']') depth--;
  }
  return false;
}
