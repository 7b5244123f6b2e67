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
export { DoctorError, UsageError } from './model/errors.js';
export type * from './model/report.js';
export { catalog, type CatalogEntry } from './catalog/catalog.js';
export type { FindingArgs } from './model/contracts.js';
export { FINDING_CODES, type FindingCode } from './catalog/codes.js';
export { checks } from './checks/index.js';
export { reporters, renderFleetJson, renderJson, renderJunit, renderPretty, renderPrettyFleet, type ReportFormat, type RenderOptions } from './report/index.js';
export { runFleet, type FleetOptions } from './engine/run-fleet.js';
export { runConformance, type ConformanceOptions, type ConformanceDeps, type EraSelection } from './conformance/run-conformance.js';
export { Redactor } from './security/redact.js';
export { createNetworkConfig, type NetworkOptions } from './probes/network-config.js';
export type { NetworkConfig } from './model/runtime.js';
