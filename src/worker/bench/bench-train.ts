import '../../main/app/thread-pool'
import { parseArgs } from 'node:util'
import * as tf from '@tensorflow/tfjs'
import { mulberry32 } from '../../shared/prng'
import { architectures, parseRunConfig, type Architecture } from '../../shared/training/config'
import { backendNames, type BackendName } from '../../shared/training/protocol'
import { createModel } from '../model'
import { loadBackend } from '../tf/backend'
import { createOptimizer } from '../train/optimizers'
import { trainStep } from '../trainer/train-step'
import type { Batch } from '../trainer/stage-data'

/**
 * `node out/main/bench-train.js --backend wasm --arch resnet18 --size 128 --batch 32 --seconds 20`: the
 * trainer's own step (forward, loss, backward, Adam, running stats) on random images, timed after one
 * warm-up step. Prints one JSON line. `npm run bench:train` runs it once per backend and model, in a
 * fresh process each (a backend is chosen once per process). `--threads N` sizes the wasm backend's pool
 * (default: OIW_WASM_THREADS, else the cores).
 */
const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    arch: { type: 'string', default: 'resnet18' },
    width: { type: 'string' },
    size: { type: 'string', default: '128' },
    batch: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '20' },
    'min-steps': { type: 'string', default: '2' },
    classes: { type: 'string', default: '100' },
    profile: { type: 'boolean', default: false },
    threads: { type: 'string' },
  },
})

async function main(): Promise<void> {
  const backendName = values.backend as BackendName
  if (!backendNames.includes(backendName)) throw new Error(`--backend takes ${backendNames.join(', ')}`)
  const arch = values.arch as Architecture
  if (!architectures.includes(arch)) throw new Error(`--arch takes ${architectures.join(', ')}`)
  const size = Number(values.size)
  const batchSize = Number(values.batch)
  const classes = Number(values.classes)
  const backend = await loadBackend({ prefer: backendName, ...(values.threads ? { wasmThreads: Number(values.threads) } : {}) })
  const model = createModel({ arch, ...(values.width ? { width: Number(values.width) } : {}), classes, seed: 1 })
  const stage = parseRunConfig({ stages: [{ kind: 'labels', loss: { bce: 1 } }] }).stages[0]!
  const optimizer = createOptimizer({ name: 'adam', lr: 1e-3, weightDecay: 0, momentum: 0.9, nesterov: false }, model.trainableVariables())
  const random = mulberry32(7)
  const pixels = Uint8Array.from({ length: batchSize * size * size * 3 }, () => Math.floor(random() * 256))
  const targets = Float32Array.from({ length: batchSize * classes }, () => (random() < 0.05 ? 1 : 0))
  const batch: Batch = { index: 0, size, count: batchSize, pixels, targets }
  trainStep(model, optimizer, batch, stage, classes, 1e-3) // warm-up: kernels compiled, buffers allocated
  const kernelMs = new Map<string, number>()
  let steps = 0
  const start = performance.now()
  for (;;) {
    if (values.profile && steps === 0) {
      const profile = await tf.profile(() => {
        trainStep(model, optimizer, batch, stage, classes, 1e-3)
      })
      for (const k of profile.kernels) kernelMs.set(k.name, (kernelMs.get(k.name) ?? 0) + (k.kernelTimeMs as number))
    } else {
      trainStep(model, optimizer, batch, stage, classes, 1e-3)
    }
    steps++
    const seconds = (performance.now() - start) / 1000
    if (seconds >= Number(values.seconds) && steps >= Number(values['min-steps'])) break
  }
  const seconds = (performance.now() - start) / 1000
  const kernels = [...kernelMs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, ms]) => ({ name, ms: Math.round(ms) }))
  process.stdout.write(
    `${JSON.stringify({
      backend: backend.name,
      reason: backend.reason,
      threads: backend.threads,
      arch,
      width: model.width,
      size,
      batch: batchSize,
      steps,
      seconds: Number(seconds.toFixed(3)),
      imagesPerSecond: Number(((steps * batchSize) / seconds).toFixed(2)),
      gflopPerImage: Number(((3 * 2 * model.multiplyAdds(size)) / 1e9).toFixed(3)),
      ...(values.profile ? { kernels } : {}),
    })}\n`,
  )
  model.dispose()
  optimizer.dispose()
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-train: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
