import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { conv2DBackpropFilterWasm } from '../../../src/worker/tf/conv2d-backprop-filter'
import { backpropFilterByTaps } from '../../../src/worker/tf/conv2d-backprop-filter-taps'
import { backpropInputByPhases } from '../../../src/worker/tf/conv2d-backprop-input-phases'
import { backpropInputByColumns, backpropInputByConv } from '../../../src/worker/tf/conv2d-backprop-input'
import { convGeometry } from '../../../src/worker/tf/conv-geometry'
import { registerWasmGradientKernels } from '../../../src/worker/tf/wasm-kernels'
import type { WasmBackend } from '../../../src/worker/tf/wasm-heap'
import { onBackend, randomValues, relativeError, runKernelValues } from './compare'

type Pad = tf.Conv2DAttrs['pad']
interface Case {
  batch: number
  height: number
  width: number
  kernel: number
  stride: number
  pad: Pad
}

const cases: Case[] = []
for (const kernel of [1, 3, 7]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const batch of [1, 3]) cases.push({ batch, height: batch === 1 ? 7 : 10, width: batch === 1 ? 9 : 8, kernel, stride, pad })
    }
  }
}
cases.push({ batch: 2, height: 9, width: 6, kernel: 3, stride: 2, pad: 1 })
cases.push({ batch: 2, height: 6, width: 7, kernel: 3, stride: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] })
cases.push({ batch: 1, height: 8, width: 11, kernel: 5, stride: 3, pad: [[0, 0], [0, 1], [2, 2], [0, 0]] })
// The stride-phase input gradient and the filter taps on odd sizes, 'same' and numeric padding.
cases.push({ batch: 2, height: 11, width: 13, kernel: 7, stride: 2, pad: 3 })
cases.push({ batch: 2, height: 13, width: 9, kernel: 7, stride: 2, pad: 'same' })
cases.push({ batch: 2, height: 15, width: 11, kernel: 3, stride: 2, pad: 'same' })
cases.push({ batch: 2, height: 9, width: 7, kernel: 1, stride: 2, pad: 0 })
cases.push({ batch: 2, height: 10, width: 9, kernel: 3, stride: 2, pad: [[0, 0], [2, 1], [0, 2], [0, 0]] })

const inChannels = 3
const outChannels = 4

function label(c: Case): string {
  return `k${c.kernel} s${c.stride} pad ${JSON.stringify(c.pad)} batch ${c.batch} ${c.height}×${c.width}`
}

/** The case's tensors' values and the attrs both kernels take. */
function setUp(c: Case, seed: number) {
  const xShape = [c.batch, c.height, c.width, inChannels]
  const filterShape = [c.kernel, c.kernel, inChannels, outChannels]
  const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape, inputShape: xShape }
  const g = convGeometry(xShape, filterShape, attrs)
  const dyShape = [c.batch, g.outHeight, g.outWidth, outChannels]
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1)
  return {
    attrs,
    g,
    x: { values: randomValues(size(xShape), seed), shape: xShape },
    filter: { values: randomValues(size(filterShape), seed + 1), shape: filterShape },
    dy: { values: randomValues(size(dyShape), seed + 2), shape: dyShape },
  }
}

type Data = { values: Float32Array; shape: number[] }
const tensor = (d: Data) => tf.tensor(d.values, d.shape)

/** Calls one of our kernel functions directly on the wasm backend and returns its values. */
function direct(run: (backend: WasmBackend) => tf.TensorInfo): Float32Array {
  const out = tf.engine().makeTensorFromTensorInfo(run(tf.backend() as WasmBackend))
  const values = out.dataSync() as Float32Array
  out.dispose()
  return values
}

describe('wasm Conv2D backprop kernels match the cpu backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm')
    registerWasmGradientKernels()
  })

  cases.forEach((c, index) => {
    it(label(c), async () => {
      const { attrs, g, x, filter, dy } = setUp(c, 100 * index + 1)
      const expected = await onBackend('cpu', () => {
        const inputs = { x: tensor(x), dy: tensor(dy), filter: tensor(filter) }
        const result = {
          filter: runKernelValues('Conv2DBackpropFilter', { x: inputs.x, dy: inputs.dy }, attrs),
          input: runKernelValues('Conv2DBackpropInput', { dy: inputs.dy, filter: inputs.filter }, attrs),
        }
        tf.dispose(Object.values(inputs))
        return result
      })
      expect(tf.getBackend()).toBe('wasm')
      const xt = tensor(x)
      const dyt = tensor(dy)
      const ft = tensor(filter)
      const registered = {
        filter: runKernelValues('Conv2DBackpropFilter', { x: xt, dy: dyt }, attrs),
        input: runKernelValues('Conv2DBackpropInput', { dy: dyt, filter: ft }, attrs),
      }
      const inputArgs = (backend: WasmBackend) => ({ inputs: { dy: dyt, filter: ft }, attrs, backend })
      const ours = {
        filter: direct((backend) => conv2DBackpropFilterWasm({ inputs: { x: xt, dy: dyt }, attrs, backend })),
        grid: direct((backend) => backpropFilterByTaps(xt, dyt, filter.shape, g, backend, { layout: 'grid' })),
        compact: direct((backend) => backpropFilterByTaps(xt, dyt, filter.shape, g, backend, { layout: 'compact' })),
        // One image per group: the batch cut of large layers, summed.
        perImage: direct((backend) => backpropFilterByTaps(xt, dyt, filter.shape, g, backend, { packedBytes: 1 })),
        columns: direct((backend) => backpropInputByColumns(inputArgs(backend), g)),
        phases: direct((backend) => backpropInputByPhases({ dy: dyt, filter: ft }, g, backend)),
        conv: c.stride === 1 ? direct((backend) => backpropInputByConv(inputArgs(backend), g)) : undefined,
      }
      tf.dispose([xt, dyt, ft])
      expect(relativeError(registered.filter, expected.filter)).toBeLessThanOrEqual(1e-4)
      expect(relativeError(registered.input, expected.input)).toBeLessThanOrEqual(1e-4)
      expect(relativeError(ours.filter, expected.filter)).toBeLessThanOrEqual(1e-4)
      expect(relativeError(ours.grid, expected.filter)).toBeLessThanOrEqual(1e-4)
      expect(relativeError(ours.compact, expected.filter)).toBeLessThanOrEqual(1e-4)
      expect(relativeError(ours.perImage, expected.filter)).toBeLessThanOrEqual(1e-4)
      expect(relativeError(ours.columns, expected.input)).toBeLessThanOrEqual(1e-4)
      expect(relativeError(ours.phases, expected.input)).toBeLessThanOrEqual(1e-4)
      if (ours.conv !== undefined) expect(relativeError(ours.conv, expected.input)).toBeLessThanOrEqual(1e-4)
    })
  })

  it('leaves no wasm memory behind', () => {
    const { attrs, x, dy, filter } = setUp(cases[3] as Case, 7)
    const [xt, dyt, ft] = [tensor(x), tensor(dy), tensor(filter)]
    const before = tf.memory().numTensors
    const backend = tf.backend() as WasmBackend
    const dataIds = backend.numDataIds()
    runKernelValues('Conv2DBackpropFilter', { x: xt, dy: dyt }, attrs)
    runKernelValues('Conv2DBackpropInput', { dy: dyt, filter: ft }, attrs)
    expect(backend.numDataIds()).toBe(dataIds)
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([xt, dyt, ft])
  })
})
