import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import { UsageError } from '../../src/model/errors.js';
import { configJsonSchema, doctorConfigSchema } from '../../src/config/config-schema.js';
import { loadConfig, parseJsonText, type DoctorConfig } from '../../src/config/load-config.js';

const root = mkdtempSync(join(tmpdir(), 'mcp-doctor-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A fresh directory holding the given files. */
function project(files: Record<string, string>): string {
  const dir = join(root, `p${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The UsageError message `loadConfig` fails with, asserting it is a single line. */
async function failure(dir: string, explicitPath?: string): Promise<string> {
  const error: unknown = await loadConfig(dir, explicitPath).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as UsageError).message;
  expect(message).not.toMatch(/[\n\r\u2028\u2029]/);
  return message;
}

const rc = (value: unknown) => project({ '.mcp-doctorrc.json': JSON.stringify(value) });

const FULL: DoctorConfig = {
  targets: ['https://example.com/mcp', 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/weather-abc123'],
  profile: 'agentcore',
  failOn: 'warning',
  formats: { json: 'out/report.json', junit: 'out/junit.xml', markdown: 'out/report.md', html: 'out/report.html' },
  format: 'github',
  baseline: '.mcp-doctor-baseline.json',
  timeout: '10s',
  deadline: '2m',
  concurrency: 4,
  qualifier: 'DEFAULT',
  skip: ['get-stream'],
  only: ['host-header', 'stateless'],
  headers: { 'X-Api-Key': 'k', Cookie: 'a=b' },
};

describe('loadConfig: search', () => {
  it('returns an empty config and no path when there is no file', async () => {
    expect(await loadConfig(project({}))).toEqual({ config: {} });
  });

  it('returns an empty config when cwd does not exist', async () => {
    expect(await loadConfig(join(root, 'missing-dir'))).toEqual({ config: {} });
  });

  it('reads .mcp-doctorrc.json with every key', async () => {
    const dir = rc(FULL);
    expect(await loadConfig(dir)).toEqual({ config: FULL, path: join(dir, '.mcp-doctorrc.json') });
  });

  it('prefers .mcp-doctorrc.json over .mcp-doctorrc and package.json', async () => {
    const dir = project({
      '.mcp-doctorrc.json': '{"failOn":"info"}',
      '.mcp-doctorrc': '{"failOn":"warning"}',
      'package.json': '{"mcp-doctor":{"failOn":"never"}}',
    });
    expect(await loadConfig(dir)).toEqual({ config: { failOn: 'info' }, path: join(dir, '.mcp-doctorrc.json') });
  });

  it('reads .mcp-doctorrc as JSON before package.json', async () => {
    const dir = project({ '.mcp-doctorrc': '{"failOn":"warning"}', 'package.json': '{"mcp-doctor":{"failOn":"never"}}' });
    expect(await loadConfig(dir)).toEqual({ config: { failOn: 'warning' }, path: join(dir, '.mcp-doctorrc') });
  });

  it('skips empty rc files, as lilconfig does', async () => {
    const dir = project({ '.mcp-doctorrc.json': ' \n', '.mcp-doctorrc': '', 'package.json': '{"mcp-doctor":{"profile":"generic"}}' });
    expect(await loadConfig(dir)).toEqual({ config: { profile: 'generic' }, path: join(dir, 'package.json') });
  });

  it('reads the "mcp-doctor" key of package.json', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', 'mcp-doctor': { targets: ['http://127.0.0.1:8000/mcp'] } }) });
    expect(await loadConfig(dir)).toEqual({ config: { targets: ['http://127.0.0.1:8000/mcp'] }, path: join(dir, 'package.json') });
  });

  it('ignores a package.json without the key, or one that is not an object', async () => {
    expect(await loadConfig(project({ 'package.json': '{"name":"x"}' }))).toEqual({ config: {} });
    expect(await loadConfig(project({ 'package.json': '[]' }))).toEqual({ config: {} });
  });

  it('does not walk up to a parent directory', async () => {
    const parent = rc({ failOn: 'never' });
    const child = join(parent, 'child');
    mkdirSync(child);
    expect(await loadConfig(child)).toEqual({ config: {} });
  });

  it('ignores a leading byte-order mark', async () => {
    const dir = project({ '.mcp-doctorrc.json': '\uFEFF{"failOn":"info"}' });
    expect((await loadConfig(dir)).config).toEqual({ failOn: 'info' });
  });

  it('accepts "$schema" for editors and leaves it out of the config', async () => {
    const dir = rc({ $schema: './node_modules/mcp-doctor/docs/config.schema.json', failOn: 'info' });
    expect((await loadConfig(dir)).config).toEqual({ failOn: 'info' });
  });

  it('accepts every duration form parseDuration accepts, at the bounds', async () => {
    for (const timeout of ['10', '10s', '500ms', '2m', '0.5s', '1ms', '60m', '3600s']) {
      expect((await loadConfig(rc({ timeout }))).config).toEqual({ timeout });
    }
  });

  it('accepts concurrency 1 and 64, and empty lists', async () => {
    expect((await loadConfig(rc({ concurrency: 1, targets: [], skip: [] }))).config).toEqual({ concurrency: 1, targets: [], skip: [] });
    expect((await loadConfig(rc({ concurrency: 64 }))).config).toEqual({ concurrency: 64 });
  });
});

describe('loadConfig: --config', () => {
  it('reads the given file relative to cwd, ignoring the search places', async () => {
    const dir = project({ 'ci.json': '{"failOn":"warning"}', '.mcp-doctorrc.json': '{"failOn":"info"}' });
    expect(await loadConfig(dir, 'ci.json')).toEqual({ config: { failOn: 'warning' }, path: join(dir, 'ci.json') });
  });

  it('reads an absolute path', async () => {
    const dir = project({ 'ci.json': '{"profile":"agentcore"}' });
    expect(await loadConfig(project({}), join(dir, 'ci.json'))).toEqual({ config: { profile: 'agentcore' }, path: join(dir, 'ci.json') });
  });

  it('treats an empty file as an empty config', async () => {
    const dir = project({ 'empty.json': '' });
    expect(await loadConfig(dir, 'empty.json')).toEqual({ config: {}, path: join(dir, 'empty.json') });
  });

  it('reads the key of a package.json given explicitly', async () => {
    const dir = project({ 'package.json': '{"mcp-doctor":{"failOn":"never"}}' });
    expect(await loadConfig(dir, 'package.json')).toEqual({ config: { failOn: 'never' }, path: join(dir, 'package.json') });
  });

  it('fails on a package.json given explicitly without the key', async () => {
    expect(await failure(project({ 'package.json': '{"name":"x"}' }), 'package.json')).toBe('package.json: no "mcp-doctor" key');
  });

  it('fails when the file is missing', async () => {
    expect(await failure(project({}), 'nope.json')).toBe('--config nope.json: no such file');
  });

  it('fails on an empty path', async () => {
    expect(await failure(project({}), ' ')).toBe('--config needs the path of a JSON config file');
  });

  it('refuses code and YAML configs', async () => {
    for (const name of ['mcp-doctor.config.js', 'config.mjs', 'config.ts', 'config.yaml', 'config.YML']) {
      expect(await failure(project({ [name]: '{}' }), name)).toBe(`--config ${name}: only JSON config files are supported (.mcp-doctorrc.json, .mcp-doctorrc or package.json)`);
    }
  });

  it('names a file outside cwd by its absolute path', async () => {
    const other = project({ 'bad.json': '{"failOn":"fatal"}' });
    expect(await failure(project({}), join(other, 'bad.json'))).toBe(`${join(other, 'bad.json')}: "failOn" must be one of error, warning, info, never (got "fatal")`);
  });

  it('names a file in a subdirectory by its relative path', async () => {
    const dir = project({});
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci', 'doctor.json'), '{"format":"xml"}');
    expect(await failure(dir, 'ci/doctor.json')).toBe('ci/doctor.json: "format" must be one of pretty, json, junit, markdown, html, github, sarif (got "xml")');
  });
});

describe('loadConfig: invalid values', () => {
  it.each<[string, unknown, string]>([
    ['an enum', { failOn: 'fatal' }, '"failOn" must be one of error, warning, info, never (got "fatal")'],
    ['the profile', { profile: 'aws' }, '"profile" must be one of generic, agentcore (got "aws")'],
    ['a wrong type', { failOn: 1 }, '"failOn" must be one of error, warning, info, never (got 1)'],
    ['a boolean', { concurrency: true }, '"concurrency" must be an integer from 1 to 64 (got true)'],
    ['concurrency too high', { concurrency: 65 }, '"concurrency" must be an integer from 1 to 64 (got 65)'],
    ['concurrency too low', { concurrency: 0 }, '"concurrency" must be an integer from 1 to 64 (got 0)'],
    ['a fractional concurrency', { concurrency: 1.5 }, '"concurrency" must be an integer from 1 to 64 (got 1.5)'],
    ['a numeric timeout', { timeout: 10 }, '"timeout" must be a duration such as "10s", "500ms" or "2m", from 1 ms to 1 hour (got 10)'],
    ['an unknown unit', { deadline: '2h' }, '"deadline" must be a duration such as "10s", "500ms" or "2m", from 1 ms to 1 hour (got "2h")'],
    ['a zero duration', { timeout: '0s' }, '"timeout" must be a duration such as "10s", "500ms" or "2m", from 1 ms to 1 hour (got "0s")'],
    ['a duration over an hour', { deadline: '61m' }, '"deadline" must be a duration such as "10s", "500ms" or "2m", from 1 ms to 1 hour (got "61m")'],
    ['a qualifier', { qualifier: 'my-endpoint' }, '"qualifier" must be an endpoint name (letters, digits, underscores; e.g. DEFAULT) (got "my-endpoint")'],
    ['a list given as a string', { skip: 'get-stream' }, '"skip" must be a list of check ids (see `mcp-doctor explain --checks`) (got "get-stream")'],
    ['an empty check id', { only: ['host-header', ''] }, '"only[1]" must be a check id (got "")'],
    ['formats given as a string', { formats: 'json' }, '"formats" must be an object mapping a format (json, junit, markdown, html) to a file path (got "json")'],
    ['an empty output path', { formats: { junit: '' } }, '"formats.junit" must be a file path (got "")'],
    ['an empty baseline path', { baseline: '' }, '"baseline" must be a file path (got "")'],
    ['null', { format: null }, '"format" must be one of pretty, json, junit, markdown, html, github, sarif (got null)'],
    ['a nested object', { format: { a: 1 } }, '"format" must be one of pretty, json, junit, markdown, html, github, sarif (got an object)'],
    ['the root', ['https://example.com/mcp'], 'must be a JSON object (got an array)'],
    ['a scalar root', 'https://example.com/mcp', 'must be a JSON object (got "https://example.com/mcp")'],
  ])('names the key path for %s', async (_name, value, expected) => {
    expect(await failure(rc(value))).toBe(`.mcp-doctorrc.json: ${expected}`);
  });

  it('truncates long echoed values and keeps them on one line', async () => {
    const message = await failure(rc({ qualifier: `${'a'.repeat(60)}\n\u2028\u0085` }));
    expect(message).toBe(`.mcp-doctorrc.json: "qualifier" must be an endpoint name (letters, digits, underscores; e.g. DEFAULT) (got "${'a'.repeat(40)}…")`);
    expect(await failure(rc({ format: 'x\n\u2028\u0085' }))).toBe(
      '.mcp-doctorrc.json: "format" must be one of pretty, json, junit, markdown, html, github, sarif (got "x\\n\\u2028\\u0085")',
    );
  });

  it('says how many more problems there are', async () => {
    expect(await failure(rc({ failOn: 'fatal', concurrency: 0 }))).toBe('.mcp-doctorrc.json: "failOn" must be one of error, warning, info, never (got "fatal") (and 1 more problem)');
    expect(await failure(rc({ failOn: 'fatal', concurrency: 0, format: 'x' }))).toMatch(/\(and 2 more problems\)$/);
  });

  it('prefixes paths with the package.json key', async () => {
    const dir = project({ 'package.json': JSON.stringify({ 'mcp-doctor': { formats: { html: 3 } } }) });
    expect(await failure(dir)).toBe('package.json: "mcp-doctor.formats.html" must be a file path (got 3)');
  });

  it('names the package.json key when its value is not an object', async () => {
    expect(await failure(project({ 'package.json': '{"mcp-doctor":"strict"}' }))).toBe('package.json: "mcp-doctor" must be a JSON object (got "strict")');
    expect(await failure(project({ 'package.json': '{"mcp-doctor":null}' }))).toBe('package.json: "mcp-doctor" must be a JSON object (got null)');
  });
});

describe('loadConfig: unknown keys', () => {
  it.each<[unknown, string]>([
    [{ targts: [] }, 'unknown key "targts" (did you mean "targets"?)'],
    [{ 'fail-on': 'error' }, 'unknown key "fail-on" (did you mean "failOn"?)'],
    [{ FAILON: 'error' }, 'unknown key "FAILON" (did you mean "failOn"?)'],
    [{ header: {} }, 'unknown key "header" (did you mean "headers"?)'],
    [{ timout: '1s' }, 'unknown key "timout" (did you mean "timeout"?)'],
    [{ output: 'x' }, 'unknown key "output"'],
    [{ formats: { jsn: 'a.json' } }, 'unknown key "formats.jsn" (did you mean "formats.json"?)'],
    [{ formats: { xml: 'a.xml' } }, 'unknown key "formats.xml"'],
    [{ 'bad key': 1 }, 'unknown key "[\\"bad key\\"]"'],
    [{ [`a\n${'b'.repeat(50)}`]: 1 }, `unknown key "[\\"a\\\\n${'b'.repeat(38)}…\\"]"`],
  ])('%j', async (value, expected) => {
    expect(await failure(rc(value))).toBe(`.mcp-doctorrc.json: ${expected}`);
  });

  it('reports unknown keys first and counts the rest', async () => {
    expect(await failure(rc({ failOn: 'fatal', targts: [], foo: 1 }))).toBe('.mcp-doctorrc.json: unknown key "targts" (did you mean "targets"?) (and 2 more problems)');
    expect(await failure(rc({ targts: [], foo: 1 }))).toBe('.mcp-doctorrc.json: unknown key "targts" (did you mean "targets"?) (and 1 more problem)');
  });

  it('prefixes unknown keys in package.json with the key', async () => {
    const dir = project({ 'package.json': JSON.stringify({ 'mcp-doctor': { targts: [] } }) });
    expect(await failure(dir)).toBe('package.json: unknown key "mcp-doctor.targts" (did you mean "mcp-doctor.targets"?)');
  });
});

describe('loadConfig: secrets never appear in errors', () => {
  const SECRET = 'Bearer sk-live-5up3r-s3cr3t';

  it.each<[string, string, string]>([
    ['a header value of the wrong type', JSON.stringify({ headers: { Authorization: { token: SECRET } } }), '.mcp-doctorrc.json: "headers.Authorization" must be a string (got an object)'],
    ['a header value with a newline', JSON.stringify({ headers: { Authorization: `${SECRET}\nX-Evil: 1` } }), '.mcp-doctorrc.json: "headers.Authorization" must not contain control characters'],
    // A key that is no header name may hold the value itself: it is never quoted.
    ['an invalid header name', JSON.stringify({ headers: { 'Bad Name': SECRET } }), '.mcp-doctorrc.json: "headers" key number 1 is not a valid HTTP header name; it is not shown, since a key like "Name: value" holds the value (write "Name": "value")'],
    ['a header key that holds its value', JSON.stringify({ headers: { Accept: 'x', 'X-Api-Key: sk-live-abc123': 'x' } }), '.mcp-doctorrc.json: "headers" key number 2 is not a valid HTTP header name; it is not shown, since a key like "Name: value" holds the value (write "Name": "value")'],
    ['headers given as a list', JSON.stringify({ headers: [`Authorization: ${SECRET}`] }), '.mcp-doctorrc.json: "headers" must be an object mapping header names to values (got an array)'],
    ['headers given as a string', JSON.stringify({ headers: `Authorization: ${SECRET}` }), '.mcp-doctorrc.json: "headers" must be an object mapping header names to values'],
    ['a target with credentials', JSON.stringify({ targets: [`ftp://u:${SECRET}@h/mcp`] }), '.mcp-doctorrc.json: "targets[0]" must be an http(s) URL or an AgentCore runtime ARN'],
    ['a target of the wrong type', JSON.stringify({ targets: [{ url: SECRET }] }), '.mcp-doctorrc.json: "targets[0]" must be an http(s) URL or an AgentCore runtime ARN (got an object)'],
    ['a JSON syntax error next to a secret', `{"headers": {"Authorization": "${SECRET}" "x": 1}}`, '.mcp-doctorrc.json: invalid JSON at line 1, column 61 (expected \',\' or \'}\' after property value)'],
    ['an unquoted secret', `{"headers": {"Authorization": ${SECRET}}}`, '.mcp-doctorrc.json: invalid JSON (unexpected token; a missing quote or comma?)'],
  ])('%s', async (_name, text, expected) => {
    const message = await failure(project({ '.mcp-doctorrc.json': text }));
    expect(message).toBe(expected);
    expect(message).not.toContain('sk-live');
  });
});

