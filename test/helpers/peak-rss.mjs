/**
 * Preloaded into a spawned CLI with `--import`: on exit, writes the process's peak resident set
 * size in bytes to the file named by MCP_DOCTOR_PEAK_RSS_FILE, so tests can bound a child's memory
 * without sampling it from outside.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.MCP_DOCTOR_PEAK_RSS_FILE;
if (target) {
  process.on('exit', () => {
    // maxRSS is in kilobytes.
    writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
  });
}
