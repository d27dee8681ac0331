import CssBaseline from '@mui/material/CssBaseline'
import { ThemeProvider } from '@mui/material/styles'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { pickClient } from './api/pick-client'
import { ApiProvider } from './app/api-context'
import { App } from './app/app'
import { theme } from './app/theme'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

// Chosen once: the preload bridge in Electron, HTTP + WebSocket in a browser.
const client = pickClient()

createRoot(container).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <ApiProvider client={client}>
        <App />
      </ApiProvider>
    </ThemeProvider>
  </StrictMode>,
)
