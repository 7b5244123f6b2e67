/**
 * mcp-doctor as a library: `runDoctor` returns the same Report the CLI renders.
 *
 * @example
 * import { runDoctor, renderPretty } from 'mcp-doctor';
 * const report = await runDoctor({ target: 'http://127.0.0.1:8000/mcp' });
 * console.log(renderPretty(report, { color: false }));
 */
export { runDoctor, type DoctorOptions, type DoctorDeps, type DoctorHooks } from './engine/run-doctor.js';
export { getExitCode } from './engine/post-process.js';
export { DoctorError, UsageError } from './engine/errors.js';
export type * from './engine/types.js';
export { catalog, type CatalogEntry, type FindingArgs } from './catalog/catalog.js';
export { FINDING_CODES, type FindingCode } from './catalog/codes.js';
export { checks } from './checks/index.js';
export { reporters, renderFleetJson, renderJson, renderJunit, renderPretty, renderPrettyFleet, type ReportFormat, type RenderOptions } from './report/index.js';
export { runFleet, type FleetOptions } from './engine/run-fleet.js';
export { Redactor } from './security/redact.js';
export { createNetworkConfig, type NetworkConfig, type NetworkOptions } from './probes/network-config.js';
export { runLogs, type LogsOptions } from './logs/run-logs.js';
export { findLogCauses, matchLogLine, LOG_CAUSE_CODES, type LogCause } from './catalog/log-causes.js';
