/**
 * The doctor's own failures (never findings). Each has a fixed `name` and a stable `code`; the CLI
 * prints `message` on one line and exits 2, with the stack only under `--debug`.
 */
export class DoctorError extends Error {
  override readonly name: string = 'DoctorError';
  readonly code: string = 'MCP_DOCTOR_ERROR';
}

/** Bad input: a malformed URL, an unknown check id, an unreadable token file. */
export class UsageError extends DoctorError {
  override readonly name = 'UsageError';
  override readonly code = 'MCP_DOCTOR_USAGE';
}

/** The error a response body raises once it passes the byte cap. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`response body exceeded ${limit} bytes`);
  }
}
