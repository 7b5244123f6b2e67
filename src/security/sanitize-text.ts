import { stripVTControlCharacters } from 'node:util';

/**
 * Text from a server can carry terminal escape sequences, bidi overrides and characters that XML
 * forbids. Everything the doctor shows from a server goes through `sanitizeText` first, so a hostile
 * body can neither repaint the terminal nor break a JUnit parser.
 */

// C0 and C1 controls except tab/LF/CR, DEL, lone surrogates, U+FFFE/U+FFFF, bidi and zero-width.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes escape sequences and unsafe characters, collapses whitespace runs, caps the length. */
export function sanitizeText(text: string, maxLength = 500): string {
  const cleaned = stripVTControlCharacters(text).replace(UNSAFE, '').replace(/[\t\r\n]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return truncate(cleaned, maxLength);
}

/** Cuts `text` to `maxLength` characters, marking the cut. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, Math.max(0, maxLength - 1))}…`;
}

/** Like `sanitizeText` but keeps line breaks and length: for multi-line text bound for a terminal. */
export function stripUnsafeCharacters(text: string): string {
  return stripVTControlCharacters(text).replace(UNSAFE, '');
}

/** Longest single text a report writer copies (the probe layer's excerpts are far shorter). */
export const MAX_WRITER_TEXT = 64 * 1024;

/**
 * Caps text that reaches a report writer, marking the cut: a 10 MB string that slipped past the
 * probe layer must not turn one artifact into tens of megabytes (and seconds of escaping).
 */
export function capText(text: string, maxLength = MAX_WRITER_TEXT): string {
  if (text.length <= maxLength) return text;
  // Never end on half a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
  return `${text.slice(0, end)}… [${text.length - end} characters cut]`;
}
