import { describe, expect, it } from 'vitest';
import { createLintProject } from '../../src/lint/project.js';
import { compareVersions, declaredPythonVersions, isCertainlyAtLeast, isCertainlyBelow, type DeclaredVersion, type PythonPackage } from '../../src/lint/python-dependencies.js';
import { pythonServerRules } from '../../src/lint/rules/python-server.js';
import { lintProject } from '../../src/lint/run-lint.js';

/**
 * The versions of `mcp` and `fastmcp` a project declares (requirements, pyproject, locks), the
 * PEP 440 ordering behind "certainly below / at least", and the Python verdicts they change.
 */

type Files = Record<string, string>;

function projectOf(files: Files) {
  return createLintProject('/project', Object.entries(files).map(([path, text]) => ({ path, text })));
}

/** `>=2.3,<2.9@requirements.txt:1:1`, `=1.22.0@…`, `unknown@…`, or `absent`. */
function summary(declared: DeclaredVersion | undefined): string {
  if (!declared) return 'absent';
  const where = `@${declared.file}:${declared.line}:${declared.column}`;
  if (declared.exact !== undefined) return `=${declared.exact}${where}`;
  const parts = [
    ...(declared.lower !== undefined ? [`${declared.exclusiveLower ? '>' : '>='}${declared.lower}`] : []),
    ...(declared.upper !== undefined ? [`${declared.exclusiveUpper ? '<' : '<='}${declared.upper}`] : []),
  ];
  return `${parts.length > 0 ? parts.join(',') : 'unknown'}${where}`;
}

function versionsOf(files: Files, near = 'main.py'): Record<PythonPackage, string> {
  const project = projectOf({ [near]: '', ...files });
  const found = declaredPythonVersions(project, [project.file(near)!]);
  return { mcp: summary(found.mcp), fastmcp: summary(found.fastmcp) };
}

describe('compareVersions (PEP 440 ordering)', () => {
  it.each<[string, string, number | undefined]>([
    ['1.9.0', '1.10.0', -1],
    ['1.10.0', '1.9.4', 1],
    ['2', '2.0.0', 0],
    ['2.9', '2.9.0', 0],
    ['2.9.0rc1', '2.9.0', -1],
    ['2.9.0a2', '2.9.0b1', -1],
    ['2.9.0b1', '2.9.0rc1', -1],
    ['2.9.0.dev1', '2.9.0a1', -1],
    ['2.9.0a1.dev1', '2.9.0a1', -1],
    ['2.9.0', '2.9.0.post1', -1],
    ['2.9.0-1', '2.9.0.post1', 0],
    ['2.9.0.post1', '2.9.1', -1],
    ['v1.23.0', '1.23', 0],
    ['1.23.0+local.1', '1.23.0', 0],
    ['1!0.1', '2.0', 1],
    ['2.11.2', '2.11.3', -1],
    ['3.4.3', '3.4.3', 0],
    ['latest', '1.0', undefined],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    if (expected !== undefined) expect(compareVersions(b, a)).toBe(expected === 0 ? 0 : -expected);
  });
});

describe('isCertainlyBelow / isCertainlyAtLeast', () => {
  const d = (bounds: Partial<DeclaredVersion>): DeclaredVersion => ({ spec: '', source: 'requirements', file: 'r.txt', line: 1, column: 1, ...bounds });
  it.each<[string, DeclaredVersion | undefined, string, boolean, boolean]>([
    ['exact below', d({ exact: '2.8.1' }), '2.9.0', true, false],
    ['exact at the boundary', d({ exact: '2.9.0' }), '2.9.0', false, true],
    ['exclusive upper at the boundary', d({ lower: '2.3', upper: '2.9', exclusiveUpper: true }), '2.9.0', true, false],
    ['inclusive upper at the boundary may reach it', d({ upper: '2.9.0', exclusiveUpper: false }), '2.9.0', false, false],
    ['inclusive upper below', d({ upper: '2.8.9', exclusiveUpper: false }), '2.9.0', true, false],
    ['lower bound only', d({ lower: '1.23' }), '1.23.0', false, true],
    ['exclusive lower below the boundary may still be below it', d({ lower: '2.8.1', exclusiveLower: true }), '2.9.0', false, false],
    ['range across the boundary', d({ lower: '2.3', upper: '3', exclusiveUpper: true }), '2.9.0', false, false],
    ['nothing known', d({}), '2.9.0', false, false],
    ['no declaration', undefined, '2.9.0', false, false],
  ])('%s', (_name, declared, boundary, below, atLeast) => {
    expect(isCertainlyBelow(declared, boundary)).toBe(below);
    expect(isCertainlyAtLeast(declared, boundary)).toBe(atLeast);
  });
});

