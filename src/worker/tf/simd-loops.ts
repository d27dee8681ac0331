import type { WasmBackend } from './wasm-heap'

/*
 * Two per-channel elementwise loops in WebAssembly SIMD (f32x4), run on the wasm backend's own memory, for batch
 * norm's full-size writes (batch-norm-kernels.ts), where V8 manages ~2 ns a value:
 *
 *   affine(src, dst, a, b, nBytes, cBytes)           dst = src·a + b
 *   gradient(dy, x, mu, k1, k2, k3, dx, nBytes, cBytes)  dx = dy·k1 + (x − mu)·k2 + k3
 *   moments, gradientSums                             the per-channel sums, with float64x2 accumulators
 *
 * Pointers are byte offsets into the heap; the per-channel vectors (a, b, mu, k1…) hold C floats, and C must be
 * a multiple of 4. The module (a few hundred bytes) is assembled here and imports the backend's memory.
 */

export interface SimdLoops {
  /** s1[c] += Σ (src − shift), s2[c] += Σ (src − shift)² over rows; s1, s2 float64 [C] */
  moments(src: number, shift: number, s1: number, s2: number, nBytes: number, cBytes: number): void
  /** sDy[c] += Σ dy, sDyX[c] += Σ dy·(x − mu) over rows; sDy, sDyX float64 [C] */
  gradientSums(dy: number, x: number, mu: number, sDy: number, sDyX: number, nBytes: number, cBytes: number): void
  affine(src: number, dst: number, a: number, b: number, nBytes: number, cBytes: number): void
  gradient(dy: number, x: number, mu: number, k1: number, k2: number, k3: number, dx: number, nBytes: number, cBytes: number): void
}

/** The little of the WebAssembly JS API used here (this project's TypeScript libs do not declare it). */
interface WasmMemory {
  buffer: ArrayBufferLike
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: object }
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly

const instances = new WeakMap<WasmMemory, SimdLoops | null>()

/** The loops on this backend's memory, or undefined where its memory is not reachable or SIMD is missing. */
export function simdLoops(backend: WasmBackend): SimdLoops | undefined {
  const module = backend.wasm as unknown as { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } }
  const memory = module.wasmMemory ?? module.asm?.memory
  if (wasmApi === undefined || !(memory instanceof wasmApi.Memory)) return undefined
  let loops = instances.get(memory)
  if (loops === undefined) {
    try {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer
      const instance = new wasmApi.Instance(new wasmApi.Module(assemble(shared)), { env: { memory } })
      loops = instance.exports as unknown as SimdLoops
    } catch {
      loops = null
    }
    instances.set(memory, loops)
  }
  return loops ?? undefined
}

const uleb = (n: number): number[] => {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n = Math.floor(n / 128)
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body]
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))]

const I32 = 0x7f
const get = (i: number) => [0x20, i]
const set = (i: number) => [0x21, i]
const add = [0x6a]
const load = [0xfd, 0x00, 0x04, 0x00]
const store = [0xfd, 0x0b, 0x04, 0x00]
const f32x4Add = [0xfd, 0xe4, 0x01]
const f32x4Sub = [0xfd, 0xe5, 0x01]
const f32x4Mul = [0xfd, 0xe6, 0x01]
const f64x2Add = [0xfd, 0xf0, 0x01]
const f64x2Mul = [0xfd, 0xf2, 0x01]
const promoteLow = [0xfd, 0x5f]
/** v128 on the stack → its lanes 2, 3 in lanes 0, 1 (i8x16.shuffle with itself) */
const highHalf = (v: number) => [...get(v), ...get(v), 0xfd, 0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]
/** acc[addr local + offset] += value (the value's code pushes one f64x2) */
const accumulate = (addr: number, offset: number, value: number[]) => [
  ...get(addr),
  ...get(addr), 0xfd, 0x00, 0x04, offset,
  ...value, ...f64x2Add,
  0xfd, 0x0b, 0x04, offset,
]
/** local p + local q, then v128.load */
const loadAt = (base: number, p: number | null, q: number) => [...get(base), ...(p === null ? [] : [...get(p), ...add]), ...get(q), ...add, ...load]

/** for (p = 0; p < n; p += c) for (q = 0; q < c; q += 16) body — p, q, n, c are locals. */
function rowsLoop(p: number, q: number, n: number, c: number, body: number[]): number[] {
  return [
    ...[0x41, 0x00], ...set(p),
    0x02, 0x40, 0x03, 0x40,
    ...get(p), ...get(n), 0x4f, 0x0d, 0x01,
    ...[0x41, 0x00], ...set(q),
    0x02, 0x40, 0x03, 0x40,
    ...get(q), ...get(c), 0x4f, 0x0d, 0x01,
    ...body,
    ...get(q), 0x41, 0x10, ...add, ...set(q),
    0x0c, 0x00, 0x0b, 0x0b,
    ...get(p), ...get(c), ...add, ...set(p),
    0x0c, 0x00, 0x0b, 0x0b,
  ]
}

