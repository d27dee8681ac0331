import './app/thread-pool'
import { app } from 'electron'
import { startDesktopApp } from './electron/desktop-app'

// The Electron entry: thin. Everything it serves is the same services the headless server runs.
app.enableSandbox()
startDesktopApp().catch((error: unknown) => {
  console.error(error)
  app.exit(1)
})
