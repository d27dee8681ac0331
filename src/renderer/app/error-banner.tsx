import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import IconButton from '@mui/material/IconButton'
import { useErrorReporter, useReportedErrors, type ReportedError } from './error-reporter'

interface ErrorGroup {
  /** The message; without the method name when several calls failed alike. */
  message: string
  errors: ReportedError[]
}

/** "images.list: the server cannot be reached" → "the server cannot be reached". */
const withoutMethod = (message: string) => message.replace(/^[\w-]+\.[\w-]+: /, '')

/** Calls that failed for the same reason (a server that is down fails every call alike) show once. */
function groupByCause(errors: readonly ReportedError[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>()
  for (const error of errors) {
    const cause = `${error.code}:${withoutMethod(error.message)}`
    const group = groups.get(cause)
    if (group) group.errors.push(error)
    else groups.set(cause, { message: error.message, errors: [error] })
  }
  for (const group of groups.values()) {
    if (group.errors.length > 1) {
      const text = withoutMethod(group.message)
      group.message = `${text.charAt(0).toUpperCase()}${text.slice(1)} (${group.errors.length} calls failed)`
    }
  }
  return [...groups.values()]
}

function CloseGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <path d="M3 3l8 8M11 3l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  )
}

/** One Alert per distinct failure, each with Retry (runs every failed call of the group) and dismiss. */
export function ErrorBanner() {
  const errors = useReportedErrors()
  const { clear } = useErrorReporter()
  if (errors.length === 0) return null

  return (
    <Box data-testid="error-banner" sx={{ display: 'flex', flexDirection: 'column', gap: 0.5, px: 1, pt: 1 }}>
      {groupByCause(errors).map((group) => {
        const retries = group.errors.flatMap((e) => (e.retry ? [e.retry] : []))
        const dismiss = () => group.errors.forEach((e) => clear(e.key))
        const retry = () => {
          dismiss()
          retries.forEach((run) => run())
        }
        return (
          <Alert
            key={group.message}
            severity="error"
            variant="outlined"
            data-error-code={group.errors[0]?.code}
            action={
              <>
                {retries.length > 0 && (
                  <Button color="inherit" onClick={retry}>
                    Retry
                  </Button>
                )}
                <IconButton color="inherit" aria-label="Dismiss" onClick={dismiss}>
                  <CloseGlyph />
                </IconButton>
              </>
            }
          >
            {group.message}
          </Alert>
        )
      })}
    </Box>
  )
}
