import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import IconButton from '@mui/material/IconButton'
import { useErrorReporter, useReportedErrors, type ReportedError } from './error-reporter'

interface ErrorGroup {
  message: string
  errors: ReportedError[]
}

/** Failures with the same message (a server that is down fails every call alike) show once. */
function groupByMessage(errors: readonly ReportedError[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>()
  for (const error of errors) {
    const group = groups.get(error.message)
    if (group) group.errors.push(error)
    else groups.set(error.message, { message: error.message, errors: [error] })
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
      {groupByMessage(errors).map((group) => {
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
