import { Chalk } from 'chalk';
import type { TokenAnalysis } from '../model/token-analysis.js';
import { mapStrings } from '../security/redact.js';
import { stripUnsafeCharacters } from '../security/sanitize-text.js';

/** Renders `mcp-doctor token` for a terminal. Claims are labelled UNVERIFIED unless the signature verified. */
export function renderTokenAnalysis(input: TokenAnalysis, options: { color: boolean }): string {
  // Every field of this page is one line: a claim holding a line break must not start a new one.
  const analysis = mapStrings(input, oneLine) as TokenAnalysis;
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const verified = analysis.verification?.signature === 'verified';
  const label = verified ? c.green('VERIFIED signature') : c.yellow('UNVERIFIED');
  const out: string[] = [c.bold('Token') + c.dim(` from ${analysis.source}, ${analysis.length} characters (never printed)`)];
  const d = analysis.decoded;
  if (!d.present || d.placeholder) out.push(c.red('  not a token: a placeholder such as "null" or an empty value'));
  else if (d.malformed) out.push(c.red(`  not a JWT: ${d.malformed}`));
  else {
    out.push('', c.bold('Header') + ` (${label})`);
    for (const [k, v] of Object.entries(d.header ?? {})) out.push(`  ${oneLine(k).padEnd(10)} ${v}`);
    out.push('', c.bold('Claims') + ` (${label})`);
    const claims = d.claims;
    if (claims) {
      const shown: Array<[string, string]> = [];
      const add = (name: string, value: unknown) => {
        if (value !== undefined) shown.push([name, Array.isArray(value) ? value.join(' ') : String(value)]);
      };
      add('iss', claims.iss);
      add('sub', claims.sub);
      add('token_use', claims.token_use);
      add('client_id', claims.client_id);
      add('aud', claims.aud);
      add('scope', claims.scope);
      for (const t of analysis.times) shown.push([t.claim, `${t.iso} (${t.relative})`]);
      for (const [name, value] of Object.entries(claims.values)) if (!shown.some(([n]) => n === name) && !['scope', 'scp', 'aud'].includes(name)) add(name, value);
      for (const [name, value] of shown) out.push(`  ${oneLine(name).padEnd(16)} ${oneLine(value)}`);
      const rest = claims.names.filter((n) => !shown.some(([s]) => s === n) && !['exp', 'nbf', 'iat', 'scp'].includes(n));
      if (rest.length) out.push(c.dim(`  also: ${rest.join(', ')}`));
    }
  }
  if (analysis.verification) {
    const v = analysis.verification;
    out.push('', c.bold('Verification') + c.dim(` against ${v.discoveryUrl}`));
    out.push(`  discovery  ${v.outcome}${v.issuer ? ` (issuer ${v.issuer})` : ''}${v.problem ? `: ${v.problem}` : ''}`);
    if (v.signature) out.push(`  signature  ${v.signature === 'verified' ? c.green('verified') : c.red(v.signature)}`);
  }
  if (analysis.runtime) {
    out.push('', c.bold('Runtime') + c.dim(` ${analysis.runtime.arn}`));
    out.push(analysis.runtime.skipReason ? c.yellow(`  not compared: ${analysis.runtime.skipReason}`) : `  authorizer ${analysis.runtime.authorizer ?? 'unknown'}`);
  }
  out.push('');
  if (analysis.findings.length === 0) out.push(c.green.bold('✔ no problem found') + c.dim(analysis.runtime?.authorizer ? ' (predicted: the authorizer will accept it)' : ''));
  for (const f of analysis.findings) {
    const paint = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.cyan;
    out.push(`${paint(c.bold(f.code))}  ${f.title}`, `  ${f.message}`, `  ${c.green('Fix:')} ${f.remediation[0] ?? ''}`, '');
  }
  return `${out.join('\n')}\n`;
}

function oneLine(text: string): string {
  return stripUnsafeCharacters(text).replace(/[\r\n\u2028\u2029]+/g, ' ');
}
