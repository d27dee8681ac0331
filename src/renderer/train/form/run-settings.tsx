import Box from '@mui/material/Box'
import TextField from '@mui/material/TextField'
import { architectures, budgetUses, classSelections, type BudgetUse, type RunConfig } from '../../../shared/training/config'
import { ChoiceField, NumberField } from './fields'
import { errorAt, type FieldErrors } from './run-form'

const classLabels: Record<(typeof classSelections)[number], string> = {
  trainable: 'trainable (competition)',
  boxable: 'boxable',
  all: 'every labelled class',
}

const budgetUseLabels: Record<BudgetUse, string> = {
  fill: 'fill it (epochs planned from the speed)',
  stop: 'stop at it (the epochs set below)',
}

/** The run-level settings: name, model, classes, validation share, caps, time budget, seed. */
export function RunSettings({ run, onChange, errors }: { run: RunConfig; onChange: (change: Partial<RunConfig>) => void; errors: FieldErrors }) {
  const at = (path: string) => errorAt(errors, path)
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.25 }}>
      <TextField
        label="Run name"
        value={run.name ?? ''}
        placeholder="automatic"
        onChange={(e) => onChange({ name: e.target.value })}
        error={at('name') !== undefined}
        helperText={at('name')}
        slotProps={{ htmlInput: { 'data-testid': 'run-name' } }}
      />
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <ChoiceField label="Model" value={run.model.arch} choices={architectures} onChange={(arch) => onChange({ model: { ...run.model, arch } })} testId="model-arch" width={120} />
        <NumberField
          label="Width"
          value={run.model.width}
          optional
          integer
          onChange={(width) => onChange({ model: { ...run.model, width } })}
          error={at('model.width')}
          testId="model-width"
          width={90}
          blank="model's"
        />
        <ChoiceField label="Classes" value={run.classes} choices={classSelections} describe={(c) => classLabels[c]} onChange={(classes) => onChange({ classes })} testId="run-classes" width={190} />
      </Box>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <NumberField label="Validation share" value={run.validationFraction} onChange={(v) => onChange({ validationFraction: v ?? run.validationFraction })} error={at('validationFraction')} testId="validation-fraction" width={110} />
        <NumberField label="Max. images" value={run.maxImages} optional integer onChange={(maxImages) => onChange({ maxImages })} error={at('maxImages')} testId="max-images" width={100} blank="all" />
        <NumberField
          label="Time budget (s)"
          value={run.timeBudgetSeconds}
          optional
          onChange={(timeBudgetSeconds) => onChange({ timeBudgetSeconds })}
          error={at('timeBudgetSeconds')}
          testId="time-budget"
          width={110}
          blank="none"
        />
        {run.timeBudgetSeconds !== undefined && (
          <ChoiceField
            label="Budget use"
            value={run.budgetUse}
            choices={budgetUses}
            describe={(u) => budgetUseLabels[u]}
            onChange={(budgetUse) => onChange({ budgetUse })}
            testId="budget-use"
            width={230}
          />
        )}
        <NumberField label="Seed" value={run.seed} integer onChange={(seed) => onChange({ seed: seed ?? run.seed })} error={at('seed')} testId="seed" width={70} />
      </Box>
    </Box>
  )
}
