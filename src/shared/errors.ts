/** Error codes that cross a process or network boundary. Handlers never throw across it. */
export const errorCodes = [
  'invalid-argument',
  'unknown-method',
  'not-found',
  'unauthorized',
  'bad-input',
  /** An import would replace the rows stored for its kind with none or fewer than half (`--replace-with-empty` allows it). */
  'replace-refused',
  'busy',
  'cancelled',
  'internal',
  'network',
] as const
export type ErrorCode = (typeof errorCodes)[number]

export interface ErrorPayload {
  code: ErrorCode
  message: string
  /** Where the problem is: an argument path (`limit`), or `file:line` for bad input files. */
  where?: string
}

/** The envelope every handler returns, on every transport. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }

/** A typed error: thrown inside a process, turned into an envelope at its edge and back by the client. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly where: string | undefined

  constructor(code: ErrorCode, message: string, where?: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.where = where
  }

  toPayload(): ErrorPayload {
    return this.where === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, where: this.where }
  }

  static fromPayload(payload: ErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.where)
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail(code: ErrorCode, message: string, where?: string): Result<never> {
  return { ok: false, error: new ApiError(code, message, where).toPayload() }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value)
}
