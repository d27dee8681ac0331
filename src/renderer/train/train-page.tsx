import Box from '@mui/material/Box'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import { useCallback, useState } from 'react'
import type { RunSummary } from '../../shared/api/training'
import { NewRunPanel } from './form/new-run-panel'
import { KagglePanel } from './kaggle/kaggle-panel'
import { LiveView } from './live/live-view'
import { useLiveRun } from './live/use-live-run'
import { RunsSection } from './runs/runs-section'
import { useRuns } from './runs/use-runs'

type Section = 'live' | 'runs' | 'kaggle'

/**
 * Training: the new-run form on the left; on the right the live run (curves, progress, log, pause and stop)
 * or every run (compare, detail, resume, delete), or the one-click Kaggle submission pipeline.
 */
export function TrainPage() {
  const [section, setSection] = useState<Section>('live')
  const live = useLiveRun()
  const { runs, loaded } = useRuns()
  const { follow } = live
  const watch = useCallback(
    (runId: number) => {
      follow(runId)
      setSection('live')
    },
    [follow],
  )
  const started = useCallback((run: RunSummary) => watch(run.id), [watch])
  const training = runs.some((run) => run.live)

  return (
    <Box data-testid="train-page" sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
      <Box sx={{ width: 460, flexShrink: 0, borderRight: 1, borderColor: 'divider', minHeight: 0, overflowY: 'auto' }}>
        <NewRunPanel onStarted={started} liveRun={training} />
      </Box>
      <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
        <Tabs value={section} onChange={(_, next: Section) => setSection(next)} sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 36 }}>
          <Tab value="live" label="Live run" data-testid="train-tab-live" sx={{ minHeight: 36, py: 0 }} />
          <Tab value="runs" label={`Runs${loaded ? ` (${runs.length})` : ''}`} data-testid="train-tab-runs" sx={{ minHeight: 36, py: 0 }} />
          <Tab value="kaggle" label="Kaggle submission" data-testid="train-tab-kaggle" sx={{ minHeight: 36, py: 0 }} />
        </Tabs>
        <Box sx={{ flex: 1, minHeight: 0, overflowY: 'auto', p: 1.5 }}>
          {section === 'live' && <LiveView control={live} runs={runs} />}
          {section === 'runs' && <RunsSection runs={runs} loaded={loaded} onResumed={watch} />}
          {section === 'kaggle' && <KagglePanel training={training} />}
        </Box>
      </Box>
    </Box>
  )
}
