import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { useMemo, useState } from 'react'
import type { RunSummary, TrainingOptions } from '../../../shared/api/training'
import { ApiError } from '../../../shared/errors'
import { useApi } from '../../app/api-context'
import { errorMessage } from '../../app/error-message'
import { useApiValue } from '../../app/use-api-value'
import { BackendLine, type BackendPick } from './backend-line'
import { ChoiceField } from './fields'
import { RunSettings } from './run-settings'
import { buildRunConfig, formFromConfig, formPathOf, mergeErrors, stageOrder, stagePath, validateForm, withRun, withStage, type RunForm } from './run-form'
import { StageSettings } from './stage-settings'

const defaultsName = 'defaults'

interface ServerError {
  path: string | null
  message: string
}

/** The new-run form: a preset, the backend, run settings, a section per stage, and Start. */
export function NewRunPanel({ onStarted, liveRun }: { onStarted: (run: RunSummary) => void; liveRun: boolean }) {
  const options = useApiValue('training.getOptions', (client) => client.call('training.getOptions', {}), [])
  if (!options.value) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ p: 1.5 }}>
        {options.error ? `The training options did not load: ${options.error}` : 'Loading the training options…'}
      </Typography>
    )
  }
  return <NewRunForm options={options.value} onStarted={onStarted} liveRun={liveRun} />
}

function NewRunForm({ options, onStarted, liveRun }: { options: TrainingOptions; onStarted: (run: RunSummary) => void; liveRun: boolean }) {
  const client = useApi()
  const [probe, setProbe] = useState(0)
  const backend = useApiValue('training.checkBackend', (c) => c.call('training.checkBackend', { refresh: probe > 0 }), [probe], { banner: false })
  const [preset, setPreset] = useState(defaultsName)
  const [form, setForm] = useState<RunForm>(() => formFromConfig(options.defaults))
  const [pick, setPick] = useState<BackendPick>('auto')
  const [pending, setPending] = useState(false)
  const [serverError, setServerError] = useState<ServerError | null>(null)
  const local = useMemo(() => validateForm(form), [form])
  const errors = mergeErrors(local, serverError)

  const change = (next: RunForm) => {
    setForm(next)
    setServerError(null)
  }
  const choosePreset = (name: string) => {
    setPreset(name)
    const config = name === defaultsName ? options.defaults : options.presets.find((p) => p.name === name)?.config
    if (config) change(formFromConfig(config))
  }
  const start = async () => {
    setPending(true)
    setServerError(null)
    try {
      const run = await client.call('training.start', { config: buildRunConfig(form), backend: pick === 'auto' ? undefined : pick })
      onStarted(run)
    } catch (error) {
      setServerError({ path: formPathOf(error instanceof ApiError ? error.where : undefined), message: errorMessage(error) })
    } finally {
      setPending(false)
    }
  }
  const presetLabel = (name: string) => (name === defaultsName ? 'defaults (tiny run)' : (options.presets.find((p) => p.name === name)?.label ?? name))

  return (
    <Box data-testid="new-run" sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, p: 1.5 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <ChoiceField label="Preset" value={preset} choices={[defaultsName, ...options.presets.map((p) => p.name)]} describe={presetLabel} onChange={choosePreset} testId="preset" width={200} />
        <Box sx={{ flex: 1 }} />
        <Button data-testid="start-run" variant="contained" disabled={pending || local.size > 0} onClick={() => void start()}>
          {liveRun ? 'Start (another run is training)' : 'Start training'}
        </Button>
      </Box>
      {serverError && (
        <Alert severity="error" data-testid="start-error" data-where={serverError.path ?? ''}>
          {serverError.path ? `${serverError.path}: ` : ''}
          {serverError.message}
        </Alert>
      )}
      {local.size > 0 && (
        <Alert severity="warning" data-testid="form-errors">
          {[...local].map(([path, message]) => `${path || 'config'}: ${message}`).join('; ')}
        </Alert>
      )}
      <BackendLine choice={backend.value} loading={backend.loading} error={backend.error} onRefresh={() => setProbe((n) => n + 1)} pick={pick} onPick={setPick} />
      <RunSettings run={form.run} onChange={(c) => change(withRun(form, c))} errors={errors} />
      <Box>
        <Typography variant="caption" color="text.secondary">
          Stages (run in this order; switch one off to leave it out)
        </Typography>
        {stageOrder.map((kind) => (
          <StageSettings
            key={kind}
            kind={kind}
            form={form.stages[kind]}
            onChange={(c) => change(withStage(form, kind, c))}
            path={stagePath(form, kind)}
            errors={errors}
            afterAnother={kind === 'labels' && form.stages.boxes.on}
          />
        ))}
      </Box>
    </Box>
  )
}
