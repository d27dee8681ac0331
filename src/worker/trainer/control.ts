/**
 * Pause, resume, stop and the time budget, as the training loop sees them: it calls `checkpoint()` between
 * steps, which waits while paused and says whether to go on.
 */
export class TrainingControl {
  private paused = false
  private stopped = false
  private wake: (() => void) | null = null
  private readonly startedAt = Date.now()
  private spentBefore = 0
  private trainingEnd: (() => number) | null = null

  constructor(
    private readonly budgetSeconds: number | undefined,
    private readonly onPauseChange: (paused: boolean) => void = () => {},
  ) {}

  pause(): void {
    if (this.paused || this.stopped) return
    this.paused = true
    this.onPauseChange(true)
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.onPauseChange(false)
    this.wake?.()
  }

  stop(): void {
    this.stopped = true
    this.wake?.()
  }

  get elapsedSeconds(): number {
    return (Date.now() - this.startedAt) / 1000
  }

  /** A resumed run: the seconds its earlier trainers spent count against the budget. */
  countSpent(seconds: number): void {
    this.spentBefore = seconds
  }

  /** A planned run ends training earlier than the budget (time kept for predicting): at this clock reading. */
  endTrainingAt(end: () => number): void {
    this.trainingEnd = end
  }

  get overBudget(): boolean {
    if (this.trainingEnd !== null && this.elapsedSeconds >= this.trainingEnd()) return true
    return this.budgetSeconds !== undefined && this.spentBefore + this.elapsedSeconds >= this.budgetSeconds
  }

  /** Why the run must end now, if it must: a stop command or the time budget. Waits while paused. */
  async shouldEnd(): Promise<'stopped' | 'time-budget' | null> {
    while (this.paused && !this.stopped) await new Promise<void>((resolve) => (this.wake = resolve))
    this.wake = null
    if (this.stopped) return 'stopped'
    if (this.overBudget) return 'time-budget'
    return null
  }
}
