import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { backendNames, type BackendName } from '../../../shared/training/protocol'
import type { BackendChoice } from '../../../shared/api/training'
import { ChoiceField } from './fields'

export type BackendPick = BackendName | 'auto'

interface BackendLineProps {
  choice: BackendChoice | null
  loading: boolean
  error: string | null
  onRefresh: () => void
  pick: BackendPick
  onPick: (pick: BackendPick) => void
}

/** Which backend a run will use and why, the better ones that were skipped (and why), and an override. */
export function BackendLine({ choice, loading, error, onRefresh, pick, onPick }: BackendLineProps) {
  return (
    <Box data-testid="backend-line" data-backend={choice?.name} sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography variant="body2" sx={{ flex: 1 }} data-testid="backend-choice">
          {choice ? (
            <>
              Backend: <b>{choice.name}</b> — {choice.reason}
            </>
          ) : error ? (
            `Backend unknown: ${error}`
          ) : (
            'Probing backends…'
          )}
        </Typography>
        <Button disabled={loading} onClick={onRefresh}>
          Probe again
        </Button>
      </Box>
      {choice && choice.skipped.length > 0 && (
        <Box component="ul" data-testid="backend-skipped" sx={{ m: 0, pl: 2.5, color: 'text.secondary', fontSize: 12 }}>
          {choice.skipped.map((s) => (
            <li key={s.name}>
              {s.name} not used: {s.reason}
            </li>
          ))}
        </Box>
      )}
      <ChoiceField
        label="Run on"
        value={pick}
        choices={['auto', ...backendNames] as const}
        describe={(b) => (b === 'auto' ? `best present${choice ? ` (${choice.name})` : ''}` : b)}
        onChange={onPick}
        testId="backend-pick"
        width={200}
      />
    </Box>
  )
}
