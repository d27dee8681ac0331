import type { Theme } from '@mui/material/styles'

/** How an image tile's button looks in the grids (browse, errors): no border, rounded, an outline on hover and focus. */
export function tileButtonStyle(theme: Theme) {
  return {
    position: 'relative',
    padding: 0,
    border: 0,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    cursor: 'pointer',
    background: theme.palette.action.hover,
    color: 'inherit',
    font: 'inherit',
    '&:hover': { outline: `1px solid ${theme.palette.text.secondary}` },
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 1 },
  } as const
}
