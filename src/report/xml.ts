import { capText } from '../security/sanitize-text.js';

/**
 * The one XML writer: every tag goes through `element`, attributes with `undefined` values are
 * dropped, text is escaped (never CDATA) and characters XML 1.0 forbids are removed, so hostile
 * server text cannot break a CI system's parser.
 */

// Allowed: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF (as surrogate pairs).
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters XML 1.0 does not allow. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/** Escapes text for element content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return stripXmlIllegal(capText(text))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Attribute values; `undefined` drops the attribute. */
export type XmlAttributes = Record<string, string | number | undefined>;

/** One element, indented; children are pre-rendered strings, text is escaped here. */
export function element(name: string, attributes: XmlAttributes, children: string[] | string = [], indent = 0): string {
  const pad = '  '.repeat(indent);
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v)).replace(/\n/g, '&#10;')}"`)
    .join('');
  if (typeof children === 'string') return `${pad}<${name}${attrs}>${escapeXml(children)}</${name}>`;
  if (children.length === 0) return `${pad}<${name}${attrs}/>`;
  return `${pad}<${name}${attrs}>\n${children.join('\n')}\n${pad}</${name}>`;
}

/** Seconds with three decimals: no exponent, no unit, never negative (SUREFIRE_TIME). */
export function formatSeconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
