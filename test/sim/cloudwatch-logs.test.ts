import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsAccess } from '../../src/probes/aws/aws-runtime.js';
import { isTelemetryRecord, readContainerLogs, runtimeStreamPrefixes } from '../../src/probes/aws/container-logs.js';
import { createNetworkConfig } from '../../src/probes/network-config.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { SimRuntime, Simulation } from '../../src/sim/types.js';

/**
 * The simulated CloudWatch Logs service through the real `@aws-sdk/client-cloudwatch-logs` client
 * (agentcore-contract §14), and the doctor's reader on top of it: awsJson1.1, SigV4, the runtime
 * log group and stream names, ResourceNotFound and AccessDenied by exception name.
 */

let sim: Simulation;
let runtime: SimRuntime;
let silent: SimRuntime;
const clients: CloudWatchLogsClient[] = [];

function logsClient(credentials = sim.credentials): CloudWatchLogsClient {
  const created = new CloudWatchLogsClient({ region: sim.region, endpoint: sim.logsUrl, credentials, maxAttempts: 1 });
  clients.push(created);
  return created;
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  return { name: 'no error', message: '' };
}

async function access() {
  // The reader resolves credentials through the chain's first link: the simulation's static keys.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey });
  delete process.env.AWS_PROFILE;
  return createAwsAccess({ region: sim.region, timeoutMs: 5_000, network: createNetworkConfig({ direct: true }) });
}

beforeAll(async () => {
  sim = await startSimulation();
  runtime = sim.addRuntime({ name: 'logs_runtime' });
  silent = sim.addRuntime({ name: 'no_logs_role', logGroup: false });
  runtime.print('INFO:     Started server process [1]\nINFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)\n');
  runtime.print('an old line\n', 'DEFAULT', new Date(Date.now() - 3_600_000));
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await sim.stop();
});

describe('simulated CloudWatch Logs', () => {
  it('names the group after the runtime id and endpoint, and streams after the UTC day', async () => {
    expect(runtime.logGroup()).toBe(`/aws/bedrock-agentcore/runtimes/${runtime.runtimeId}-DEFAULT`);
    const answer = await logsClient().send(new DescribeLogStreamsCommand({ logGroupName: runtime.logGroup() }));
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    expect(answer.logStreams?.map((s) => s.logStreamName)).toEqual([expect.stringMatching(new RegExp(`^${day}/\\[runtime-logs\\][0-9a-f-]{36}$`))]);
  });

  it('FilterLogEvents returns one event per printed line, oldest first, within the window', async () => {
    const answer = await logsClient().send(new FilterLogEventsCommand({ logGroupName: runtime.logGroup(), startTime: Date.now() - 60_000, endTime: Date.now() + 1_000 }));
    expect(answer.events?.map((e) => e.message)).toEqual(['INFO:     Started server process [1]', 'INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)']);
    const all = await logsClient().send(new FilterLogEventsCommand({ logGroupName: runtime.logGroup() }));
    expect(all.events?.[0]?.message).toBe('an old line');
  });

  it('pages with nextToken', async () => {
    const first = await logsClient().send(new FilterLogEventsCommand({ logGroupName: runtime.logGroup(), limit: 2 }));
    expect(first.events).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    const second = await logsClient().send(new FilterLogEventsCommand({ logGroupName: runtime.logGroup(), limit: 2, nextToken: first.nextToken }));
    expect(second.events?.map((e) => e.message)).toEqual(['INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)']);
    expect(second.nextToken).toBeUndefined();
  });

  it('answers ResourceNotFoundException for a group that was never created (no logs permissions on the role)', async () => {
    const error = await errorOf(logsClient().send(new FilterLogEventsCommand({ logGroupName: silent.logGroup() })));
    expect(error).toEqual({ name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
  });

  it('answers AccessDeniedException naming the action and the group when the caller may not read', async () => {
    sim.knobs.denyLogs = true;
    try {
      const error = await errorOf(logsClient().send(new FilterLogEventsCommand({ logGroupName: runtime.logGroup() })));
      expect(error.name).toBe('AccessDeniedException');
      expect(error.message).toContain(`is not authorized to perform: logs:FilterLogEvents on resource: arn:aws:logs:${sim.region}:${sim.accountId}:log-group:${runtime.logGroup()}`);
    } finally {
      sim.knobs.denyLogs = false;
    }
  });

  it('verifies SigV4: another key is an unrecognized client', async () => {
    const error = await errorOf(logsClient({ accessKeyId: 'AKIAOTHERKEY00000000', secretAccessKey: sim.credentials.secretAccessKey }).send(new FilterLogEventsCommand({ logGroupName: runtime.logGroup() })));
    expect(error.name).toBe('UnrecognizedClientException');
  });

  it('refuses orderBy LastEventTime with a stream prefix, as the service does', async () => {
    const error = await errorOf(logsClient().send(new DescribeLogStreamsCommand({ logGroupName: runtime.logGroup(), orderBy: 'LastEventTime', logStreamNamePrefix: '2026/' })));
    expect(error.name).toBe('InvalidParameterException');
  });

  it('writes one stream per cold start with the start-up output, and OTEL records to otel-rt-logs', async () => {
    const crashing = sim.addRuntime({ name: 'crashing', customJWTAuthorizer: {}, startupOutput: 'ValueError: Unknown transport: http\n' });
    const token = await sim.issuer.mint();
    sim.knobs.initTimeoutSeconds = 1;
    try {
      const response = await fetch(crashing.invocationUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}',
      });
      expect(response.status).toBe(424);
      const streams = (await logsClient().send(new DescribeLogStreamsCommand({ logGroupName: crashing.logGroup() }))).logStreams?.map((s) => s.logStreamName) ?? [];
      expect(streams).toHaveLength(2);
      expect(streams).toContain('otel-rt-logs');
      const output = await logsClient().send(new FilterLogEventsCommand({ logGroupName: crashing.logGroup(), logStreamNamePrefix: runtimeStreamPrefixes(Date.now(), Date.now())[0] }));
      expect(output.events?.map((e) => e.message)).toEqual(['ValueError: Unknown transport: http']);
    } finally {
      sim.knobs.initTimeoutSeconds = undefined;
    }
  });
});

