/**
 * Error codes shared by API and web. The API maps each to an HTTP status in one exception filter;
 * the web app shows the message. Body: {code, message, details}.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  DUPLICATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** An uploaded file of a type not allowed, or whose bytes do not match its name's extension. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  RULE_VIOLATION: 422,
  GUARD_FAILED: 422,
  ACCOUNT_LOCKED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** A failure the domain understands; thrown anywhere, turned into {code, message, details} at the edge. */
export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** One offending field, as 400 bodies list them in `details`. */
export interface FieldIssue {
  path: string;
  message: string;
}
