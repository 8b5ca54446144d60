/**
 * Runs `pass` every `intervalMs` between start() and stop(), never two at once: a pass still running when
 * the next is due (or when runOnce() is called) is not overlapped, and that call answers `skipped`.
 */
export class RepeatingPass<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly skipped: T,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
  }

  /** Stops the timer and waits for a pass under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  runOnce(): Promise<T> {
    if (this.running) return Promise.resolve(this.skipped);
    this.running = this.pass().finally(() => (this.running = undefined));
    return this.running;
  }
}