describe('loadConfig: unreadable and malformed files', () => {
  it('reports invalid JSON with a line and column', async () => {
    expect(await failure(project({ '.mcp-doctorrc.json': '{\n  "failOn": "error",\n}' }))).toBe(
      ".mcp-doctorrc.json: invalid JSON at line 3, column 1 (expected double-quoted property name)",
    );
  });

  it('reports a truncated file', async () => {
    expect(await failure(project({ '.mcp-doctorrc': '{"failOn":' }))).toBe('.mcp-doctorrc: invalid JSON (unexpected end of file)');
  });

  it('reports a broken package.json', async () => {
    expect(await failure(project({ 'package.json': '{"name": "x",}' }))).toBe("package.json: invalid JSON at line 1, column 14 (expected double-quoted property name)");
  });

  it('reports a directory where a config file should be', async () => {
    const dir = project({});
    mkdirSync(join(dir, '.mcp-doctorrc.json'));
    expect(await failure(dir)).toBe('.mcp-doctorrc.json: cannot read (is a directory)');
  });

  it('reports other read failures by their code', async () => {
    const dir = project({});
    symlinkSync('.mcp-doctorrc.json', join(dir, '.mcp-doctorrc.json'));
    expect(await failure(dir)).toBe('.mcp-doctorrc.json: cannot read (ELOOP)');
  });

  it('treats a cwd that is a file as having no config', async () => {
    const dir = project({ 'file.txt': '' });
    expect(await loadConfig(join(dir, 'file.txt'))).toEqual({ config: {} });
  });

  it.skipIf(process.platform === 'win32')('reports a file it may not read', async () => {
    const dir = project({ '.mcp-doctorrc.json': '{}' });
    chmodSync(join(dir, '.mcp-doctorrc.json'), 0o000);
    if (process.getuid?.() !== 0) {
      expect(await failure(dir)).toBe('.mcp-doctorrc.json: cannot read (permission denied)');
      return;
    }
    // Root reads any file (CI runs as root): ask an unprivileged child to load the config instead.
    chmodSync(root, 0o755);
    const loader = new URL('../../dist/config/load-config.js', import.meta.url).href;
    const script = `import(${JSON.stringify(loader)}).then((m) => m.loadConfig(${JSON.stringify(dir)})).then(() => console.log('loaded'), (e) => console.log(e.constructor.name, e.message))`;
    const child = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 30_000 });
    expect(child.stdout.trim(), child.stderr).toBe('UsageError .mcp-doctorrc.json: cannot read (permission denied)');
  });
});

