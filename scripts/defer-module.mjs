/**
 * Rewrites an ES module whose only export is `export default function name(…)` so that its
 * top-level statements run on the first call instead of at import. Imports stay where they are;
 * everything else moves into an initialiser that returns the function. A module of any other shape
 * is refused with an error that names it, so an upgrade of the package fails the build rather than
 * shipping a half-deferred module.
 * @param {string} source the module's text
 * @param {string} path where it came from, for the error
 * @returns {string} the deferred module
 */
export function deferDefaultExport(source, path) {
  const lines = source.split('\n');
  const firstBody = lines.findIndex((line) => line.trim() !== '' && !/^import\s[^;]*;\s*$/.test(line));
  const imports = lines.slice(0, Math.max(firstBody, 0));
  const body = lines.slice(Math.max(firstBody, 0)).join('\n');
  const exportDefault = /^export default function ([A-Za-z_$][\w$]*)\(/gm;
  const found = [...body.matchAll(exportDefault)];
  if (firstBody < 0 || found.length !== 1 || /^export\s/m.test(body.replace(exportDefault, ''))) {
    throw new Error(`${path}: expected imports, then a body whose only export is \`export default function name(\``);
  }
  const name = found[0][1];
  return [
    ...imports,
    'let deferredImplementation;',
    'function initialise() {',
    body.replace(exportDefault, `function ${name}(`),
    `return ${name};`,
    '}',
    `export default function ${name}Deferred(...args) {`,
    '  deferredImplementation ??= initialise();',
    '  return deferredImplementation(...args);',
    '}',
    '',
  ].join('\n');
}

/**
 * One exact, checked edit of a dependency's source: `from` → `to` (which must occur exactly once),
 * or `prepend` to a module that matches `uses`. Anything unexpected fails the build with the path.
 * @param {string} source the module's text
 * @param {string} path where it came from, for the error
 * @param {{ from?: string, to?: string, prepend?: string, uses?: RegExp }} rule the edit
 * @returns {string} the edited module
 */
export function rewriteSource(source, path, rule) {
  if (rule.prepend !== undefined) {
    if (rule.uses && !rule.uses.test(source)) throw new Error(`${path}: no longer matches ${rule.uses}; review the bundle rewrite`);
    return rule.prepend + source;
  }
  const at = source.indexOf(rule.from ?? '');
  if (rule.from === undefined || at < 0 || source.indexOf(rule.from, at + 1) >= 0) {
    throw new Error(`${path}: expected exactly one \`${rule.from}\`; review the bundle rewrite`);
  }
  return source.slice(0, at) + (rule.to ?? '') + source.slice(at + rule.from.length);
}
