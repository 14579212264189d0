import type { DataSource } from 'typeorm';
import type { AnomalyRecord, AnomalySink } from '../ingest-sinks.js';

/**
 * Whole-payload anomalies (schema changes, malformed bodies, quota bodies) in ingest_anomaly,
 * plus the most recent ones in memory for /health and the admin portal. Never throws.
 */
export class AnomalyLog implements AnomalySink {
  private tail: Promise<void> = Promise.resolve();
  private readonly recentRecords: AnomalyRecord[] = [];
  failures = 0;

  constructor(
    private readonly dataSource: DataSource | null,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly keepRecent = 100,
  ) {}

  record(anomaly: AnomalyRecord): void {
    this.recentRecords.push(anomaly);
    if (this.recentRecords.length > this.keepRecent) this.recentRecords.shift();
    const ds = this.dataSource;
    if (!ds) return;
    this.tail = this.tail
      .then(async () => {
        await ds.query(
          `INSERT INTO ingest_anomaly (source, symbol, at, reason, path, detail)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            anomaly.source,
            anomaly.symbol,
            new Date(anomaly.atMs).toISOString(),
            anomaly.reason,
            anomaly.path,
            JSON.stringify(anomaly.detail),
          ],
        );
      })
      .catch((err: unknown) => {
        this.failures++;
        this.onError(err);
      });
  }

  recent(): readonly AnomalyRecord[] {
    return this.recentRecords;
  }

  async flush(): Promise<void> {
    await this.tail;
  }
}
