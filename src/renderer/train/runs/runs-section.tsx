import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import type { RunSummary } from '../../../shared/api/training'
import { countOf } from '../../app/format'
import { CompareRuns } from './compare-runs'
import { ConfirmDialog, type Confirmation } from './confirm-dialog'
import { RunDetailDialog } from './run-detail-dialog'
import { RunsTable } from './runs-table'
import { useRunActions } from './use-run-actions'

interface RunsSectionProps {
  runs: readonly RunSummary[]
  loaded: boolean
  /** A run was resumed: the live view follows it. */
  onResumed: (runId: number) => void
}

/** The runs table, the comparison charts of the ticked runs, a run's detail, and deleting with a confirmation. */
export function RunsSection({ runs, loaded, onResumed }: RunsSectionProps) {
  const { act, pending } = useRunActions()
  const [compared, setCompared] = useState<number[]>([])
  const [open, setOpen] = useState<number | null>(null)
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null)
  const shownCompared = compared.filter((id) => runs.some((run) => run.id === id))

  const resume = (runId: number) => {
    void act('training.resumeRun', runId).then((ok) => {
      if (!ok) return
      setOpen(null)
      onResumed(runId)
    })
  }
  const askDelete = (run: Pick<RunSummary, 'id' | 'name'>) =>
    setConfirmation({
      title: `Delete run “${run.name}”?`,
      text: 'Its records, epochs, log and every checkpoint are deleted from the workspace. This cannot be undone.',
      action: 'Delete run',
      onConfirm: () =>
        void act('training.deleteRun', run.id).then((ok) => {
          if (!ok) return
          setOpen((current) => (current === run.id ? null : current))
          setCompared((ids) => ids.filter((id) => id !== run.id))
        }),
    })
  const askDeleteCheckpoints = (run: Pick<RunSummary, 'id' | 'name'>) =>
    setConfirmation({
      title: `Delete the checkpoints of “${run.name}”?`,
      text: 'Every checkpoint but each stage’s best is deleted (the run can then only resume from a best checkpoint).',
      action: 'Delete checkpoints',
      onConfirm: () => void act('training.deleteCheckpoints', run.id),
    })

  return (
    <Box data-testid="runs-section" sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Typography variant="caption" color="text.secondary">
        {loaded ? countOf(runs.length, 'run') : 'Loading runs…'} · click a run for its detail; tick runs to compare them
      </Typography>
      <Box sx={{ overflowX: 'auto' }}>
        <RunsTable
          runs={runs}
          compared={new Set(shownCompared)}
          onCompare={(id, on) => setCompared((ids) => (on ? [...ids.filter((x) => x !== id), id] : ids.filter((x) => x !== id)))}
          onOpen={setOpen}
          onResume={resume}
          onDelete={askDelete}
          busy={pending !== null}
        />
      </Box>
      <CompareRuns runIds={shownCompared} runs={runs} />
      <RunDetailDialog
        runId={open}
        onClose={() => setOpen(null)}
        onResume={resume}
        onDelete={(detail) => askDelete(detail.run)}
        onDeleteCheckpoints={(detail) => askDeleteCheckpoints(detail.run)}
        busy={pending !== null}
      />
      <ConfirmDialog confirmation={confirmation} onClose={() => setConfirmation(null)} />
    </Box>
  )
}