describe('requirements*.txt', () => {
  it.each<[string, string, Partial<Record<PythonPackage, string>>]>([
    ['exact pin', 'mcp==1.22.0\n', { mcp: '=1.22.0@requirements.txt:1:1', fastmcp: 'absent' }],
    ['range', 'fastmcp>=2.3,<2.9\n', { fastmcp: '>=2.3,<2.9@requirements.txt:1:1' }],
    ['extras, spaces and a comment', '# server\n  mcp[cli] == 1.8.0   # pinned for the image\n', { mcp: '=1.8.0@requirements.txt:2:3' }],
    ['marker on the only line', 'mcp==1.9.0; python_version >= "3.10"\n', { mcp: '=1.9.0@requirements.txt:1:1' }],
    ['two lines under different markers are alternatives', 'mcp==1.9.0; python_version < "3.11"\nmcp==1.23.0; python_version >= "3.11"\n', { mcp: 'unknown@requirements.txt:1:1' }],
    ['two unconditional lines intersect', 'fastmcp>=2.9\nfastmcp<2.11\n', { fastmcp: '>=2.9,<2.11@requirements.txt:1:1' }],
    ['compatible release', 'fastmcp~=2.10.5\n', { fastmcp: '>=2.10.5,<2.11@requirements.txt:1:1' }],
    ['compatible release of two segments', 'fastmcp~=2.10\n', { fastmcp: '>=2.10,<3@requirements.txt:1:1' }],
    ['wildcard', 'mcp==1.9.*\n', { mcp: '>=1.9,<1.10@requirements.txt:1:1' }],
    ['!= narrows nothing', 'mcp>=1.20,!=1.21.0\n', { mcp: '>=1.20@requirements.txt:1:1' }],
    ['no version', 'mcp\n', { mcp: 'unknown@requirements.txt:1:1' }],
    ['direct URL', 'fastmcp @ git+https://github.com/jlowin/fastmcp@v2.8.1#egg=fastmcp\n', { fastmcp: 'unknown@requirements.txt:1:1' }],
    ['hashes, options and includes are skipped', '-r base.txt\n--index-url https://example.invalid/simple\nmcp==1.22.0 \\\n    --hash=sha256:abc\n', { mcp: '=1.22.0@requirements.txt:3:1' }],
    ['names normalize (PEP 503)', 'FastMCP==2.8.1\n', { fastmcp: '=2.8.1@requirements.txt:1:1' }],
    ['similar names are other packages', 'mcp-proxy==0.5\nfastmcp-utils==1.0\n', { mcp: 'absent', fastmcp: 'absent' }],
    ['an unreadable version is unknown', 'mcp==latest\n', { mcp: 'unknown@requirements.txt:1:1' }],
    ['CRLF line ends', 'httpx\r\nmcp==1.22.0\r\n', { mcp: '=1.22.0@requirements.txt:2:1' }],
  ])('%s', (_name, text, expected) => {
    expect(versionsOf({ 'requirements.txt': text })).toMatchObject(expected);
  });
});

