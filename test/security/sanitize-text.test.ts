import { describe, expect, it } from 'vitest';
import { sanitizeText, stripUnsafeCharacters, truncate } from '../../src/security/sanitize-text.js';

describe('sanitizeText', () => {
  it('removes ANSI CSI sequences', () => {
    expect(sanitizeText('\u001b[31mInvalid Host header\u001b[0m')).toBe('Invalid Host header');
    expect(sanitizeText('a\u001b[2J\u001b[Hb')).toBe('ab');
  });

  it('removes OSC sequences (hyperlinks, window titles)', () => {
    expect(sanitizeText('\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007')).toBe('click');
    expect(sanitizeText('\u001b]0;pwned\u0007ok')).toBe('ok');
  });

  it('removes C0/C1 controls, DEL and NUL', () => {
    expect(sanitizeText('a\u0000b\u0007c\u007fd\u0085e\u0099f')).toBe('abcdef');
    // A C1 CSI introduces a sequence: its final byte goes with it.
    expect(sanitizeText('a\u009b2Jb')).toBe('ab');
  });

  it('removes bidi overrides and zero-width characters', () => {
    expect(sanitizeText('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeText('a\u200Bb\u200Cc\u200Dd\u2066e\u2069f\uFEFFg')).toBe('abcdefg');
  });

  it('removes lone surrogates and U+FFFE/U+FFFF but keeps real pairs', () => {
    expect(sanitizeText('a\uD800b\uDC00c\uFFFEd\uFFFFe')).toBe('abcde');
    expect(sanitizeText('weather ☀ 🌧 ok')).toBe('weather ☀ 🌧 ok');
  });

  it('collapses line breaks, tabs and runs of spaces, and trims', () => {
    expect(sanitizeText('  <html>\r\n<head>\t<title>502 Bad Gateway</title>   </head>\n')).toBe('<html> <head> <title>502 Bad Gateway</title> </head>');
  });

  it('caps the length with a truncation marker', () => {
    const out = sanitizeText('x'.repeat(1_000), 50);
    expect(out).toHaveLength(50);
    expect(out.endsWith('…')).toBe(true);
    expect(sanitizeText('x'.repeat(600))).toHaveLength(500);
    expect(sanitizeText('short', 50)).toBe('short');
  });

  it('measures the cap after cleaning', () => {
    expect(sanitizeText(`${'\u001b[31m'.repeat(100)}ok`, 5)).toBe('ok');
  });
});

describe('truncate', () => {
  it('keeps text at the limit and marks a cut', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    expect(truncate('abc', 0)).toBe('…');
  });
});

/** The multi-line form: the same characters go, but line breaks and tabs stay where they were. */
describe('stripUnsafeCharacters', () => {
  it('removes controls, escape sequences and invisible characters, keeps tab, LF and CR', () => {
    expect(stripUnsafeCharacters('a\u200Bb\u0007c\n\td\r\n\u001b[31me\uFEFF')).toBe('abc\n\td\r\ne');
  });
});