function assemble(shared: boolean): Uint8Array {
  // affine: params src 0, dst 1, a 2, b 3, n 4, c 5; locals p 6, q 7
  const affineBody = rowsLoop(6, 7, 4, 5, [
    ...get(1), ...get(6), ...add, ...get(7), ...add,
    ...loadAt(0, 6, 7), ...loadAt(2, null, 7), ...f32x4Mul, ...loadAt(3, null, 7), ...f32x4Add,
    ...store,
  ])
  // gradient: params dy 0, x 1, mu 2, k1 3, k2 4, k3 5, dx 6, n 7, c 8; locals p 9, q 10
  const gradientBody = rowsLoop(9, 10, 7, 8, [
    ...get(6), ...get(9), ...add, ...get(10), ...add,
    ...loadAt(0, 9, 10), ...loadAt(3, null, 10), ...f32x4Mul,
    ...loadAt(1, 9, 10), ...loadAt(2, null, 10), ...f32x4Sub, ...loadAt(4, null, 10), ...f32x4Mul, ...f32x4Add,
    ...loadAt(5, null, 10), ...f32x4Add,
    ...store,
  ])
  // moments: params src 0, shift 1, s1 2, s2 3, n 4, c 5; locals p 6, q 7, a1 8, a2 9 (i32), d 10, lo 11, hi 12 (v128)
  const momentsBody = rowsLoop(6, 7, 4, 5, [
    ...loadAt(0, 6, 7), ...loadAt(1, null, 7), ...f32x4Sub, ...set(10),
    ...get(10), ...promoteLow, ...set(11),
    ...highHalf(10), ...promoteLow, ...set(12),
    ...get(7), ...get(7), ...add, ...set(8),
    ...get(2), ...get(8), ...add, ...set(9),
    ...accumulate(9, 0, get(11)), ...accumulate(9, 16, get(12)),
    ...get(3), ...get(8), ...add, ...set(9),
    ...accumulate(9, 0, [...get(11), ...get(11), ...f64x2Mul]), ...accumulate(9, 16, [...get(12), ...get(12), ...f64x2Mul]),
  ])
  // gradientSums: params dy 0, x 1, mu 2, sDy 3, sDyX 4, n 5, c 6; locals p 7, q 8, a1 9, a2 10 (i32),
  // d 11, glo 12, ghi 13, v 14 (v128)
  const sumsBody = rowsLoop(7, 8, 5, 6, [
    ...loadAt(0, 7, 8), ...set(14),
    ...get(14), ...promoteLow, ...set(12),
    ...highHalf(14), ...promoteLow, ...set(13),
    ...loadAt(1, 7, 8), ...loadAt(2, null, 8), ...f32x4Sub, ...set(11),
    ...get(8), ...get(8), ...add, ...set(9),
    ...get(3), ...get(9), ...add, ...set(10),
    ...accumulate(10, 0, get(12)), ...accumulate(10, 16, get(13)),
    ...get(4), ...get(9), ...add, ...set(10),
    ...accumulate(10, 0, [...get(12), ...get(11), ...promoteLow, ...f64x2Mul]),
    ...accumulate(10, 16, [...get(13), ...highHalf(11), ...promoteLow, ...f64x2Mul]),
  ])
  const code = (body: number[], ints = 2, vectors = 0) => {
    const locals = vectors === 0 ? [[...uleb(ints), I32]] : [[...uleb(ints), I32], [...uleb(vectors), 0x7b]]
    const fn = [...vec(locals), ...body, 0x0b]
    return [...uleb(fn.length), ...fn]
  }
  const memoryLimits = shared ? [0x03, 0x00, ...uleb(65536)] : [0x00, 0x00]
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([
      [0x60, ...vec(Array.from({ length: 6 }, () => [I32])), 0x00],
      [0x60, ...vec(Array.from({ length: 9 }, () => [I32])), 0x00],
      [0x60, ...vec(Array.from({ length: 7 }, () => [I32])), 0x00],
    ])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...memoryLimits]])),
    ...section(3, vec([[0x00], [0x01], [0x00], [0x02]])),
    ...section(7, vec([
      [...name('affine'), 0x00, 0x00],
      [...name('gradient'), 0x00, 0x01],
      [...name('moments'), 0x00, 0x02],
      [...name('gradientSums'), 0x00, 0x03],
    ])),
    ...section(10, vec([code(affineBody), code(gradientBody), code(momentsBody, 4, 3), code(sumsBody, 4, 4)])),
  ]
  return new Uint8Array(bytes)
}