describe('pyproject.toml', () => {
  it.each<[string, string, Partial<Record<PythonPackage, string>>]>([
    ['PEP 621 dependencies', '[project]\nname = "s"\ndependencies = [\n  "httpx",\n  "fastmcp~=2.10.5",\n]\n', { fastmcp: '>=2.10.5,<2.11@pyproject.toml:5:4', mcp: 'absent' }],
    ['PEP 621 single-quoted with extras', "[project]\ndependencies = ['mcp[cli]==1.22.0']\n", { mcp: '=1.22.0@pyproject.toml:2:18' }],
    ['poetry caret', '[tool.poetry.dependencies]\npython = "^3.10"\nmcp = "^1.9"\n', { mcp: '>=1.9,<2@pyproject.toml:3:1' }],
    ['poetry caret below 1', '[tool.poetry.dependencies]\nfastmcp = "^0.2.3"\n', { fastmcp: '>=0.2.3,<0.3@pyproject.toml:2:1' }],
    ['poetry tilde', '[tool.poetry.dependencies]\nfastmcp = "~2.10.1"\n', { fastmcp: '>=2.10.1,<2.11@pyproject.toml:2:1' }],
    ['poetry table with version and extras', '[tool.poetry.dependencies]\nmcp = { version = "1.22.0", extras = ["cli"] }\n', { mcp: '=1.22.0@pyproject.toml:2:1' }],
    ['poetry range with spaces', '[tool.poetry.dependencies]\nfastmcp = ">= 2.3, < 2.9"\n', { fastmcp: '>=2.3,<2.9@pyproject.toml:2:1' }],
    ['poetry alternatives are unknown', '[tool.poetry.dependencies]\nmcp = "^1.9 || ^1.23"\n', { mcp: 'unknown@pyproject.toml:2:1' }],
    ['poetry key found under its own section', '[tool.poetry]\nname = "mcp"\n\n[tool.poetry.dependencies]\n"mcp" = "1.9.0"\n', { mcp: '=1.9.0@pyproject.toml:5:1' }],
    ['malformed TOML is unknown, not a crash', '[project\ndependencies = ["mcp==1.9.0"]\n', { mcp: 'absent' }],
  ])('%s', (_name, text, expected) => {
    expect(versionsOf({ 'pyproject.toml': text })).toMatchObject(expected);
  });
});

const UV_LOCK = `version = 1
requires-python = ">=3.10"

[[package]]
name = "fastmcp"
version = "3.4.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "mcp" },
]

[[package]]
name = "mcp"
version = "1.26.0"
source = { registry = "https://pypi.org/simple" }
`;

const POETRY_LOCK = `# This file is automatically @generated by Poetry and should not be changed by hand.

[[package]]
name = "mcp"
version = "1.9.0"
description = "Model Context Protocol SDK"
optional = false
python-versions = ">=3.10"

[metadata]
lock-version = "2.0"
`;

describe('lock files and precedence', () => {
  it.each<[string, Files, Partial<Record<PythonPackage, string>>, string?]>([
    ['uv.lock', { 'uv.lock': UV_LOCK }, { fastmcp: '=3.4.3@uv.lock:5:1', mcp: '=1.26.0@uv.lock:13:1' }],
    ['poetry.lock', { 'poetry.lock': POETRY_LOCK }, { mcp: '=1.9.0@poetry.lock:4:1', fastmcp: 'absent' }],
    ['a package locked twice (platform forks) is known only as a span', { 'uv.lock': '[[package]]\nname = "mcp"\nversion = "1.22.0"\n\n[[package]]\nname = "mcp"\nversion = "1.9.0"\n' }, { mcp: '>=1.9.0,<=1.22.0@uv.lock:2:1' }],
    ['the lock wins over requirements and pyproject', { 'uv.lock': UV_LOCK, 'requirements.txt': 'fastmcp==2.8.1\n', 'pyproject.toml': '[project]\ndependencies = ["fastmcp>=3.4"]\n' }, { fastmcp: '=3.4.3@uv.lock:5:1' }],
    ['requirements win over pyproject', { 'requirements.txt': 'fastmcp==2.8.1\n', 'pyproject.toml': '[project]\ndependencies = ["fastmcp>=3.4"]\n' }, { fastmcp: '=2.8.1@requirements.txt:1:1' }],
    ['requirements.txt before its variants', { 'requirements-dev.txt': 'mcp==1.9.0\n', 'requirements.txt': 'mcp==1.22.0\n' }, { mcp: '=1.22.0@requirements.txt:1:1' }],
    ['a malformed lock falls through to requirements', { 'uv.lock': '[[package]\nname = "mcp"\n', 'requirements.txt': 'mcp==1.22.0\n' }, { mcp: '=1.22.0@requirements.txt:1:1' }],
    ['each package from the first file that names it', { 'requirements.txt': 'mcp==1.22.0\n', 'pyproject.toml': '[project]\ndependencies = ["fastmcp==2.10.6"]\n' }, { mcp: '=1.22.0@requirements.txt:1:1', fastmcp: '=2.10.6@pyproject.toml:2:18' }],
    ['the server folder wins over the root', { 'requirements.txt': 'mcp==1.22.0\n', 'services/weather/requirements.txt': 'mcp==1.9.0\n' }, { mcp: '=1.9.0@services/weather/requirements.txt:1:1' }, 'services/weather/main.py'],
    ['the root is read for a server in a subfolder', { 'uv.lock': UV_LOCK }, { fastmcp: '=3.4.3@uv.lock:5:1' }, 'src/app/main.py'],
    ['a sibling folder is not read', { 'other/requirements.txt': 'mcp==1.9.0\n' }, { mcp: 'absent' }, 'services/weather/main.py'],
  ])('%s', (_name, files, expected, near) => {
    expect(versionsOf(files, near)).toMatchObject(expected);
  });
});

