/**
 * Regenerates `docs/codes/<CODE>.md` and the code table in docs/codes/README.md from the catalog,
 * the single source of truth. `test/registry.test.ts` fails when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CODE_TABLE_FILE, codeDocPath, renderReadmeCodeTable, replaceReadmeCodeTable } from '../src/report/code-docs.js';
import { renderCodeMarkdown } from '../src/report/explain.js';
import { FINDING_CODES } from '../src/catalog/codes.js';

for (const code of FINDING_CODES) writeFileSync(codeDocPath(code), renderCodeMarkdown(code));
const table = readFileSync(CODE_TABLE_FILE, 'utf8');
writeFileSync(CODE_TABLE_FILE, replaceReadmeCodeTable(table, renderReadmeCodeTable()));
process.stdout.write(`wrote ${FINDING_CODES.length} code pages and the table in ${CODE_TABLE_FILE}\n`);
