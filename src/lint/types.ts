import type { FindingArgs } from '../model/contracts.js';
import type { FindingCode } from '../catalog/codes.js';
import type { SourceLocation } from '../model/report.js';

/**
 * The contract of `mcp-doctor lint`: rules are pure functions over files the linter has already
 * read and parsed; they never touch the file system or the network, so every rule is testable
 * with an in-memory project.
 */

/** One file of the project, read once (text capped by the linter). */
export interface ProjectFile {
  /** Relative to the project root, `/` separators (e.g. `src/server.py`). */
  path: string;
  text: string;
}

/** The folder being linted, as rules see it. */
export interface LintProject {
  /** Absolute path of the folder (for messages only; rules never read from it). */
  root: string;
  /** Every file the linter collected, sorted by path. */
  files: readonly ProjectFile[];
  /** A collected file by relative path. */
  file(path: string): ProjectFile | undefined;
  /** The server entrypoint the user named (`--entrypoint`), relative to the root; rules fall back to the configuration. */
  entrypoint?: string;
}

/**
 * What a rule reports: the catalog supplies title, causes, remediation and the severity from
 * `code` (one source for lint and diagnosis alike).
 */
export interface LintIssue {
  code: FindingCode;
  /**
   * The file only makes the problem likely (an unpinned base image, a template whose effect
   * depends on an UNCONFIRMED service default): reported one step below the catalog's severity.
   */
  uncertain?: true;
  /** One sentence naming what the file says and what AgentCore needs instead. */
  message: string;
  location: SourceLocation;
  /** Facts for the catalog's summary template, when it has one. */
  args?: FindingArgs;
  /** The offending source text, trimmed (shown as evidence). */
  snippet?: string;
}

/** One lint rule. Its id is also the check id shown in reports (`lint/<area>/<name>`). */
export interface LintRule {
  id: string;
  title: string;
  /** Every code this rule may report (the registry test holds rules to it). */
  codes: readonly FindingCode[];
  /** The files this rule reads; when none exists the rule is reported as `skip`. */
  appliesTo(project: LintProject): readonly ProjectFile[];
  /** Pure: issues for the files `appliesTo` returned. */
  check(files: readonly ProjectFile[], project: LintProject): LintIssue[];
}