/** Findings of the Python rules over a project, as `code@file:line:column`. */
function lint(files: Files): string[] {
  const report = lintProject(projectOf(files), { rules: pythonServerRules });
  for (const check of report.checks) expect(check.status, check.id).not.toBe('error');
  for (const finding of report.findings) expect(pythonServerRules.find((r) => r.id === finding.checkId)?.codes).toContain(finding.code);
  return report.findings.map((f) => `${f.code}@${f.location?.file}:${f.location?.line}:${f.location?.column}`).sort();
}

const OFFICIAL = 'from mcp.server.fastmcp import FastMCP\n';
const FASTMCP = 'from fastmcp import FastMCP\nmcp = FastMCP("s")\n';
const OFFICIAL_DEFAULT_HOST = `${OFFICIAL}mcp = FastMCP("s", stateless_http=True)\nmcp.run(transport="streamable-http")\n`;
const FASTMCP_HTTP = `${FASTMCP}mcp.run(transport="http", host="0.0.0.0", port=8000, stateless_http=True)\n`;

describe('Python verdicts that follow the declared version', () => {
  it.each<[string, Files, string[]]>([
    // Official SDK: default host and the localhost allowlist.
    ['mcp unknown: newest behaviour', { 'main.py': OFFICIAL_DEFAULT_HOST, 'requirements.txt': 'mcp>=1.9\n' }, ['HOST_HEADER_REJECTED@main.py:2:7', 'SERVER_BINDS_LOOPBACK@main.py:3:1']],
    // Through 1.11 the SDK also mounts the endpoint, so /mcp redirects to /mcp/.
    ['mcp 1.9.0: default host 0.0.0.0, no allowlist, mounted path', { 'main.py': OFFICIAL_DEFAULT_HOST, 'requirements.txt': 'mcp==1.9.0\n' }, ['TRAILING_SLASH_REDIRECT@main.py:3:1']],
    ['mcp <1.9.1 range: same', { 'main.py': OFFICIAL_DEFAULT_HOST, 'requirements.txt': 'mcp>=1.8,<1.9.1\n' }, ['TRAILING_SLASH_REDIRECT@main.py:3:1']],
    ['mcp 1.9.4: loopback default, still no allowlist', { 'main.py': OFFICIAL_DEFAULT_HOST, 'requirements.txt': 'mcp==1.9.4\n' }, ['SERVER_BINDS_LOOPBACK@main.py:3:1', 'TRAILING_SLASH_REDIRECT@main.py:3:1']],
    ['mcp 1.12.0: routed, no redirect', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nmcp.run(transport="streamable-http")\n`, 'requirements.txt': 'mcp==1.12.0\n' }, []],
    ['mcp 1.11.0: streamable_http_app() is mounted', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\napp = mcp.streamable_http_app()\n`, 'requirements.txt': 'mcp==1.11.0\n' }, ['TRAILING_SLASH_REDIRECT@main.py:3:7']],
    ['mcp 1.22.0 with explicit loopback host binds loopback only', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="127.0.0.1")\nmcp.run(transport="streamable-http")\n`, 'requirements.txt': 'mcp==1.22.0\n' }, ['SERVER_BINDS_LOOPBACK@main.py:2:41']],
    ['mcp 1.9.0 with explicit loopback host still binds loopback', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="127.0.0.1")\nmcp.run(transport="streamable-http")\n`, 'requirements.txt': 'mcp==1.9.0\n' }, ['SERVER_BINDS_LOOPBACK@main.py:2:41', 'TRAILING_SLASH_REDIRECT@main.py:3:1']],
    ['mcp 1.23.0: allowlist on', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="127.0.0.1")\napp = mcp.streamable_http_app()\n`, 'uv.lock': '[[package]]\nname = "mcp"\nversion = "1.23.0"\n' }, ['HOST_HEADER_REJECTED@main.py:2:41']],
    ['mcp 1.22.0: "http" still crashes', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nmcp.run(transport="http")\n`, 'requirements.txt': 'mcp==1.22.0\n' }, ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:3:9']],
    // fastmcp: the "http" transport name.
    ['fastmcp unknown: "http" is valid', { 'main.py': FASTMCP_HTTP, 'requirements.txt': 'fastmcp\n' }, []],
    ['fastmcp 2.8.1: "http" crashes', { 'main.py': FASTMCP_HTTP, 'requirements.txt': 'fastmcp==2.8.1\n' }, ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:3:9']],
    ['fastmcp <2.9 range: "http" crashes', { 'main.py': FASTMCP_HTTP, 'requirements.txt': 'fastmcp>=2.3,<2.9\n' }, ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:3:9']],
    ['fastmcp 2.8.1: "streamable-http" runs, on a mounted /mcp', { 'main.py': `${FASTMCP}mcp.run(transport="streamable-http", host="0.0.0.0", stateless_http=True)\n`, 'requirements.txt': 'fastmcp==2.8.1\n' }, ['TRAILING_SLASH_REDIRECT@main.py:3:1']],
    // fastmcp: the mounted /mcp/ path.
    ['fastmcp 2.10.6: default path redirects', { 'main.py': FASTMCP_HTTP, 'requirements.txt': 'fastmcp==2.10.6\n' }, ['TRAILING_SLASH_REDIRECT@main.py:3:1']],
    ['fastmcp 2.9.0: path="/mcp" is mounted too', { 'main.py': `${FASTMCP}mcp.run(transport="http", host="0.0.0.0", path="/mcp", stateless_http=True)\n`, 'requirements.txt': 'fastmcp==2.9.0\n' }, ['TRAILING_SLASH_REDIRECT@main.py:3:43']],
    ['fastmcp 2.11.2: http_app() without path', { 'main.py': `${FASTMCP}app = mcp.http_app(stateless_http=True)\n`, 'requirements.txt': 'fastmcp==2.11.2\n' }, ['TRAILING_SLASH_REDIRECT@main.py:3:7']],
    ['fastmcp 2.11.3: routed, no redirect', { 'main.py': FASTMCP_HTTP, 'requirements.txt': 'fastmcp==2.11.3\n' }, []],
    ['fastmcp 2.10 with another path: only the contract mismatch', { 'main.py': `${FASTMCP}mcp.run(transport="http", host="0.0.0.0", path="/api", stateless_http=True)\n`, 'requirements.txt': 'fastmcp==2.10.6\n' }, ['AGENTCORE_CONTRACT_MISMATCH@main.py:3:43']],
    ['fastmcp >=2.9 unknown: no redirect claimed', { 'main.py': FASTMCP_HTTP, 'requirements.txt': 'fastmcp>=2.9\n' }, []],
    // fastmcp: the 3.4.3 Host/Origin guard.
    ['fastmcp 3.4.3: guard on by default', { 'main.py': FASTMCP_HTTP, 'uv.lock': UV_LOCK }, ['HOST_HEADER_REJECTED@main.py:2:7']],
    ['fastmcp 3.4.3 with host_origin_protection=False', { 'main.py': `from fastmcp import FastMCP\nmcp = FastMCP("s", host_origin_protection=False)\nmcp.run(transport="http", host="0.0.0.0", stateless_http=True)\n`, 'uv.lock': UV_LOCK }, []],
    ['fastmcp 3.4.4: off again', { 'main.py': FASTMCP_HTTP, 'requirements.txt': 'fastmcp==3.4.4\n' }, []],
    ['fastmcp >=3.4 unknown: newest (off)', { 'main.py': FASTMCP_HTTP, 'pyproject.toml': '[project]\ndependencies = ["fastmcp>=3.4"]\n' }, []],
  ])('%s', (_name, files, expected) => {
    expect(lint(files)).toEqual([...expected].sort());
  });

  it('names the version and the file that pins it', () => {
    const report = lintProject(projectOf({ 'main.py': FASTMCP_HTTP, 'requirements.txt': 'fastmcp==2.8.1\n' }), { rules: pythonServerRules });
    expect(report.findings[0]?.message).toContain('fastmcp 2.8.1 pinned in requirements.txt');
    const locked = lintProject(projectOf({ 'main.py': FASTMCP_HTTP, 'uv.lock': UV_LOCK }), { rules: pythonServerRules });
    expect(locked.findings[0]?.message).toContain('fastmcp 3.4.3 locked in uv.lock');
  });
});
