/**
 * The rows this worker has claimed and not yet settled (sent and marked, or failed and recorded),
 * so shutdown can stop claiming, wait for the sends in flight, and hand back what did not finish.
 */
export class InFlightRows {
  private draining = false;
  private readonly rows = new Set<string>();
  /** Claimed but never started because shutdown began first. */
  private readonly skipped = new Set<string>();
  /** In flight when the drain's time ran out (their sends are then dropped). */
  private readonly interrupted = new Set<string>();
  private readonly idle = new Set<() => void>();

  /** True once shutdown began: lanes claim nothing more. */
  get stopping(): boolean {
    return this.draining;
  }

  /** Runs one claimed row's delivery; after shutdown began, the row is skipped (to be released). */
  async run(id: string, deliver: () => Promise<void>): Promise<void> {
    if (this.draining) {
      this.skipped.add(id);
      return;
    }
    this.rows.add(id);
    try {
      await deliver();
    } finally {
      this.rows.delete(id);
      if (this.rows.size === 0) for (const resolve of this.idle) resolve();
    }
  }

  /** Claimed rows that will not be started: shutdown releases them with the others. */
  skip(ids: string[]): void {
    for (const id of ids) this.skipped.add(id);
  }

  /** Stops claiming and waits (wall ms, at most `ms`) for the rows in flight to settle. */
  async drain(ms: number): Promise<void> {
    this.draining = true;
    await this.settled(ms);
    for (const id of this.rows) this.interrupted.add(id);
  }

  /** Waits (at most `ms`) until no row is in flight. */
  async settled(ms: number): Promise<void> {
    if (this.rows.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.idle.add(resolve);
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.idle.clear();
  }

  /** Rows interrupted by shutdown (in flight at the drain's deadline, still in flight, or skipped). */
  unfinished(): string[] {
    return [...new Set([...this.interrupted, ...this.rows, ...this.skipped])];
  }
}