describe('parseJsonText', () => {
  it('parses JSON and reports an empty text', () => {
    expect(parseJsonText('{"a":1}', 'f.json')).toEqual({ a: 1 });
    expect(() => parseJsonText(' \n', 'f.json')).toThrow(new UsageError('f.json: is empty'));
  });

  it('reports trailing text with its position', () => {
    expect(() => parseJsonText('{}\n x', 'f.json')).toThrow(/^f\.json: invalid JSON at line 2, column 2 \(unexpected non-whitespace character after JSON\)$/);
  });

  it('keeps the position but not a reason that quotes the file', () => {
    // V8 quotes the source in some messages; such a reason must not reach the user.
    const original = JSON.parse;
    JSON.parse = () => {
      throw new SyntaxError('Unexpected token "secret" in JSON at position 3');
    };
    try {
      expect(() => parseJsonText('{"a"}', 'f.json')).toThrow(new UsageError('f.json: invalid JSON at line 1, column 4'));
      JSON.parse = () => {
        throw new SyntaxError('something else');
      };
      expect(() => parseJsonText('{"a"}', 'f.json')).toThrow(new UsageError('f.json: invalid JSON'));
    } finally {
      JSON.parse = original;
    }
  });
});

describe('schema', () => {
  it('matches the DoctorConfig interface', () => {
    // The type-level half fails `npm run typecheck` (part of `npm test`); the run-time half proves
    // the schema accepts every field of a complete config unchanged.
    const complete: Required<DoctorConfig> = {
      targets: ['https://mcp.example.com/mcp'],
      profile: 'agentcore',
      failOn: 'warning',
      formats: { json: 'r.json', junit: 'r.xml', markdown: 'r.md', html: 'r.html' },
      format: 'json',
      baseline: 'baseline.json',
      timeout: '5s',
      deadline: '60s',
      concurrency: 4,
      qualifier: 'PROD',
      skip: ['get-stream'],
      only: ['initialize'],
      headers: { 'X-Tenant': 'acme' },
    };
    expect(doctorConfigSchema.parse(complete)).toEqual(complete);
    expectTypeOf<Omit<z.output<typeof doctorConfigSchema>, '$schema'>>().toEqualTypeOf<DoctorConfig>();
  });

  it('exports a JSON Schema that rejects unknown keys and lists every key', () => {
    const schema = configJsonSchema() as { $schema: string; additionalProperties: boolean; properties: Record<string, { description?: string }> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['$schema', 'baseline', 'concurrency', 'deadline', 'failOn', 'format', 'formats', 'headers', 'only', 'profile', 'qualifier', 'skip', 'targets', 'timeout'].sort(),
    );
    for (const [key, property] of Object.entries(schema.properties)) expect(property.description, key).toBeTruthy();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
