/**
 * The worker's side of a job: load the job's open rows, hold the job if it fired before its
 * promise (never early), otherwise send its rows in lanes — each lane claims a row just before its
 * send and records it before the next, so rows are `sending` only while in flight — and queue a
 * retry of the job for the rows that failed transiently.
 */
import type { DistributionEngineDeps } from './distribution-deps.js';
import { engineToWallMs } from '../queue/delay-queue.js';
import { DEFAULT_LANES, leaseEngineMs } from './distribution-deps.js';
import type { DeliveryRow, SentRecord, StoredEvent } from './delivery-records.js';
import type { RowDeliverer } from './deliver-row.js';
import { GroupCommit } from './group-commit.js';
import { InFlightRows } from './in-flight.js';
import { encodeQueueJobId, parseJobKey } from './job-key.js';
import { TierOrder } from './tier-order.js';

interface ClaimRequest {
  ids: string[];
  now: number;
  staleBefore: number;
}

const EVENT_CACHE = 500;
/** Wall ms a lower tier's job waits before looking again whether its Premium rows went out. */
const PREMIUM_POLL_MS = 200;
/**
 * Wall ms a job that is not due yet waits in this process instead of going back to the queue (a
 * queue hop costs more than that in lateness). Jobs are queued to run PRE_FIRE_WALL_MS ahead.
 */
const WAIT_HERE_WALL_MS = 250;
/** Wall ms between attempts to record a sent message. */
const MARK_RETRY_MS = 200;

export class DeliveryWorker {
  private readonly events = new Map<string, StoredEvent>();
  /** Claims and sent marks of all lanes, merged into few statements (see group-commit.ts). */
  private readonly claims: GroupCommit<ClaimRequest, DeliveryRow[]>;
  private readonly marks: GroupCommit<SentRecord, boolean>;
  /** Claimed rows not yet settled; shutdown drains them (distribution-engine.ts stop()). */
  readonly inFlight = new InFlightRows();
  private readonly tierOrder: TierOrder;
  /** Suffixes of this worker's wait and retry job ids (a random start keeps workers apart). */
  private seq = Math.floor(Math.random() * 1e9);

