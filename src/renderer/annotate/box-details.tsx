import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import ToggleButton from '@mui/material/ToggleButton'
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup'
import Typography from '@mui/material/Typography'
import { boxFlagNames } from '../../shared/api/annotate'
import type { BoxPatch, ImageBox } from '../../shared/api/index'
import { boxFlags } from '../browse/view/box-flags'
import { ClassPicker, type ClassChoice } from './class-picker'
import { TrashGlyph } from './glyphs'

interface BoxDetailsProps {
  box: ImageBox
  onChange: (patch: BoxPatch, what: string) => void
  onClass: (choice: ClassChoice) => void
  onDelete: () => void
}

const flagValues = [
  { value: 1, text: 'yes' },
  { value: 0, text: 'no' },
  { value: -1, text: '?' },
] as const

/**
 * The selected box: its class (changeable), its five flags (yes / no / unknown each) and Delete. It
 * moves and resizes on the image itself.
 */
export function BoxDetails({ box, onChange, onClass, onDelete }: BoxDetailsProps) {
  return (
    <Box data-testid="box-details" data-box-id={box.boxId} sx={{ display: 'flex', flexDirection: 'column', gap: 1, p: 1, mb: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Typography variant="overline" color="text.secondary" sx={{ lineHeight: 1.5 }}>
        Selected box · {box.source}
        {box.edited ? ' · edited' : ''}
      </Typography>
      <ClassPicker testId="box-class" label="Class" value={{ code: box.code, name: box.name }} onChange={(choice) => choice && choice.code !== box.code && onClass(choice)} width="100%" />
      <Box sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', alignItems: 'center', columnGap: 1, rowGap: 0.5 }}>
        {boxFlagNames.map((key) => {
          const flag = boxFlags.find((f) => f.key === key)!
          return [
            <Typography key={`${key}-name`} variant="body2" color="text.secondary">
              {flag.name}
            </Typography>,
            <ToggleButtonGroup
              key={key}
              data-testid={`box-flag-${key}`}
              size="small"
              exclusive
              value={box[key]}
              onChange={(_event, value: number | null) => {
                if (value === 1 || value === 0 || value === -1) onChange({ [key]: value }, `Set ${flag.name} to ${flagValues.find((f) => f.value === value)!.text} on the ${box.name} box`)
              }}
              sx={{ '& .MuiToggleButton-root': { py: 0, px: 1, fontSize: 12 } }}
            >
              {flagValues.map((option) => (
                <ToggleButton key={option.value} value={option.value} data-flag-value={option.value}>
                  {option.text}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>,
          ]
        })}
      </Box>
      <Button data-testid="box-delete" color="error" variant="outlined" startIcon={<TrashGlyph />} onClick={onDelete} title="Delete the box (Delete)" sx={{ alignSelf: 'flex-start' }}>
        Delete box
      </Button>
    </Box>
  )
}
