import Box from '@mui/material/Box'
import IconButton from '@mui/material/IconButton'
import { useEffect, useRef, type ReactNode } from 'react'
import type { ImageLabel, Verdict } from '../../shared/api/index'
import { formatConfidence } from '../app/format'
import { classColour } from '../browse/class-colour'
import { isNegative, labelKey, type LabelGroupKind } from '../browse/label-groups'
import { CheckGlyph, CrossGlyph, SwapGlyph, TrashGlyph } from './glyphs'

/** What the label rows of the image view can do. */
export interface LabelEditing {
  /** The selected row's key (`labelKey`), for y / n and the arrows. */
  selectedKey: string | null
  onSelect: (label: ImageLabel) => void
  onVerdict: (label: ImageLabel, verdict: Verdict) => void
  /** The human verdict on each class of the image, so a machine row shows whether it was accepted or rejected. */
  humanVerdicts: ReadonlyMap<string, 'present' | 'absent'>
}

interface LabelRowProps {
  label: ImageLabel
  kind: LabelGroupKind
  editing: LabelEditing
}

function RowButton({ testId, title, pressed, colour, onClick, children }: { testId: string; title: string; pressed?: boolean; colour: 'success' | 'error' | 'default'; onClick: () => void; children: ReactNode }) {
  return (
    <IconButton
      data-testid={testId}
      title={title}
      aria-label={title}
      aria-pressed={pressed}
      color={colour}
      onClick={(event) => {
        event.stopPropagation()
        onClick()
      }}
      sx={{ p: '3px', bgcolor: pressed ? 'action.selected' : undefined }}
    >
      {children}
    </IconButton>
  )
}

/**
 * One label as a row: machine labels with accept (→ verified present) and reject (→ verified absent),
 * human labels with a flip of the verdict and remove (→ no human label), tuning labels read-only.
 * A click selects the row; labels an edit set carry an "edited" mark.
 */
export function LabelRow({ label, kind, editing }: LabelRowProps) {
  const negative = isNegative(label)
  const selected = editing.selectedKey === labelKey(label)
  const human = editing.humanVerdicts.get(label.code)
  const verdict = (next: Verdict) => () => editing.onVerdict(label, next)
  const ref = useRef<HTMLDivElement>(null)
  // A row selected with ↑/↓ comes into view in the side panel.
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' })
  }, [selected])
  return (
    <Box
      ref={ref}
      data-testid="label-row"
      data-label-code={label.code}
      data-label-source={label.source}
      data-negative={negative ? 'true' : undefined}
      data-edited={label.edited ? 'true' : undefined}
      data-human-verdict={kind === 'machine' ? human : undefined}
      role="option"
      aria-selected={selected}
      title={`${label.code} · ${label.source}${negative ? ' · verified absent' : ''}`}
      onClick={() => editing.onSelect(label)}
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 0.75,
        px: 0.75,
        minHeight: 28,
        borderRadius: 1,
        cursor: 'pointer',
        fontSize: 13,
        bgcolor: selected ? 'action.selected' : undefined,
        '&:hover': { bgcolor: selected ? 'action.selected' : 'action.hover' },
      }}
    >
      <Box component="span" sx={{ width: 8, height: 8, flex: 'none', borderRadius: '2px', bgcolor: negative ? 'transparent' : classColour(label.code), border: negative ? `1px solid ${classColour(label.code)}` : undefined }} />
      <Box component="span" sx={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textDecoration: negative ? 'line-through' : undefined, color: negative ? 'warning.main' : undefined }}>
        {label.name}
        {kind === 'machine' && <Box component="span" sx={{ color: 'text.secondary', ml: 0.75, fontVariantNumeric: 'tabular-nums' }}>{formatConfidence(label.confidence)}</Box>}
      </Box>
      {label.edited && (
        <Box component="span" data-testid="edited-mark" title="Set by an edit" sx={{ fontSize: 10, px: 0.5, borderRadius: 1, border: 1, borderColor: 'warning.main', color: 'warning.main', flex: 'none' }}>
          edited
        </Box>
      )}
      {kind === 'machine' && (
        <>
          <RowButton testId="label-accept" title={`Accept ${label.name}: verified present (y)`} pressed={human === 'present'} colour="success" onClick={verdict('present')}>
            <CheckGlyph />
          </RowButton>
          <RowButton testId="label-reject" title={`Reject ${label.name}: verified absent (n)`} pressed={human === 'absent'} colour="error" onClick={verdict('absent')}>
            <CrossGlyph />
          </RowButton>
        </>
      )}
      {kind === 'human' && (
        <>
          <RowButton testId="label-flip" title={negative ? `Mark ${label.name} present (y)` : `Mark ${label.name} absent (n)`} colour="default" onClick={verdict(negative ? 'present' : 'absent')}>
            <SwapGlyph />
          </RowButton>
          <RowButton testId="label-remove" title={`Remove the human label ${label.name}`} colour="default" onClick={verdict('none')}>
            <TrashGlyph />
          </RowButton>
        </>
      )}
    </Box>
  )
}
