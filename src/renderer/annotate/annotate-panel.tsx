import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import { BoxDetails } from './box-details'
import { DraftBoxCard } from './draft-box-card'
import { useEdits } from './edits-context'
import type { ImageAnnotation } from './use-image-annotation'

/** The image view's annotate buttons in its title bar: draw mode, undo and redo. */
export function AnnotateToolbar({ drawMode, onToggleDraw }: { drawMode: boolean; onToggleDraw: () => void }) {
  const { undo, redo, canUndo, canRedo } = useEdits()
  return (
    <Box sx={{ display: 'flex', gap: 0.5, mr: 1 }}>
      <Button
        data-testid="draw-mode"
        aria-pressed={drawMode}
        variant={drawMode ? 'contained' : 'outlined'}
        onClick={onToggleDraw}
        title="Draw a box: drag on the image (d)"
      >
        Draw box
      </Button>
      <Button data-testid="undo" disabled={!canUndo} onClick={undo} title="Undo this window's last edit (Ctrl+Z)">
        Undo
      </Button>
      <Button data-testid="redo" disabled={!canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z or Ctrl+Y)">
        Redo
      </Button>
    </Box>
  )
}

/** The side panel's annotate cards: the drawn box waiting for its class, and the selected box. */
export function AnnotatePanel({ annotation }: { annotation: ImageAnnotation }) {
  const { rememberClass } = useEdits()
  const { draft, selectedBox } = annotation
  return (
    <>
      {draft && <DraftBoxCard draft={draft} onClass={annotation.setDraftClass} onCreate={annotation.createDraft} onCancel={annotation.cancelDraft} />}
      {selectedBox && !draft && (
        <BoxDetails
          box={selectedBox}
          onChange={annotation.updateSelected}
          onClass={(choice) => {
            rememberClass(choice)
            annotation.updateSelected({ classCode: choice.code }, `Changed the ${selectedBox.name} box to ${choice.name}`)
          }}
          onDelete={annotation.deleteSelected}
        />
      )}
    </>
  )
}
