import '../../main/app/thread-pool'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { openCatalog } from '../../main/db/connection'
import { augmentationLevels, parseRunConfig, type AugmentationLevel } from '../../shared/training/config'
import { boxSource, labelSource } from '../data/sample-source'
import { loadBoxSamples, loadLabelSamples } from '../data/catalog-samples'
import { measurePipeline } from '../data/measure-pipeline'

/**
 * `node out/main/bench-pipeline.js --workspace W --kind labels --size 128 --seconds 10`: the data pipeline
 * alone (catalog samples → sharp decode, crop, augment, resize → batches), as fast as it goes. One JSON line.
 */
const { values } = parseArgs({
  options: {
    workspace: { type: 'string' },
    kind: { type: 'string', default: 'labels' },
    size: { type: 'string', default: '128' },
    batch: { type: 'string', default: '32' },
    augmentation: { type: 'string', default: 'soft' },
    seconds: { type: 'string', default: '10' },
  },
})

async function main(): Promise<void> {
  if (!values.workspace) throw new Error('--workspace is required')
  const augmentation = values.augmentation as AugmentationLevel
  if (!augmentationLevels.includes(augmentation)) throw new Error(`--augmentation takes ${augmentationLevels.join(', ')}`)
  const db = openCatalog(join(values.workspace, 'catalog.sqlite'), { readonly: true })
  const config = parseRunConfig({ classes: 'all', validationFraction: 0.01, stages: [{ kind: values.kind === 'boxes' ? 'boxes' : 'labels' }] })
  const stage = config.stages[0]!
  const source =
    stage.kind === 'boxes'
      ? (() => {
          const s = loadBoxSamples(db, config, stage)
          return boxSource(s.train, s.classes.length)
        })()
      : labelSource(loadLabelSamples(db, config, stage).train)
  db.close()
  const size = Number(values.size)
  const measure = await measurePipeline(source, { size, batchSize: Number(values.batch), augmentation, seconds: Number(values.seconds) })
  process.stdout.write(`${JSON.stringify({ kind: stage.kind, size, augmentation, samples: source.count, ...measure })}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-pipeline: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
