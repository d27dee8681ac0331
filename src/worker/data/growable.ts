/**
 * Append-only typed arrays that double when full: the sample loaders collect millions of rows into
 * them without a JS object per row. Peak memory while growing is 1.5–3× the filled part.
 */
type TypedArray = Uint8Array | Uint32Array | Int32Array | Float32Array

/** One growable column of a typed array kind. */
export class Growable<T extends TypedArray> {
  private data: T
  length = 0

  constructor(
    private readonly make: (capacity: number) => T,
    capacity = 1 << 16,
  ) {
    this.data = make(capacity)
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1)
    this.data[this.length++] = value
  }

  /** Makes room for `extra` more values without growing again. */
  reserve(extra: number): void {
    if (this.length + extra > this.data.length) this.grow(this.length + extra)
  }

  /** The filled part (a view: valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T
  }

  /** The filled part as its own array, trimmed to length. */
  trimmed(): T {
    return this.data.slice(0, this.length) as T
  }

  private grow(minimum: number): void {
    const next = this.make(Math.max(minimum, this.data.length * 2))
    next.set(this.data.subarray(0, this.length))
    this.data = next
  }
}

export const growUint8 = (capacity?: number) => new Growable((n) => new Uint8Array(n), capacity)
export const growUint32 = (capacity?: number) => new Growable((n) => new Uint32Array(n), capacity)
export const growFloat32 = (capacity?: number) => new Growable((n) => new Float32Array(n), capacity)
