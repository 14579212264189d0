/**
 * Group commit for the delivery ledger. Every caller still waits for its own write to be committed
 * before it goes on (a lane sends its next message only once the previous one is recorded, so a
 * crash can re-send at most the rows in flight — as with one UPDATE per row), but the requests that
 * arrive while a write is in flight are merged into the next one: one round trip and one commit for
 * many messages instead of one each. With `gatherTurn`, the requests of one event-loop turn (a
 * plan's first jobs claiming their rows together) go as one write too, a turn later.
 */
interface Waiter<Req, Res> {
  request: Req;
  resolve: (value: Res) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<Req, Res> {
  private pending: Waiter<Req, Res>[] = [];
  private inFlight = 0;
  private gathering = false;

  /**
   * @param writeBatch writes the requests in one statement and returns one result per request,
   *   in order.
   * @param maxInFlight writes running at once (the first request of a quiet period goes at once).
   * @param maxBatch requests merged into one write at most.
   * @param gatherTurn a write that could go at once waits for the end of this event-loop turn,
   *   so the requests made in the same turn share it.
   */
  constructor(
    private readonly writeBatch: (requests: Req[]) => Promise<Res[]>,
    private readonly maxInFlight = 2,
    private readonly maxBatch = 500,
    private readonly gatherTurn = false,
  ) {}

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (!this.gatherTurn) this.next();
      else if (!this.gathering) {
        this.gathering = true;
        setImmediate(() => {
          this.gathering = false;
          this.next();
        });
      }
    });
  }

  private next(): void {
    if (this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatch);
    this.inFlight++;
    this.writeBatch(batch.map((w) => w.request))
      .then(
        (results) => batch.forEach((w, i) => w.resolve(results[i])),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.inFlight--;
        this.next();
      });
  }
}
