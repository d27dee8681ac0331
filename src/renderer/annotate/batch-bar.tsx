import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import LinearProgress from '@mui/material/LinearProgress'
import Paper from '@mui/material/Paper'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import { useApi } from '../app/api-context'
import { countOf } from '../app/format'
import { BatchConfirm } from './batch-confirm'
import { batchActions, batchPartSize, batchText, confirmText, needsConfirmation, progressText, selectionText, type BatchAction } from './batch-edit'
import { batchEdits, batchImageParts } from './batch-images'
import { ClassPicker, type ClassChoice } from './class-picker'
import { useEdits } from './edits-context'
import { selectedCount, type GridSelection } from './grid-selection'

interface BatchBarProps {
  selection: GridSelection
  onClear: () => void
}

interface Running {
  text: string
  sent: number
  count: number
}

/**
 * Appears while grid tiles are selected: how many images a batch changes, a class, and the verdict
 * to set on all of them in one undoable action. A whole filter's images (Select all) are listed and
 * sent in parts as it runs, with progress; more than a thousand images ask first.
 */
export function BatchBar({ selection, onClear }: BatchBarProps) {
  const client = useApi()
  const { setLabelParts, lastClass, rememberClass } = useEdits()
  const [picked, setPicked] = useState<ClassChoice | null>(null)
  const [running, setRunning] = useState<Running | null>(null)
  const [asking, setAsking] = useState<BatchAction | null>(null)
  const choice = picked ?? lastClass
  const count = selectedCount(selection)
  const wholeFilter = selection.kind === 'filter'
  const busy = running !== null

  const apply = async (action: BatchAction) => {
    setAsking(null)
    if (!choice || busy) return
    const target = selection
    setRunning({ text: progressText(action, choice.name, 0, count), sent: 0, count })
    const parts = batchEdits(batchImageParts(client, target, batchPartSize), choice.code, action.verdict)
    const onProgress = (sent: number) => setRunning({ text: progressText(action, choice.name, sent, Math.max(count, sent)), sent, count: Math.max(count, sent) })
    const receipt = await setLabelParts(parts, (sent) => batchText(action, choice.name, sent), { announce: true, onProgress })
    setRunning(null)
    if (receipt) rememberClass(choice)
  }
  const ask = (action: BatchAction) => (needsConfirmation(count) ? setAsking(action) : void apply(action))

  if (count === 0 && !busy) return null
  const question = asking && choice ? { ...confirmText(asking, choice.name, count, wholeFilter), confirm: `${asking.verb} ${countOf(count, 'image')}` } : null
  return (
    <Paper
      data-testid="batch-bar"
      data-count={count}
      data-whole-filter={wholeFilter}
      aria-busy={busy}
      square
      elevation={4}
      sx={{ position: 'relative', display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1, px: 1.5, py: 1, borderTop: 1, borderColor: 'divider' }}
    >
      <Typography data-testid="batch-count" variant="body2" sx={{ fontWeight: 600, minWidth: 90 }}>
        {running ? running.text : selectionText(count, wholeFilter, selection.kind === 'filter' ? selection.except.size : 0)}
      </Typography>
      <ClassPicker testId="batch-class" label="Class" value={choice} onChange={setPicked} width={260} disabled={busy} />
      {batchActions.map((action) => (
        <Button
          key={action.testId}
          data-testid={action.testId}
          variant="outlined"
          color={action.verdict === 'absent' ? 'warning' : action.verdict === 'none' ? 'inherit' : 'primary'}
          disabled={!choice || busy}
          title={action.title}
          onClick={() => ask(action)}
        >
          {action.text}
        </Button>
      ))}
      <Box sx={{ flex: 1 }} />
      <Button data-testid="batch-clear" onClick={onClear} title="Clear the selection (Esc)">
        Clear selection
      </Button>
      {running && (
        <LinearProgress data-testid="batch-progress" variant="determinate" value={running.count > 0 ? (100 * running.sent) / running.count : 0} sx={{ position: 'absolute', top: 0, left: 0, right: 0 }} />
      )}
      <BatchConfirm question={question} onConfirm={() => asking && void apply(asking)} onCancel={() => setAsking(null)} />
    </Paper>
  )
}
