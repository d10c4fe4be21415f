/**
 * Failures of session export, import and re-open, with a stable `code` and, for a file that cannot be read, the
 * `reason` the API reports with it. main/logs throws these and never speaks HTTP: main/api maps the codes to
 * statuses at its boundary (main/api/session-log-routes.ts), as it does for main/files.
 */
export type LogErrorCode =
  | 'BAD_INPUT' // the file, path or parameter cannot be used: a message says what to fix
  | 'NOT_FOUND' // no such session or job
  | 'CONFLICT' // a session that cannot be changed or deleted, a job id in use, a job cancelled
  | 'REFUSED'; // a session file refused for a `reason` (unreadable, too large, unsafe, ...)

/** Why a file was refused or could not be read; the API's `reason` field. */
export type LogRefusalReason =
  | 'unreadable' | 'line-too-long' | 'too-large'
  | 'too-new' | 'damaged' | 'not-chargescope' | 'unsafe' | 'too-slow';

export class LogError extends Error {
  readonly code: LogErrorCode;
  readonly reason: LogRefusalReason | null;
  /** Extra fields the API answers with (e.g. the first skipped lines of an unreadable log). */
  readonly details: Record<string, unknown>;
  constructor(code: LogErrorCode, message: string, o: { reason?: LogRefusalReason; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, o.cause !== undefined ? { cause: o.cause } : undefined);
    this.name = 'LogError';
    this.code = code;
    this.reason = o.reason ?? null;
    this.details = o.details ?? {};
  }
}

export const badInput = (message: string): LogError => new LogError('BAD_INPUT', message);

/** A file that cannot be imported or re-opened, with the reason the API reports. */
export const refused = (reason: LogRefusalReason, message: string, details?: Record<string, unknown>): LogError =>
  new LogError('REFUSED', message, { reason, ...(details ? { details } : {}) });
