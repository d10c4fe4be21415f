import type { MessageTypeName, OcppErrorCode } from '../../shared/ocpp/actions.ts';

/** An OCPP-J failure that becomes a CALLERROR at the boundary. */
export class OcppError extends Error {
  readonly code: OcppErrorCode;
  readonly details: Record<string, unknown>;
  /** The message id of the offending frame, when one could be read. */
  readonly messageId: string | undefined;
  /** The message type of the offending frame, when it could be read (only a CALL is ever answered). */
  readonly messageType: MessageTypeName | undefined;

  constructor(
    code: OcppErrorCode,
    description: string,
    details: Record<string, unknown> = {},
    options: { messageId?: string; messageType?: MessageTypeName; cause?: unknown } = {},
  ) {
    super(description, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OcppError';
    this.code = code;
    this.details = details;
    this.messageId = options.messageId;
    this.messageType = options.messageType;
  }
}

/**
 * The one place where foreign spellings become OCPP-J 1.6 wire spellings. OCPP 2.0.1 renamed two codes;
 * OCPP-J 1.6 keeps `OccurenceConstraintViolation` and `FormationViolation` (errata §5.1/5.2: do not fix).
 */
const TO_16_SPELLING: Record<string, OcppErrorCode> = {
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  FormatViolation: 'FormationViolation',
};

export function to16ErrorCode(code: string): string {
  return TO_16_SPELLING[code] ?? code;
}
