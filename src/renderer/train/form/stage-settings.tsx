import Accordion from '@mui/material/Accordion'
import AccordionDetails from '@mui/material/AccordionDetails'
import AccordionSummary from '@mui/material/AccordionSummary'
import Box from '@mui/material/Box'
import FormControlLabel from '@mui/material/FormControlLabel'
import Switch from '@mui/material/Switch'
import Typography from '@mui/material/Typography'
import type { ReactNode } from 'react'
import { augmentationLevels, type StageConfig, type StageKind } from '../../../shared/training/config'
import { samplingSchemes } from '../../../shared/sampling'
import { ChoiceField, NumberField, SizesField } from './fields'
import { OptimizerFields, ScheduleFields, SwitchFields } from './optimizer-fields'
import { errorAt, type FieldErrors, type StageForm } from './run-form'

const stageTitles: Record<StageKind, string> = {
  boxes: 'Stage: pretraining on box crops',
  labels: 'Stage: multi-label fine-tuning',
}

interface StageSettingsProps {
  kind: StageKind
  form: StageForm
  onChange: (change: Partial<StageForm>) => void
  /** Schema path of the stage in the built config, null while it is off. */
  path: string | null
  errors: FieldErrors
  /** Whether an earlier stage runs (the labels stage can start from its backbone). */
  afterAnother: boolean
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Typography variant="caption" color="text.secondary">
        {title}
      </Typography>
      {children}
    </Box>
  )
}

function Row({ children }: { children: ReactNode }) {
  return <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}>{children}</Box>
}

/** One stage's settings in an accordion, with a switch that takes the stage in or out of the run. */
export function StageSettings({ kind, form, onChange, path, errors, afterAnother }: StageSettingsProps) {
  const { stage } = form
  const set = (change: Partial<StageConfig>) => onChange({ stage: { ...stage, ...change } })
  const at = (field: string) => errorAt(errors, path && `${path}.${field}`)
  const testId = `stage-${kind}`
  const hasError = path !== null && [...errors.keys()].some((key) => key.startsWith(`${path}.`) || key === path)
  return (
    <Accordion disableGutters data-testid={testId} data-on={form.on} sx={{ bgcolor: 'background.default' }}>
      <AccordionSummary expandIcon={<Typography color="text.secondary">▾</Typography>} data-testid={`${testId}-summary`}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, width: '100%' }}>
          <Switch
            size="small"
            checked={form.on}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => onChange({ on: e.target.checked })}
            slotProps={{ input: { 'aria-label': `${kind} stage on`, ...{ 'data-testid': `${testId}-on` } } }}
          />
          <Typography variant="body2" sx={{ flex: 1, color: form.on ? 'text.primary' : 'text.disabled' }}>
            {stageTitles[kind]}
          </Typography>
          <Typography variant="caption" color={hasError ? 'error' : 'text.secondary'} noWrap>
            {form.on ? `${stage.epochs} ep · bs ${stage.batchSize} · ${stage.inputSizes.join('/')} px · ${stage.optimizer.name}` : 'off'}
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
        <Group title="Data">
          <Row>
            <NumberField label="Epochs" value={stage.epochs} integer onChange={(epochs) => set({ epochs })} error={at('epochs')} testId={`${testId}-epochs`} width={80} />
            <NumberField label="Batch size" value={stage.batchSize} integer onChange={(batchSize) => set({ batchSize })} error={at('batchSize')} testId={`${testId}-batch-size`} width={90} />
            <SizesField value={stage.inputSizes} onChange={(inputSizes) => set({ inputSizes })} error={at('inputSizes') ?? at('inputSizes.0')} testId={`${testId}-input-sizes`} />
            <NumberField label="Samples / epoch" value={stage.samplesPerEpoch} optional integer onChange={(samplesPerEpoch) => set({ samplesPerEpoch })} error={at('samplesPerEpoch')} width={120} blank="all" />
          </Row>
          <Row>
            <ChoiceField label="Augmentation" value={stage.augmentation} choices={augmentationLevels} onChange={(augmentation) => set({ augmentation })} testId={`${testId}-augmentation`} width={110} />
            <ChoiceField label="Sampling" value={stage.sampling.scheme} choices={samplingSchemes} onChange={(scheme) => set({ sampling: { ...stage.sampling, scheme } })} testId={`${testId}-sampling`} width={110} />
            {stage.sampling.scheme === 'effective' && (
              <NumberField label="β" value={stage.sampling.beta} onChange={(beta) => set({ sampling: { ...stage.sampling, beta: beta ?? stage.sampling.beta } })} error={at('sampling.beta')} width={90} />
            )}
          </Row>
        </Group>
        {kind === 'labels' && (
          <Group title="Loss (weights of the summed terms)">
            <Row>
              <NumberField label="BCE" value={stage.loss.bce} onChange={(bce) => set({ loss: { ...stage.loss, bce: bce ?? 0 } })} error={at('loss.bce') ?? at('loss')} testId={`${testId}-loss-bce`} width={80} />
              <NumberField label="Focal" value={stage.loss.focal} onChange={(focal) => set({ loss: { ...stage.loss, focal: focal ?? 0 } })} error={at('loss.focal')} width={80} />
              <NumberField label="Focal γ" value={stage.loss.focalGamma} onChange={(g) => set({ loss: { ...stage.loss, focalGamma: g ?? 2 } })} error={at('loss.focalGamma')} width={80} />
              <NumberField label="Soft F2" value={stage.loss.softF2} onChange={(softF2) => set({ loss: { ...stage.loss, softF2: softF2 ?? 0 } })} error={at('loss.softF2')} width={80} />
            </Row>
          </Group>
        )}
        <Group title="Optimizer">
          <OptimizerFields value={stage.optimizer} onChange={(change) => set({ optimizer: { ...stage.optimizer, ...change } })} path={path && `${path}.optimizer`} errors={errors} testId={`${testId}-optimizer`} />
          <SwitchFields form={form} onChange={onChange} path={path} errors={errors} testId={`${testId}-switch`} />
          <ScheduleFields value={stage.schedule} onChange={(change) => set({ schedule: { ...stage.schedule, ...change } })} path={path && `${path}.schedule`} errors={errors} testId={`${testId}-schedule`} />
        </Group>
        {kind === 'labels' && (
          <Group title="Targets">
            <Row>
              <FormControlLabel
                control={<Switch size="small" checked={stage.machineLabels.use} onChange={(e) => set({ machineLabels: { ...stage.machineLabels, use: e.target.checked } })} />}
                label="Machine labels as soft targets"
              />
              {afterAnother && (
                <FormControlLabel
                  control={<Switch size="small" checked={stage.fromPreviousStage} onChange={(e) => set({ fromPreviousStage: e.target.checked })} />}
                  label="Start from the previous stage"
                />
              )}
            </Row>
            {stage.machineLabels.use && (
              <Row>
                <NumberField label="Min. confidence" value={stage.machineLabels.minConfidence} onChange={(c) => set({ machineLabels: { ...stage.machineLabels, minConfidence: c ?? 0.5 } })} error={at('machineLabels.minConfidence')} width={120} />
                <NumberField label="Weight" value={stage.machineLabels.weight} onChange={(w) => set({ machineLabels: { ...stage.machineLabels, weight: w ?? 1 } })} error={at('machineLabels.weight')} width={90} />
              </Row>
            )}
          </Group>
        )}
      </AccordionDetails>
    </Accordion>
  )
}
