import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The JUnit 10 schema vendored in the repository (schemas/junit), so a plain clone validates on its own. */
export const JUNIT_XSD = fileURLToPath(new URL('../../schemas/junit/junit-10.xsd', import.meta.url));

/** True when xmllint (Debian/Ubuntu package libxml2-utils) is on the PATH. */
export const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

/**
 * Validates a JUnit XML file against the vendored schema with xmllint. Throws an error that names what
 * is missing (xmllint itself, the schema file) or quotes xmllint's own complaint about the file.
 */
export function validateJunitFile(file: string): void {
  if (!existsSync(JUNIT_XSD)) throw new Error(`JUnit schema not found at ${JUNIT_XSD}: restore schemas/junit/junit-10.xsd from git`);
  const lint = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
  if (lint.error) throw new Error(`xmllint could not run (${lint.error.message}): install libxml2-utils (apt-get install libxml2-utils) or libxml2 (brew install libxml2)`);
  if (lint.status !== 0) throw new Error(`${file} does not validate against ${JUNIT_XSD}:\n${lint.stderr.trim()}`);
  expect(lint.stderr.trim()).toBe(`${file} validates`);
}
