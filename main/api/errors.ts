import type { ApiErrorCode } from '../../shared/api/routes.ts';

/** A control-API failure with a stable code; the HTTP adapter maps the code to a status. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly extra: Record<string, unknown>;
  constructor(code: ApiErrorCode, message: string, extra: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.extra = extra;
  }
}

export function badRequest(message: string, extra?: Record<string, unknown>): ApiError {
  return new ApiError('BAD_REQUEST', message, extra);
}

export function notFound(message: string): ApiError {
  return new ApiError('NOT_FOUND', message);
}
