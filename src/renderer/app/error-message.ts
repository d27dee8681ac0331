import { ApiError, type ErrorCode } from '../../shared/errors'

/** What to tell the user about a failed call: the server's message for an ApiError. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  return String(error)
}

/** The error's code; anything that is not an ApiError is a bug on this side, so `internal`. */
export function errorCode(error: unknown): ErrorCode {
  return error instanceof ApiError ? error.code : 'internal'
}
