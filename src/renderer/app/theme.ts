import { createTheme } from '@mui/material/styles'

const systemFonts = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(',')

/** Monospace stack for image ids and class codes. */
export const monoFont = ['ui-monospace', '"SF Mono"', 'Menlo', 'Consolas', '"Liberation Mono"', 'monospace'].join(',')

/**
 * Dark and dense: a workbench shows many thumbnails and numbers at once, so controls are small and
 * chrome is quiet. System fonts only (the CSP allows no remote fonts).
 */
export const theme = createTheme({
  palette: {
    mode: 'dark',
    primary: { main: '#5aa9ff' },
    secondary: { main: '#c792ea' },
    background: { default: '#111315', paper: '#191c20' },
    divider: 'rgba(255, 255, 255, 0.1)',
  },
  shape: { borderRadius: 4 },
  spacing: 6,
  typography: {
    fontFamily: systemFonts,
    fontSize: 13,
    button: { textTransform: 'none', fontWeight: 500 },
  },
  components: {
    MuiCssBaseline: {
      styleOverrides: {
        'html, body, #root': { height: '100%' },
        // The grid scrolls inside its own container; the page itself never does.
        body: { overflow: 'hidden' },
      },
    },
    MuiAppBar: { defaultProps: { elevation: 0, color: 'default', position: 'static' } },
    MuiToolbar: { defaultProps: { variant: 'dense' } },
    MuiButton: { defaultProps: { size: 'small' } },
    MuiIconButton: { defaultProps: { size: 'small' } },
    MuiChip: { defaultProps: { size: 'small' } },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiAutocomplete: { defaultProps: { size: 'small' } },
    MuiTooltip: { defaultProps: { disableInteractive: true } },
  },
})
