import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'
import { ApiError, type ErrorCode } from '../../shared/errors'
import { errorCode, errorMessage } from './error-message'

/** A failed call the error banner shows until it is retried, dismissed or succeeds again. */
export interface ReportedError {
  /** Who failed, usually the method name (`images.list`); a new report replaces the old one. */
  key: string
  code: ErrorCode
  message: string
  /** Runs the failed call again; null when there is nothing to retry. */
  retry: (() => void) | null
}

export interface ErrorReporter {
  report(key: string, error: unknown, retry?: () => void): void
  /** Call after a success, so a stale error does not linger. */
  clear(key: string): void
}

const ReporterContext = createContext<ErrorReporter | null>(null)
const ErrorsContext = createContext<readonly ReportedError[]>([])

/** Holds the errors of the whole window; the banner reads them, features report them. */
export function ErrorReporterProvider({ children }: { children: ReactNode }) {
  const [errors, setErrors] = useState<readonly ReportedError[]>([])
  const reporter = useMemo<ErrorReporter>(
    () => ({
      report(key, error, retry) {
        // Anything but an ApiError is a bug here rather than a failed call: keep its stack, and say
        // which call it was (an ApiError's message already does).
        const isApiError = error instanceof ApiError
        if (!isApiError) console.error(`${key} failed`, error)
        const message = isApiError ? errorMessage(error) : `${key} failed: ${errorMessage(error)}`
        const entry: ReportedError = { key, code: errorCode(error), message, retry: retry ?? null }
        setErrors((list) => [...list.filter((e) => e.key !== key), entry])
      },
      clear(key) {
        setErrors((list) => (list.some((e) => e.key === key) ? list.filter((e) => e.key !== key) : list))
      },
    }),
    [],
  )
  return (
    <ReporterContext.Provider value={reporter}>
      <ErrorsContext.Provider value={errors}>{children}</ErrorsContext.Provider>
    </ReporterContext.Provider>
  )
}

/** Stable `report` and `clear` functions (safe in effect dependencies). */
export function useErrorReporter(): ErrorReporter {
  const reporter = useContext(ReporterContext)
  if (!reporter) throw new Error('useErrorReporter() needs an <ErrorReporterProvider> above it')
  return reporter
}

/** The errors currently reported, oldest first. */
export function useReportedErrors(): readonly ReportedError[] {
  return useContext(ErrorsContext)
}
