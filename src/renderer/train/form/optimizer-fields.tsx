import Box from '@mui/material/Box'
import { optimizerNames, scheduleKinds, type OptimizerConfig, type ScheduleConfig } from '../../../shared/training/config'
import { ChoiceField, NumberField } from './fields'
import { errorAt, type FieldErrors, type StageForm, type SwitchWhen } from './run-form'

interface OptimizerFieldsProps {
  value: OptimizerConfig
  onChange: (change: Partial<OptimizerConfig>) => void
  /** Schema path of the optimizer (`stages.0.optimizer`), null while the stage is off. */
  path: string | null
  errors: FieldErrors
  testId: string
}

/** Name, peak learning rate, weight decay, and momentum (SGD only). */
export function OptimizerFields({ value, onChange, path, errors, testId }: OptimizerFieldsProps) {
  const at = (field: string) => errorAt(errors, path && `${path}.${field}`)
  return (
    <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
      <ChoiceField label="Optimizer" value={value.name} choices={optimizerNames} onChange={(name) => onChange({ name })} testId={`${testId}-name`} width={100} />
      <NumberField label="Learning rate" value={value.lr} onChange={(lr) => onChange({ lr })} error={at('lr')} testId={`${testId}-lr`} width={110} />
      <NumberField label="Weight decay" value={value.weightDecay} onChange={(weightDecay) => onChange({ weightDecay })} error={at('weightDecay')} width={110} />
      {value.name === 'sgd' && (
        <NumberField label="Momentum" value={value.momentum} onChange={(momentum) => onChange({ momentum })} error={at('momentum')} width={90} />
      )}
    </Box>
  )
}

const switchLabels: Record<SwitchWhen, string> = { never: 'never', epoch: 'at epoch', plateau: 'when F2 stalls' }

/** The stage's switch to a second optimizer: at an epoch, or after `patience` epochs without improvement. */
export function SwitchFields({ form, onChange, path, errors, testId }: { form: StageForm; onChange: (change: Partial<StageForm>) => void; path: string | null; errors: FieldErrors; testId: string }) {
  const switchPath = path && `${path}.switch`
  const afterError = errorAt(errors, switchPath && `${switchPath}.${form.switchWhen === 'epoch' ? 'atEpoch' : 'plateauPatience'}`)
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <ChoiceField
          label="Switch optimizer"
          value={form.switchWhen}
          choices={['never', 'epoch', 'plateau'] as const}
          describe={(when) => switchLabels[when]}
          onChange={(switchWhen) => onChange({ switchWhen })}
          testId={`${testId}-when`}
          width={150}
        />
        {form.switchWhen !== 'never' && (
          <NumberField
            label={form.switchWhen === 'epoch' ? 'Epoch' : 'Patience (epochs)'}
            value={form.switchAfter}
            integer
            onChange={(after) => onChange({ switchAfter: after ?? form.switchAfter })}
            error={afterError}
            width={120}
          />
        )}
        {form.switchWhen === 'plateau' && (
          <NumberField label="Min. improvement" value={form.switchMinDelta} onChange={(d) => onChange({ switchMinDelta: d ?? 0 })} error={errorAt(errors, switchPath && `${switchPath}.minDelta`)} width={120} />
        )}
      </Box>
      {form.switchWhen !== 'never' && (
        <OptimizerFields value={form.switchTo} onChange={(change) => onChange({ switchTo: { ...form.switchTo, ...change } })} path={switchPath && `${switchPath}.to`} errors={errors} testId={`${testId}-to`} />
      )}
    </Box>
  )
}

/** Learning-rate schedule: kind, warmup, and the kind's own knobs. */
export function ScheduleFields({ value, onChange, path, errors, testId }: { value: ScheduleConfig; onChange: (change: Partial<ScheduleConfig>) => void; path: string | null; errors: FieldErrors; testId: string }) {
  const at = (field: string) => errorAt(errors, path && `${path}.${field}`)
  return (
    <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
      <ChoiceField label="Schedule" value={value.kind} choices={scheduleKinds} onChange={(kind) => onChange({ kind })} testId={`${testId}-kind`} width={120} />
      <NumberField label="Warmup steps" value={value.warmupSteps} integer onChange={(n) => onChange({ warmupSteps: n ?? 0 })} error={at('warmupSteps')} width={110} />
      {value.kind === 'step' && (
        <>
          <NumberField label="Every (epochs)" value={value.stepEpochs} integer onChange={(n) => onChange({ stepEpochs: n ?? value.stepEpochs })} error={at('stepEpochs')} width={110} />
          <NumberField label="× γ" value={value.gamma} onChange={(n) => onChange({ gamma: n ?? value.gamma })} error={at('gamma')} width={80} />
        </>
      )}
      {(value.kind === 'cosine' || value.kind === 'one-cycle') && (
        <NumberField label="Final lr fraction" value={value.finalFraction} onChange={(n) => onChange({ finalFraction: n ?? 0 })} error={at('finalFraction')} width={120} />
      )}
    </Box>
  )
}