  constructor(
    private readonly deps: DistributionEngineDeps,
    private readonly deliverer: RowDeliverer,
  ) {
    // The claims of one loop turn go as one statement: a plan's first jobs (each broadcast, each
    // lane of the first batch) start together.
    this.claims = new GroupCommit(
      async (requests) => {
        // The earliest lease cut-off of the batch: no request reclaims a row it would not have alone.
        const now = Math.max(...requests.map((r) => r.now));
        const staleBefore = Math.min(...requests.map((r) => r.staleBefore));
        const rows = await deps.store.claim(
          requests.flatMap((r) => r.ids),
          now,
          staleBefore,
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        // A row claimed once goes to one request: two runs of one job (a dispatched run and a queued
        // one, a replayed plan's) asking in the same batch must not both send it.
        const given = new Set<string>();
        return requests.map((r) =>
          r.ids.flatMap((id) => {
            const row = byId.get(id);
            if (!row || given.has(id)) return [];
            given.add(id);
            return [row];
          }),
        );
      },
      2,
      500,
      true,
    );
    // Two writes at a time, not one: a statement retrying on a fresh connection (PostgreSQL
    // dropped its own) must not hold every other lane's mark past the sending lease.
    this.marks = new GroupCommit((records) => deps.store.markSentEach(records));
    this.tierOrder = new TierOrder(deps);
  }

  /**
   * Runs one job. `given.rows` are its rows as the plan just inserted them (not read back);
   * `given.onFirstSend` is told when the job's first message has been sent or failed, or the job
   * ended without one.
   */
  async processJob(
    jobKey: string,
    given: { rows?: DeliveryRow[]; onFirstSend?: () => void } = {},
  ): Promise<void> {
    try {
      await this.runJob(jobKey, given.rows, given.onFirstSend);
    } finally {
      given.onFirstSend?.();
    }
  }

  private async runJob(
    jobKey: string,
    rows: DeliveryRow[] | undefined,
    onFirstSend: (() => void) | undefined,
  ): Promise<void> {
    const key = parseJobKey(jobKey);
    const open = rows ?? (await this.deps.store.openRowsOfJob(jobKey));
    if (open.length === 0) return;
    const gate = await this.tierOrder.gate(
      open[0].eventId,
      key.tier,
      Math.max(...open.map((r) => r.promisedAt)),
    );
    if (gate.kind === 'wait_for_premium') {
      // Premium of this event is still going out: look again shortly (wall time, as a retry).
      await this.deps.queue.add(
        encodeQueueJobId({ kind: 'premium_wait', key, seq: ++this.seq }),
        { jobKey },
        { wallDelayMs: PREMIUM_POLL_MS },
      );
      return;
    }
    if (gate.deferred) await this.deps.store.deferPromise(jobKey, gate.promisedAt);
    const now = this.deps.clock.now();
    const promisedAt = gate.promisedAt;
    if (engineToWallMs(this.deps.clock, promisedAt - now) > WAIT_HERE_WALL_MS) {
      // Never early: hold it until its time on the engine clock.
      this.deps.metrics?.early.inc({ tier: open[0].tier, channel: open[0].channel });
      await this.deps.queue.add(
        encodeQueueJobId({ kind: 'hold', key, at: now }),
        { jobKey },
        { delayMs: promisedAt - now },
      );
      return;
    }
    const event = await this.loadEvent(open[0].eventId);
    // Rows the plan inserted claimed for this run (only given rows: a row read back `sending`
    // belongs to another run until its lease passes).
    const preclaimed = new Set(rows?.filter((r) => r.status === 'sending').map((r) => r.id));
    const { retryWallMs } = await this.sendInLanes(
      open,
      event,
      promisedAt,
      onFirstSend,
      preclaimed,
    );
    if (retryWallMs !== null) {
      // A fresh id each time: a retry that used up no attempt must not collide with this job.
      await this.deps.queue.add(
        encodeQueueJobId({ kind: 'retry', key, seq: ++this.seq }),
        { jobKey },
        { wallDelayMs: retryWallMs },
      );
    }
  }

  /**
   * Sends the rows; the longest retry wait among failed rows (null: none). After a 429 the lanes
   * claim no more rows of this job: the retry takes them all once the platform's wait is over.
   */
  private async sendInLanes(
    open: DeliveryRow[],
    event: StoredEvent,
    promisedAt: number,
    onFirstSend?: () => void,
    preclaimed = new Set<string>(),
  ): Promise<{ retryWallMs: number | null }> {
    const retries: number[] = [];
    let next = 0;
    let rateLimited = false;
    const chunk = Math.max(1, this.deps.settings.claimChunk ?? 1);
    const lane = async () => {
      // Rows stay scheduled until their promise: nothing is claimed ahead of it.
      await this.untilPromise(promisedAt);
      // Shutdown (inFlight.stopping): claim nothing more; see distribution-engine.ts stop().
      while (next < open.length && !rateLimited && !this.inFlight.stopping) {
        const slice = open.slice(next, next + chunk);
        next += slice.length;
        const own = slice.filter((r) => preclaimed.delete(r.id));
        const ids = slice.filter((r) => !own.includes(r)).map((r) => r.id);
        const t = this.deps.clock.now();
        const claimed =
          ids.length === 0
            ? own
            : own.concat(
                await this.claims.submit({
                  ids,
                  now: t,
                  staleBefore:
                    t - leaseEngineMs(this.deps.clock, this.deps.settings.sendingLeaseMs),
                }),
              );
        for (const row of claimed) {
          // Tracked until settled, so shutdown can wait for it or release its row.
          await this.inFlight.run(row.id, async () => {
            const outcome = await this.deliverer.deliver(row, event);
            onFirstSend?.();
            if (outcome.retryWallMs !== null) retries.push(outcome.retryWallMs);
            if (outcome.rateLimited) rateLimited = true;
            if (outcome.sent) await this.recordSent(outcome.sent);
          });
        }
      }
    };
    const lanes = Math.max(
      1,
      Math.min(this.deps.settings.rowConcurrency ?? DEFAULT_LANES, open.length),
    );
    await Promise.all(Array.from({ length: lanes }, lane));
    if (preclaimed.size > 0) {
      // Rows inserted claimed that no lane reached (a 429 or shutdown stopped the lanes): back to
      // scheduled for the retry, or to be released by shutdown.
      if (this.inFlight.stopping) this.inFlight.skip([...preclaimed]);
      else await this.deps.store.release([...preclaimed]);
    }
    return { retryWallMs: retries.length > 0 ? Math.max(...retries) : null };
  }

  /**
   * Never early: the last moments before the promise (the job ran ahead of it to do its reads, or
   * the tier order moved the promise a little) are waited here, not through the queue.
   */
  private async untilPromise(promisedAt: number): Promise<void> {
    const { clock } = this.deps;
    for (let left = promisedAt - clock.now(); left > 0; left = promisedAt - clock.now()) {
      await clock.sleep(left);
    }
  }

  /**
   * The message is out: its record is not given up while the database is briefly away (retried
   * for up to half the sending lease), since a row left `sending` is sent again once the lease
   * runs out.
   */
  private async recordSent(sent: SentRecord): Promise<void> {
    const tries = Math.max(1, Math.floor(this.deps.settings.sendingLeaseMs / 2 / MARK_RETRY_MS));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.marks.submit(sent);
        return;
      } catch (err) {
        if (attempt >= tries) throw err;
        await new Promise((resolve) => setTimeout(resolve, MARK_RETRY_MS));
      }
    }
  }

  /** An event just planned in this process: its jobs need not read it back. */
  remember(event: StoredEvent): void {
    this.events.set(event.id, event);
    if (this.events.size > EVENT_CACHE) this.events.delete(this.events.keys().next().value!);
  }

  private async loadEvent(eventId: string): Promise<StoredEvent> {
    let e = this.events.get(eventId);
    if (!e) {
      const loaded = await this.deps.store.event(eventId);
      if (!loaded) throw new Error(`distribution event ${eventId} not found`);
      e = loaded;
      this.remember(e);
    }
    return e;
  }
}
