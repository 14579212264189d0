/** The live SnapshotReader: each symbol's latest snapshot from the analytics service. */
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { SnapshotReader } from './report-sources.js';

export class LatestSnapshotReader implements SnapshotReader {
  constructor(private readonly latest: (symbol: string) => Promise<AnalyticsSnapshot | null>) {}

  async latestSnapshots(symbols: readonly string[], asOf: number): Promise<AnalyticsSnapshot[]> {
    const all = await Promise.all(symbols.map((s) => this.latest(s)));
    // A snapshot newer than the report's time (an on-demand rerun of an old report) is not used.
    return all.filter((s): s is AnalyticsSnapshot => s !== null && s.asOf <= asOf);
  }
}
