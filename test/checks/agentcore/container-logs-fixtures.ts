import type { ContainerLogsObservation } from '../../../src/model/observations.js';

/** The clock and log group of the container-log tests. */
export const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
export const GROUP = '/aws/bedrock-agentcore/runtimes/demo-AbCdEfGhIj-DEFAULT';

/** A read of the last five minutes of the runtime's log: one event a message, ten seconds ago. */
export function logObservation(messages: string[], extra: Partial<ContainerLogsObservation> = {}): ContainerLogsObservation {
  return {
    logGroup: GROUP,
    startTime: NOW - 300_000,
    endTime: NOW,
    events: messages.map((message, i) => ({ timestamp: NOW - 10_000 + i, message, stream: '2026/12/07/[runtime-logs]x' })),
    truncated: false,
    telemetrySkipped: 0,
    calls: 1,
    ...extra,
  };
}
