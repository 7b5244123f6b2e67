import { describe, expect, it } from 'vitest';
import { dockerfileRule } from '../../src/lint/rules/dockerfile.js';
import { expectCase, runRule, type RuleCase } from './config-tester.js';

/** Dockerfiles: platform, EXPOSE and the start command, exact codes and positions. */

const D = 'Dockerfile';
const df = (...lines: string[]): string => `${lines.join('\n')}\n`;
const CORRECT = df(
  'FROM --platform=linux/arm64 python:3.12-slim', // 1
  'WORKDIR /app', // 2
  'COPY . .', // 3
  'RUN pip install -r requirements.txt', // 4
  'EXPOSE 8000', // 5
  'CMD ["python", "main.py"]', // 6
);

const cases: RuleCase[] = [
  { name: 'the correct Dockerfile', files: { [D]: CORRECT }, expected: [] },
  { name: 'built for linux/amd64', files: { [D]: CORRECT.replace('linux/arm64', 'linux/amd64') }, expected: ['PLATFORM_NOT_ARM64@Dockerfile:1:17/error'] },
  { name: 'final stage built for $BUILDPLATFORM', files: { [D]: CORRECT.replace('linux/arm64', '$BUILDPLATFORM') }, expected: ['PLATFORM_NOT_ARM64@Dockerfile:1:17/error'] },
  { name: 'an amd64-only base image', files: { [D]: CORRECT.replace('--platform=linux/arm64 python:3.12-slim', 'amd64/python:3.12-slim') }, expected: ['PLATFORM_NOT_ARM64@Dockerfile:1:6/error'] },
  { name: 'nothing pins arm64', files: { [D]: CORRECT.replace('--platform=linux/arm64 ', '') }, expected: ['PLATFORM_NOT_ARM64@Dockerfile:1:6/warning'] },
  {
    name: 'the toolkit config pins arm64 for the build',
    files: { [D]: CORRECT.replace('--platform=linux/arm64 ', ''), '.bedrock_agentcore.yaml': 'agents:\n  s:\n    platform: linux/arm64\n' },
    expected: [],
  },
  { name: 'a buildx call in CI pins arm64', files: { [D]: CORRECT.replace('--platform=linux/arm64 ', ''), 'Makefile': 'image:\n\tdocker buildx build --platform linux/arm64 -t x .\n' }, expected: [] },
  { name: 'an arm64v8 base image', files: { [D]: CORRECT.replace('--platform=linux/arm64 python:3.12-slim', 'arm64v8/python:3.12-slim') }, expected: [] },
  {
    name: 'multi-stage: builder on $BUILDPLATFORM, final stage arm64',
    files: {
      [D]: df('FROM --platform=$BUILDPLATFORM python:3.12 AS build', 'RUN pip wheel -w /w .', 'FROM --platform=linux/arm64 python:3.12-slim', 'COPY --from=build /w /w', 'EXPOSE 8000', 'CMD ["python", "-m", "server"]'),
    },
    expected: [],
  },
  {
    name: 'multi-stage: the final stage inherits an amd64 base stage',
    files: { [D]: df('FROM --platform=linux/amd64 python:3.12-slim AS base', 'EXPOSE 8000', 'FROM base AS final', 'CMD ["python", "main.py"]') },
    expected: ['PLATFORM_NOT_ARM64@Dockerfile:1:17'],
  },
  { name: 'exposes 8080, not 8000', files: { [D]: CORRECT.replace('EXPOSE 8000', 'EXPOSE 8080 9000/tcp') }, expected: ['AGENTCORE_CONTRACT_MISMATCH@Dockerfile:5:8/error'] },
  { name: 'exposes no port', files: { [D]: CORRECT.replace('EXPOSE 8000\n', '') }, expected: ['CONTAINER_PORT_NOT_EXPOSED@Dockerfile:1:1/warning'] },
  { name: 'a port from a build argument is not judged', files: { [D]: CORRECT.replace('EXPOSE 8000', 'EXPOSE ${PORT}') }, expected: [] },
  { name: 'no CMD or ENTRYPOINT', files: { [D]: CORRECT.replace('CMD ["python", "main.py"]\n', '') }, expected: ['CONTAINER_START_COMMAND_MISSING@Dockerfile:1:1/warning'] },
  {
    name: 'uvicorn without --host binds loopback',
    files: { [D]: CORRECT.replace('CMD ["python", "main.py"]', 'CMD ["uvicorn", "server:app", "--port", "8000"]') },
    expected: ['SERVER_BINDS_LOOPBACK@Dockerfile:6:6/error'],
  },
  {
    name: 'shell form with --host 127.0.0.1 and --port 3000',
    files: { [D]: CORRECT.replace('CMD ["python", "main.py"]', 'CMD uvicorn server:app --host 127.0.0.1 --port=3000') },
    expected: ['AGENTCORE_CONTRACT_MISMATCH@Dockerfile:6:48', 'SERVER_BINDS_LOOPBACK@Dockerfile:6:31'],
  },
  { name: 'fastmcp run defaults to stdio', files: { [D]: CORRECT.replace('CMD ["python", "main.py"]', 'CMD ["fastmcp", "run", "server.py"]') }, expected: ['STDIO_TRANSPORT@Dockerfile:6:6/error'] },
  {
    name: 'fastmcp run over http on 0.0.0.0:8000 is right',
    files: { [D]: CORRECT.replace('CMD ["python", "main.py"]', 'ENTRYPOINT ["fastmcp", "run", "server.py"]\nCMD ["--transport", "http", "--host", "0.0.0.0", "--port", "8000"]') },
    expected: [],
  },
  { name: 'the SSE transport', files: { [D]: CORRECT.replace('CMD ["python", "main.py"]', 'CMD ["python", "main.py", "--transport", "sse"]') }, expected: ['NOT_STREAMABLE_HTTP@Dockerfile:6:42'] },
  { name: 'an empty Dockerfile has nothing to check', files: { [D]: '' }, expected: [] },
];

describe('lint/dockerfile/agentcore-container', () => {
  it.each(cases)('$name', (row) => expectCase(dockerfileRule, row));

  it('finds Dockerfile variants by name only', () => {
    const files = { 'deploy/Dockerfile.prod': CORRECT.replace('EXPOSE 8000', 'EXPOSE 3000'), 'mcp.dockerfile': CORRECT, 'Containerfile': CORRECT, 'docs/dockerfile.md': 'EXPOSE 1\n' };
    expect(runRule(dockerfileRule, files).map((issue) => `${issue.code}@${issue.location.file}`)).toEqual(['AGENTCORE_CONTRACT_MISMATCH@deploy/Dockerfile.prod']);
  });

  it('keeps a one-line snippet and an inclusive end column', () => {
    const [issue] = runRule(dockerfileRule, { [D]: CORRECT.replace('linux/arm64', 'linux/amd64') });
    expect(issue?.location).toEqual({ file: D, line: 1, column: 17, endLine: 1, endColumn: 27 });
    expect(issue?.snippet).toBe('FROM --platform=linux/amd64 python:3.12-slim');
  });
});
