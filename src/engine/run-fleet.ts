import { DoctorError } from '../model/errors.js';
import { buildSummary } from './post-process.js';
import { createOriginLimiter, mapBounded } from '../probes/index.js';
import { DEFAULT_MAX_PER_ORIGIN, runDoctor, type DoctorDeps, type DoctorOptions } from './run-doctor.js';
import type { Report } from '../model/report.js';
import { TOOL_VERSION } from '../version.js';

/** Options for a run over many targets. */
export interface FleetOptions {
  /** Targets diagnosed at the same time. @default 8 */
  concurrency?: number;
  /**
   * Requests in flight per origin across the whole fleet (runtimes behind one AgentCore endpoint
   * share it). @default the single-run cap × the targets in flight, so the cap never slows a fleet down
   */
  maxPerOrigin?: number;
  signal?: AbortSignal;
}

/**
 * Diagnoses many targets with bounded concurrency, each through the same observation scheduler
 * as a single run, all under one per-origin cap. One target's failure or hang never stops the
 * others: each is bounded by its own deadline, and an internal error becomes a report whose single
 * check could not run (never green). Reports come back in input order.
 */
export async function runFleet(targets: readonly DoctorOptions[], options: FleetOptions = {}, deps: DoctorDeps = {}): Promise<Report[]> {
  const concurrency = Math.max(1, Math.min(64, options.concurrency ?? 8));
  const limiter = deps.limiter ?? createOriginLimiter(options.maxPerOrigin ?? Math.max(1, Math.min(concurrency, targets.length)) * DEFAULT_MAX_PER_ORIGIN);
  const shared: DoctorDeps = { ...deps, limiter };
  return mapBounded(targets, concurrency, async (target) => {
    const signal = options.signal && target.signal ? AbortSignal.any([options.signal, target.signal]) : (options.signal ?? target.signal);
    try {
      return await runDoctor({ ...target, ...(signal ? { signal } : {}) }, shared);
    } catch (error) {
      if (error instanceof DoctorError && error.code === 'MCP_DOCTOR_USAGE' && targets.length === 1) throw error;
      return failedReport(target, error, deps.now?.() ?? new Date());
    }
  });
}

/** A report for a target the doctor could not diagnose at all (bad input in a list, a crash). */
function failedReport(target: DoctorOptions, error: unknown, now: Date): Report {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
  const checks: Report['checks'] = [{ id: 'target', title: 'The target can be diagnosed', area: 'network', status: 'error', durationMs: 0, errorMessage: message }];
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: target.target, url: target.target, kind: /^arn:/.test(target.target) ? 'agentcore-runtime' : 'url' },
    profile: target.profile ?? 'generic',
    failOn: target.failOn ?? 'error',
    startedAt: now.toISOString(),
    durationMs: 0,
    summary: buildSummary(checks, [], target.failOn ?? 'error'),
    server: {},
    checks,
    findings: [],
    timings: { rounds: 0, requests: 0, probes: [] },
  };
}
