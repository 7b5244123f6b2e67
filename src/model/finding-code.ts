/**
 * The finding codes the catalog defines, as keys. The model names codes without importing the
 * catalog: `src/catalog/codes.ts` fills this interface in by declaration merging, so
 * {@link FindingCode} is exactly the catalog's list wherever the catalog is part of the program.
 */
export interface KnownFindingCodes {}

/** A stable, SCREAMING_SNAKE finding code. */
export type FindingCode = keyof KnownFindingCodes & string;
