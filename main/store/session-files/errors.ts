/** Why a session file cannot be re-opened; the API reports it as `reason`. */
export type SessionFileRefusal = 'too-new' | 'damaged' | 'not-chargescope' | 'unsafe' | 'too-slow' | 'too-large';

/**
 * A `.chargescope` file refused by the store's checks (container.ts, session-file-check.ts, the re-open copy), with a
 * message that says what to do. main/api maps it to a 400 carrying the reason.
 */
export class SessionFileError extends Error {
  readonly reason: SessionFileRefusal;
  constructor(reason: SessionFileRefusal, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionFileError';
    this.reason = reason;
  }
}

export function refuse(reason: SessionFileRefusal, message: string): SessionFileError {
  return new SessionFileError(reason, message);
}
