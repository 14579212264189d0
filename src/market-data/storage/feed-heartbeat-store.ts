import type { DataSource } from 'typeorm';
import type { Heartbeats } from '../../common/heartbeats.js';

/**
 * Heartbeats per feed (e.g. `market-data:alphavantage:chain:SPY`): in the shared in-memory
 * Heartbeats (what /health and the stale-data lockout read) and in feed_heartbeat, so another
 * process or a restart can see when each feed last delivered. Database writes never throw.
 */
export class FeedHeartbeatStore {
  private tail: Promise<void> = Promise.resolve();
  failures = 0;

  constructor(
    private readonly heartbeats: Heartbeats,
    private readonly dataSource: DataSource | null,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  beat(feed: string, atMs: number, detail: Record<string, unknown> = {}): void {
    this.heartbeats.beat(feed, detail, atMs);
    const ds = this.dataSource;
    if (!ds) return;
    this.tail = this.tail
      .then(async () => {
        await ds.query(
          `INSERT INTO feed_heartbeat (feed, last_beat_at, detail) VALUES ($1, $2, $3)
           ON CONFLICT (feed) DO UPDATE SET last_beat_at = GREATEST(feed_heartbeat.last_beat_at, EXCLUDED.last_beat_at),
             detail = EXCLUDED.detail`,
          [feed, new Date(atMs).toISOString(), JSON.stringify(detail)],
        );
      })
      .catch((err: unknown) => {
        this.failures++;
        this.onError(err);
      });
  }

  async flush(): Promise<void> {
    await this.tail;
  }

  /** Every feed's last beat from the database. */
  async stored(): Promise<{ feed: string; lastBeatAt: Date; detail: Record<string, unknown> }[]> {
    if (!this.dataSource) return [];
    const rows: { feed: string; last_beat_at: Date; detail: Record<string, unknown> }[] =
      await this.dataSource.query(
        `SELECT feed, last_beat_at, detail FROM feed_heartbeat ORDER BY feed`,
      );
    return rows.map((r) => ({ feed: r.feed, lastBeatAt: r.last_beat_at, detail: r.detail }));
  }
}