describe('readContainerLogs', () => {
  it('reads the runtime-logs streams of every UTC day of the window', () => {
    const start = Date.UTC(2026, 11, 31, 23, 50);
    expect(runtimeStreamPrefixes(start, start + 20 * 60_000)).toEqual(['2026/12/31/[runtime-logs', '2027/01/01/[runtime-logs']);
  });

  it('tells telemetry records from container output', () => {
    expect(isTelemetryRecord('{"traceId":"1","spanId":"2","name":"invoke"}')).toBe(true);
    expect(isTelemetryRecord('{"resource":{"service.name":"x"},"scope":{"name":"y"},"body":"z"}')).toBe(true);
    expect(isTelemetryRecord('{"level":"error","msg":"boom"}')).toBe(false);
    expect(isTelemetryRecord('ValueError: Unknown transport: http')).toBe(false);
  });

  it('returns the window\'s lines, skipping span records printed into the stream', async () => {
    const own = sim.addRuntime({ name: 'reader_runtime' });
    own.print('{"traceId":"abc","spanId":"def","name":"tools/list"}\nTraceback (most recent call last):\n  File "/app/server.py", line 3, in <module>\nKeyError: \'DATABASE_URL\'\n');
    const read = await readContainerLogs(await access(), { logGroup: own.logGroup(), startTime: Date.now() - 60_000, endTime: Date.now() + 1_000, region: sim.region, endpoint: sim.logsUrl });
    expect(read.error).toBeUndefined();
    expect(read.events.map((e) => e.message)).toEqual(['Traceback (most recent call last):', '  File "/app/server.py", line 3, in <module>', "KeyError: 'DATABASE_URL'"]);
    expect(read.telemetrySkipped).toBe(1);
    expect(read.calls).toBe(1);
  });

  it('keeps the latest lines within the bounds and says it cut the read short', async () => {
    const chatty = sim.addRuntime({ name: 'chatty_runtime' });
    chatty.print(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'));
    const read = await readContainerLogs(await access(), { logGroup: chatty.logGroup(), startTime: Date.now() - 60_000, endTime: Date.now() + 1_000, region: sim.region, endpoint: sim.logsUrl, limits: { maxEvents: 10, maxPages: 2 } });
    expect(read.events).toHaveLength(10);
    expect(read.events.at(-1)?.message).toBe('line 19');
    expect(read.truncated).toBe(true);
    expect(read.calls).toBe(2);
  });

  it('reads the whole group when the dated runtime-logs streams hold nothing, leaving the OTEL stream out', async () => {
    const group = '/aws/bedrock-agentcore/runtimes/undated-AbCdEfGhIj-DEFAULT';
    sim.writeLog(group, '[runtime-logs] 3f0c2a52-6a43-4d3c-9c55-0d7f2b2e3a11', 'ValueError: Unknown transport: http\n');
    sim.writeLog(group, 'otel-rt-logs', 'an OTEL body that is not JSON\n');
    const read = await readContainerLogs(await access(), { logGroup: group, startTime: Date.now() - 60_000, endTime: Date.now() + 1_000, region: sim.region, endpoint: sim.logsUrl });
    expect(read.events.map((e) => [e.stream, e.message])).toEqual([['[runtime-logs] 3f0c2a52-6a43-4d3c-9c55-0d7f2b2e3a11', 'ValueError: Unknown transport: http']]);
    expect(read.telemetrySkipped).toBe(1);
    expect(read.calls).toBe(2);
  });

  it('classifies a missing group and a denied caller, naming logs:FilterLogEvents', async () => {
    const missing = await readContainerLogs(await access(), { logGroup: silent.logGroup(), startTime: 0, endTime: Date.now(), region: sim.region, endpoint: sim.logsUrl });
    expect(missing.error).toMatchObject({ kind: 'not-found', name: 'ResourceNotFoundException', permission: 'logs:FilterLogEvents' });
    sim.knobs.denyLogs = true;
    try {
      const denied = await readContainerLogs(await access(), { logGroup: runtime.logGroup(), startTime: 0, endTime: Date.now(), region: sim.region, endpoint: sim.logsUrl });
      expect(denied.error).toMatchObject({ kind: 'access-denied', name: 'AccessDeniedException' });
      expect(denied.events).toEqual([]);
    } finally {
      sim.knobs.denyLogs = false;
    }
  });
});
