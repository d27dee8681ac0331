import '../app/thread-pool'
import { Command } from 'commander'
import { ApiError } from '../../shared/errors'
import { registerEvaluateCommand } from './evaluate-command'
import { registerExportCommand } from './export-command'
import { registerIndexCommand } from './index-command'
import { registerInfoCommand } from './info-command'
import { registerKaggleCommand } from './kaggle-command'
import { registerOpenCommand } from './open-command'
import { registerPredictCommand } from './predict-command'
import { registerServeCommand } from './serve-command'
import { registerTrainCommand } from './train-command'
import { registerValidateCommand } from './validate-command'

/** `oiw`: the command line. Every command has --help; those that report results take --json. */
export function buildCli(): Command {
  const program = new Command('oiw')
    .description('Open Images Workbench: index, browse, explore, annotate and train on Open Images–format datasets')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError()
  registerServeCommand(program)
  registerOpenCommand(program)
  registerInfoCommand(program)
  registerIndexCommand(program)
  registerEvaluateCommand(program)
  registerValidateCommand(program)
  registerExportCommand(program)
  registerTrainCommand(program)
  registerPredictCommand(program)
  registerKaggleCommand(program)
  return program
}

// `oiw … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`oiw: ${message}\n`)
    // --json promised one JSON object on stdout: a failed run prints its error as one.
    if (process.argv.includes('--json')) {
      const payload = error instanceof ApiError ? error.toPayload() : { code: 'internal', message }
      process.stdout.write(`${JSON.stringify({ error: payload })}\n`)
    }
    process.exit(1)
  })
