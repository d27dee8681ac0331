import { ApiError, isErrorCode, type Result } from '../../shared/errors'

/** Turns an envelope back into a value or a typed error with a clear message. */
export function unwrap<T>(method: string, envelope: unknown): T {
  const result = envelope as Result<T> | null
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
    throw new ApiError('internal', `${method}: malformed reply from the server`)
  }
  if (result.ok) return result.value
  const code = isErrorCode(result.error?.code) ? result.error.code : 'internal'
  throw new ApiError(code, result.error?.message ?? `${method} failed`, result.error?.where)
}
