import '../main/app/thread-pool'
import { parseRunConfig } from '../shared/training/config'
import type { TrainerCommand } from '../shared/training/protocol'
import { connectToParent } from './channel'
import { loadBackend } from './tf/backend'
import { TrainingControl } from './trainer/control'
import { runTraining } from './trainer/run-training'

/**
 * The trainer process: waits for `start`, trains, then exits. Pause, resume and stop arrive at any time;
 * stop ends the run cleanly after the current step (saving its position). The process exits when the run
 * ends or the parent goes away.
 */
const parent = connectToParent()
let control: TrainingControl | null = null

parent.onCommand((command: TrainerCommand) => {
  switch (command.type) {
    case 'start': {
      if (control) return
      const config = parseRunConfig(command.config)
      control = new TrainingControl(config.timeBudgetSeconds, (paused) => parent.send({ type: paused ? 'paused' : 'resumed' }))
      const budgetLeft = command.budgetLeftSeconds !== undefined ? { budgetLeftSeconds: command.budgetLeftSeconds } : {}
      void runTraining({ workspace: command.workspace, runId: command.runId, config, resume: command.resume, ...(command.backend ? { backend: command.backend } : {}), ...budgetLeft }, parent.send, control).finally(() =>
        setTimeout(() => process.exit(0), 50),
      )
      return
    }
    case 'probe':
      void loadBackend(command.backend ? { prefer: command.backend } : {})
        .then((backend) => parent.send({ type: 'ready', backend }))
        .catch((error: unknown) => parent.send({ type: 'error', message: error instanceof Error ? error.message : String(error) }))
        .finally(() => setTimeout(() => process.exit(0), 50))
      return
    case 'pause':
      control?.pause()
      return
    case 'resume':
      control?.resume()
      return
    case 'stop':
      control?.stop()
      return
  }
})

process.on('disconnect', () => control?.stop())
// Ctrl+C in a terminal signals the whole process group: the parent (oiw train, oiw kaggle) decides and sends
// `stop`, so the run ends at its step with its position saved instead of dying mid-step.
process.on('SIGINT', () => {})
