import { DockerfileParser, type From, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import type { FindingCode } from '../../catalog/codes.js';
import type { SourceLocation } from '../../model/report.js';
import type { LintIssue, LintProject, LintRule, ProjectFile } from '../types.js';
import { lineSnippet } from '../yaml-positions.js';

/**
 * Dockerfiles of AgentCore MCP containers (agentcore-contract §2.3): the image must be
 * linux/arm64, the server must listen on 0.0.0.0:8000 over Streamable HTTP, and something must
 * start it. Only the final stage (and the stages it builds on) ends up in the image.
 */

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** One word of a CMD/ENTRYPOINT with its range. */
interface Word {
  value: string;
  range: Range;
}

/** 0-based, end-exclusive parser ranges to our 1-based inclusive locations. */
function toLocation(file: ProjectFile, range: Range): SourceLocation {
  return {
    file: file.path,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: Math.max(range.start.character + 1, range.end.character),
  };
}

function issue(file: ProjectFile, range: Range, code: FindingCode, message: string): LintIssue {
  const snippet = lineSnippet(file.text, range.start.line + 1);
  return { code, message, location: toLocation(file, range), ...(snippet ? { snippet } : {}) };
}

/** Dockerfile, `*.Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `Containerfile` (the names the collector reads). */
export function dockerfiles(project: LintProject): ProjectFile[] {
  return project.files.filter((file) => {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    return /^(Dockerfile|Containerfile)([.-].*)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
  });
}

/** The stages that make up the final image: the last one and every stage it builds `FROM`. */
function finalStages(froms: From[], instructions: Instruction[]): { from: From; body: Instruction[] }[] {
  const stages = froms.map((from, index) => {
    const start = instructions.indexOf(from);
    const next = froms[index + 1];
    const end = next ? instructions.indexOf(next) : instructions.length;
    return { from, body: instructions.slice(start + 1, end) };
  });
  const chain: typeof stages = [];
  let current = stages[stages.length - 1];
  while (current && !chain.includes(current)) {
    chain.unshift(current);
    const image = current.from.getImage()?.toLowerCase();
    current = stages.find((stage) => stage.from.getBuildStage()?.toLowerCase() === image && stage !== current);
  }
  return chain;
}

/** The words of a CMD or ENTRYPOINT, exec form or shell form. */
function wordsOf(instruction: Instruction): Word[] {
  const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
  if (json.length > 0) return json.map((word) => ({ value: word.getJSONValue(), range: word.getRange() }));
  return instruction.getArguments().map((argument) => ({ value: argument.getValue(), range: argument.getRange() }));
}

/** The value of `--flag value` or `--flag=value` in a command, with the value's range. */
function flagValue(words: Word[], names: readonly string[]): Word | undefined {
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (!word) continue;
    for (const name of names) {
      if (word.value === name) return words[index + 1];
      if (word.value.startsWith(`${name}=`)) {
        const offset = name.length + 1;
        return { value: word.value.slice(offset), range: { start: { line: word.range.start.line, character: word.range.start.character + offset }, end: word.range.end } };
      }
    }
  }
  return undefined;
}

/** True when another project file pins the build to arm64 (the toolkit config, a buildx call in CI or a script). */
function buildPinnedToArm64(project: LintProject, dockerfile: ProjectFile): boolean {
  return project.files.some(
    (file) =>
      file !== dockerfile &&
      (/(^|\n)\s*platform:\s*["']?linux\/arm64/.test(file.text) || /--platform[= ]["']?linux\/arm64|platforms?:\s*["']?linux\/arm64/.test(file.text) || file.path.endsWith('agentcore/agentcore.json')),
  );
}

function checkPlatform(file: ProjectFile, project: LintProject, from: From): LintIssue[] {
  const flag = from.getPlatformFlag();
  const platform = flag?.getValue();
  const image = from.getImage() ?? '';
  const imageRange = from.getImageRange() ?? from.getRange();
  if (platform && flag) {
    const range = flag.getValueRange() ?? flag.getRange();
    if (/^\$\{?BUILDPLATFORM\}?$/.test(platform)) {
      return [issue(file, range, 'PLATFORM_NOT_ARM64', 'The final stage is built for $BUILDPLATFORM, the machine running the build, not for linux/arm64; on an x86 laptop or runner the image cannot start on AgentCore.')];
    }
    if (platform.includes('$')) return [];
    if (platform.toLowerCase() !== 'linux/arm64' && platform.toLowerCase() !== 'linux/arm64/v8') {
      return [issue(file, range, 'PLATFORM_NOT_ARM64', `The final stage is built for ${platform}; AgentCore runs linux/arm64 only (\`exec format error\`). Use \`FROM --platform=linux/arm64 …\`.`)];
    }
    return [];
  }
  if (/(^|\/)(amd64|i386)\/|[-_:](amd64|x86_64)\b/i.test(image)) {
    return [issue(file, imageRange, 'PLATFORM_NOT_ARM64', `The base image ${image} is an x86_64 image; AgentCore runs linux/arm64 only. Use the multi-arch image with \`--platform=linux/arm64\`.`)];
  }
  if (/(^|\/)arm64v8\/|[-_:](arm64|aarch64)\b/i.test(image) || buildPinnedToArm64(project, file)) return [];
  return [
    {
      ...issue(
        file,
        imageRange,
        'PLATFORM_NOT_ARM64',
        `Nothing pins this image to linux/arm64: built on an x86_64 machine it is x86_64 and fails on AgentCore with \`exec format error\`. Write \`FROM --platform=linux/arm64 ${image}\` or build with \`docker buildx build --platform linux/arm64\`.`,
      ),
      uncertain: true,
    },
  ];
}

