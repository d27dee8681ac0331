import { SingleBar, Presets } from 'cli-progress'
import type { TrainerMessage } from '../../shared/training/protocol'

/**
 * Shows a training run on stderr: a bar per epoch (loss, lr, images/s, ETA) on a terminal, plain lines
 * otherwise (at most one progress line every 5 s); epoch results and the log always as lines.
 */
export function trainingReporter(options: { json: boolean; runId: number }): (message: TrainerMessage) => void {
  const err = (line: string) => process.stderr.write(`${line}\n`)
  const tty = process.stderr.isTTY && !options.json
  const bar = tty ? new SingleBar({ format: '{stage} epoch {epoch} [{bar}] {value}/{total} loss {loss} lr {lr} {speed} img/s ETA {eta_s}s', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : null
  let barEpoch = ''
  let lastLine = 0
  const stopBar = () => {
    if (bar && barEpoch) bar.stop()
    barEpoch = ''
  }
  return (m) => {
    switch (m.type) {
      case 'ready':
        err(`run ${options.runId}: backend ${m.backend.name} (${m.backend.reason})`)
        return
      case 'progress': {
        const fields = { stage: m.stage, epoch: `${m.epoch}/${m.epochs}`, loss: m.loss.toFixed(4), lr: m.lr.toExponential(2), speed: m.imagesPerSecond.toFixed(1), eta_s: m.etaSeconds }
        if (bar) {
          const key = `${m.stageIndex}:${m.epoch}`
          if (key !== barEpoch) {
            stopBar()
            bar.start(m.stepsPerEpoch, m.step, fields)
            barEpoch = key
          }
          bar.update(m.step, fields)
        } else if (!options.json && Date.now() - lastLine > 5000) {
          lastLine = Date.now()
          err(`${m.stage} epoch ${m.epoch}/${m.epochs} step ${m.step}/${m.stepsPerEpoch}: loss ${fields.loss}, lr ${fields.lr}, ${fields.speed} images/s, ETA ${m.etaSeconds} s`)
        }
        return
      }
      case 'log':
        stopBar()
        err(m.text)
        return
      case 'error':
        stopBar()
        err(`error: ${m.message}`)
        return
      case 'done':
        stopBar()
        return
      default:
        return
    }
  }
}
