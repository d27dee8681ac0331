import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRunConfig } from '../../../src/shared/training/config'
import { createBatchStream, type Batch, type BatchStreamOptions } from '../../../src/worker/data/batch-stream'
import { loadBoxSamples, loadLabelSamples, targetsOf, type BoxSamples, type LabelSamples } from '../../../src/worker/data/catalog-samples'
import { measurePipeline } from '../../../src/worker/data/measure-pipeline'
import { boxSource, labelSource } from '../../../src/worker/data/sample-source'
import { epochOrder } from '../../../src/worker/data/sampler'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let labels: LabelSamples
let boxes: BoxSamples

beforeAll(async () => {
  fixture = await fixtureWorkspace(32)
  const config = parseRunConfig({ classes: 'all', stages: [{ kind: 'labels' }] })
  labels = loadLabelSamples(fixture.workspace.db, config, config.stages[0]!)
  boxes = loadBoxSamples(fixture.workspace.db, config, config.stages[0]!)
})
afterAll(() => fixture.remove())

async function collect(options: Omit<BatchStreamOptions, 'seed' | 'epoch' | 'augmentation'> & Partial<BatchStreamOptions>): Promise<{ batches: Batch[]; skipped: number; examples: string[] }> {
  const stream = createBatchStream({ seed: 1, epoch: 0, augmentation: 'soft', ...options })
  const batches: Batch[] = []
  for await (const batch of stream) batches.push(batch)
  return { batches, skipped: stream.skipped.count, examples: stream.skipped.examples }
}

describe('createBatchStream', () => {
  it('yields every sample of an epoch once, with sizes only from inputSizes and targets of each sample', async () => {
    const samples = labelSource(labels.train)
    const order = epochOrder(null, samples.count, undefined, 1, 0)
    const { batches } = await collect({ samples, order, batchSize: 5, inputSizes: [24, 40], augmentation: 'none' })
    const seen = batches.flatMap((b) => Array.from(b.sampleIndexes))
    expect(seen).toEqual(Array.from(order))
    expect(batches.map((b) => b.index)).toEqual(batches.map((_, i) => i))
    const sizes = new Set(batches.map((b) => b.size))
    for (const size of sizes) expect([24, 40]).toContain(size)
    for (const b of batches) {
      expect(b.pixels.length).toBe(b.count * b.size * b.size * 3)
      const row = new Float32Array(labels.classes.length)
      b.sampleIndexes.forEach((sample, i) => {
        targetsOf(labels.train, sample, row, 0)
        expect(Array.from(b.targets!.subarray(i * row.length, (i + 1) * row.length))).toEqual(Array.from(row))
      })
    }
  })

  it('cut-mixes labels batches when asked: the same images, some pixels and targets mixed', async () => {
    const samples = labelSource(labels.train)
    const order = epochOrder(null, samples.count, undefined, 1, 0)
    const plain = (await collect({ samples, order, batchSize: 6, inputSizes: [24], augmentation: 'none' })).batches
    const mixed = (await collect({ samples, order, batchSize: 6, inputSizes: [24], augmentation: 'none', cutMix: 1 })).batches
    expect(mixed.map((b) => Array.from(b.sampleIndexes))).toEqual(plain.map((b) => Array.from(b.sampleIndexes)))
    const fractional = mixed.flatMap((b) => Array.from(b.targets!)).filter((t) => t > 0 && t < 1)
    expect(fractional.length).toBeGreaterThan(0)
    expect(plain.flatMap((b) => Array.from(b.targets!)).every((t) => t === 0 || t === 1)).toBe(true)
    expect(mixed.some((b, i) => b.pixels.some((v, j) => v !== plain[i]!.pixels[j]))).toBe(true)
  })

  it('gives box batches class indexes and replays a resumed epoch byte for byte', async () => {
    const samples = boxSource(boxes.train, boxes.classes.length)
    const order = epochOrder(null, samples.count, undefined, 2, 3)
    const options = { samples, order, batchSize: 6, inputSizes: [16, 24, 32], augmentation: 'hard' as const, seed: 2, epoch: 3 }
    const whole = await collect(options)
    const resumed = await collect({ ...options, startBatch: 2 })
    expect(resumed.batches.length).toBe(whole.batches.length - 2)
    resumed.batches.forEach((b, i) => {
      const same = whole.batches[i + 2]!
      expect(b.index).toBe(same.index)
      expect(b.size).toBe(same.size)
      expect(Buffer.from(b.pixels).equals(Buffer.from(same.pixels))).toBe(true)
      expect(Array.from(b.classIndexes!)).toEqual(Array.from(same.classIndexes!))
    })
    for (const b of whole.batches) b.sampleIndexes.forEach((s, i) => expect(b.classIndexes![i]).toBe(boxes.train.classIndexes[s]))
  })

  it('survives a deleted image: its slot takes the next sample and the file is counted', async () => {
    const samples = labelSource(labels.train)
    const order = epochOrder(null, samples.count, undefined, 1, 0)
    const victim = order[3]!
    rmSync(labels.train.images[victim]!.file)
    const { batches, skipped, examples } = await collect({ samples, order, batchSize: 4, inputSizes: [16] })
    expect(skipped).toBe(1)
    expect(examples[0]).toContain(labels.train.images[victim]!.file)
    expect(batches.every((b) => b.count === 4 || b.index === batches.length - 1)).toBe(true)
    const seen = batches.flatMap((b) => Array.from(b.sampleIndexes))
    expect(seen).not.toContain(victim)
    expect(seen[3]).toBe(order[4])
  })

  it('stops when closed', async () => {
    const samples = labelSource(labels.train)
    const stream = createBatchStream({ samples, order: epochOrder(null, samples.count, undefined, 1, 0), batchSize: 2, inputSizes: [16], augmentation: 'none', seed: 1, epoch: 0 })
    expect((await stream.next()).done).toBe(false)
    stream.close()
    expect((await stream.next()).done).toBe(true)
    // closing while a batch is still decoding ends the waiting consumer too
    const busy = createBatchStream({ samples, order: epochOrder(null, samples.count, undefined, 1, 0), batchSize: 16, inputSizes: [64], augmentation: 'hard', seed: 1, epoch: 0, concurrency: 1 })
    const waiting = busy.next()
    busy.close()
    expect((await waiting).done).toBe(true)
    expect(busy.skipped.count).toBe(0)
  })

  it('measures the pipeline’s throughput', async () => {
    const result = await measurePipeline(labelSource(labels.train), { size: 32, batchSize: 8, augmentation: 'soft', batches: 6 })
    expect(result.batches).toBe(6)
    expect(result.imagesPerSecond).toBeGreaterThan(0)
  })
})