function checkExpose(file: ProjectFile, stages: { from: From; body: Instruction[] }[]): LintIssue[] {
  const exposes = stages.flatMap((stage) => stage.body.filter((instruction) => instruction.getKeyword() === 'EXPOSE'));
  const last = stages[stages.length - 1];
  if (!last) return [];
  if (exposes.length === 0) {
    return [issue(file, last.from.getRange(), 'CONTAINER_PORT_NOT_EXPOSED', 'The image exposes no port; AgentCore sends MCP traffic to port 8000, so declare it with `EXPOSE 8000` (and make the server listen there).')];
  }
  const ports = exposes.flatMap((instruction) => instruction.getArguments());
  if (ports.some((port) => port.getValue().includes('$') || /^8000(\/tcp)?$/i.test(port.getValue()))) return [];
  const first = ports[0];
  if (!first) return [];
  return [
    issue(
      file,
      first.getRange(),
      'AGENTCORE_CONTRACT_MISMATCH',
      `The image exposes ${ports.map((port) => port.getValue()).join(', ')} but not 8000; AgentCore calls the MCP server on port 8000 \`/mcp\`, so serve and expose 8000.`,
    ),
  ];
}

function checkStartCommand(file: ProjectFile, stages: { from: From; body: Instruction[] }[]): LintIssue[] {
  const body = stages.flatMap((stage) => stage.body);
  const entrypoint = body.filter((instruction) => instruction.getKeyword() === 'ENTRYPOINT').pop();
  const cmd = body.filter((instruction) => instruction.getKeyword() === 'CMD').pop();
  const last = stages[stages.length - 1];
  if (!entrypoint && !cmd) {
    if (!last) return [];
    return [issue(file, last.from.getRange(), 'CONTAINER_START_COMMAND_MISSING', 'The image has no CMD or ENTRYPOINT, so it runs the base image\'s default command instead of your MCP server; add e.g. `CMD ["python", "main.py"]`.')];
  }
  const words = [...(entrypoint ? wordsOf(entrypoint) : []), ...(cmd ? wordsOf(cmd) : [])];
  const issues: LintIssue[] = [];
  const port = flagValue(words, ['--port']);
  if (port && !port.value.includes('$') && port.value !== '8000') {
    issues.push(issue(file, port.range, 'AGENTCORE_CONTRACT_MISMATCH', `The start command serves port ${port.value}; AgentCore calls port 8000 \`/mcp\`, so pass \`--port 8000\`.`));
  }
  const host = flagValue(words, ['--host']);
  const usesUvicorn = words.some((word) => /(^|\/)uvicorn$/.test(word.value));
  if (host && /^(127\.0\.0\.1|localhost|::1)$/.test(host.value)) {
    issues.push(issue(file, host.range, 'SERVER_BINDS_LOOPBACK', `The start command binds ${host.value}; AgentCore reaches the container from outside, so pass \`--host 0.0.0.0\`.`));
  } else if (!host && usesUvicorn) {
    const at = words.find((word) => /(^|\/)uvicorn$/.test(word.value));
    if (at) issues.push(issue(file, at.range, 'SERVER_BINDS_LOOPBACK', 'uvicorn listens on 127.0.0.1 unless told otherwise; AgentCore reaches the container from outside, so pass `--host 0.0.0.0`.'));
  }
  const transport = flagValue(words, ['--transport']);
  if (transport && /^sse$/i.test(transport.value)) {
    issues.push(issue(file, transport.range, 'NOT_STREAMABLE_HTTP', 'The start command runs the legacy SSE transport; AgentCore needs Streamable HTTP: `--transport streamable-http` (or `http` for FastMCP 2).'));
  }
  // `fastmcp run` imports the server object and ignores its `__main__` block, so its own default (stdio) applies.
  const fastmcpRun = words.findIndex((word, index) => /(^|\/)fastmcp$/.test(word.value) && words[index + 1]?.value === 'run');
  const stdio = transport && /^stdio$/i.test(transport.value) ? transport : !transport && fastmcpRun >= 0 ? words[fastmcpRun] : undefined;
  if (stdio) {
    issues.push(issue(file, stdio.range, 'STDIO_TRANSPORT', 'The start command runs the stdio transport (the `fastmcp run` default), which opens no port; pass `--transport http --host 0.0.0.0 --port 8000`.'));
  }
  return issues;
}

function checkDockerfile(file: ProjectFile, project: LintProject): LintIssue[] {
  const dockerfile = DockerfileParser.parse(file.text);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  if (froms.length === 0) return [];
  const stages = finalStages(froms, instructions);
  const root = stages[0]?.from;
  const last = stages[stages.length - 1]?.from;
  // A stage built FROM another stage inherits its platform unless it names its own.
  const platformFrom = last?.getPlatformFlag() ? last : root;
  return [...(platformFrom ? checkPlatform(file, project, platformFrom) : []), ...checkExpose(file, stages), ...checkStartCommand(file, stages)];
}

/** Lints Dockerfiles. */
export const dockerfileRule: LintRule = {
  id: 'lint/dockerfile/agentcore-container',
  title: 'The Dockerfile builds a linux/arm64 image that starts the MCP server on port 8000',
  codes: ['PLATFORM_NOT_ARM64', 'CONTAINER_PORT_NOT_EXPOSED', 'AGENTCORE_CONTRACT_MISMATCH', 'CONTAINER_START_COMMAND_MISSING', 'SERVER_BINDS_LOOPBACK', 'NOT_STREAMABLE_HTTP', 'STDIO_TRANSPORT'],
  appliesTo: dockerfiles,
  check: (files, project) => files.flatMap((file) => checkDockerfile(file, project)),
};
