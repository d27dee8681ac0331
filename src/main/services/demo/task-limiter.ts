/**
 * Runs at most `limit` async tasks at once (the demo's JPEG encodes). `add` waits for a free slot, so a
 * producer loop stays bounded; the first failure is rethrown from `add` or `drain`.
 */
export class TaskLimiter {
  private readonly running = new Set<Promise<void>>()
  private failure: { error: unknown } | null = null

  constructor(private readonly limit: number) {}

  /** Starts `task` once fewer than `limit` tasks run. */
  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running)
    this.throwIfFailed()
    const tracked: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error }
      })
      .finally(() => this.running.delete(tracked))
    this.running.add(tracked)
  }

  /** Waits for every started task. */
  async drain(): Promise<void> {
    await Promise.all(this.running)
    this.throwIfFailed()
  }

  /** Waits for every started task, ignoring failures (for clean-up after an error elsewhere). */
  async settled(): Promise<void> {
    await Promise.all(this.running)
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error
  }
}
