/**
 * For the demo: each signal delivered three times over — premium at once, basic +60 s, free
 * +5 min — as the outbox and the ledger record it. `distributionTimeline(app)` reads it from a
 * running app; `formatTimeline` prints it.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';
import { TIERS, type Tier } from '../../vocabulary/tier.js';
import { DistributionService } from '../../distribution/distribution.service.js';

export interface TierDelivery {
  tier: Tier;
  /** Rows of this tier (per channel, per recipient). */
  deliveries: number;
  sent: number;
  /** Rows that are done: sent, or given up (dead letter, blocked). */
  settled: number;
  /** Messages of this tier in the outbox. */
  inOutbox: number;
  channels: string[];
  promisedOffsetMs: number;
  /** First and last sentAt − publishedAt, engine clock; null when nothing is sent yet. */
  firstSentOffsetMs: number | null;
  lastSentOffsetMs: number | null;
  /** max(sentAt − promisedAt): never negative. */
  maxLatenessMs: number | null;
  headline: string | null;
}

export interface SignalTimeline {
  signalId: string;
  publishedAt: string;
  tiers: TierDelivery[];
}

export async function distributionTimelineFrom(
  dataSource: DataSource,
  options: { limit?: number; kind?: 'signal' | 'stop_moved' | 'closed' | 'report' } = {},
): Promise<SignalTimeline[]> {
  const rows: {
    signal_id: string;
    tier: Tier;
    published_at: Date;
    n: string;
    sent: string;
    settled: string;
    outbox: string;
    channels: string[];
    promised_ms: number;
    first_ms: number | null;
    last_ms: number | null;
    late_ms: number | null;
    sample: string | null;
  }[] = await dataSource.query(
    `SELECT d.signal_id, d.tier, min(d.published_at) AS published_at, count(*) AS n,
            count(*) FILTER (WHERE d.status = 'sent') AS sent,
            count(*) FILTER (WHERE d.status IN ('sent', 'dead', 'blocked')) AS settled,
            count(o.id) AS outbox,
            array_agg(DISTINCT d.channel) AS channels,
            extract(epoch FROM min(d.promised_at) - min(d.published_at)) * 1000 AS promised_ms,
            extract(epoch FROM min(d.sent_at) - min(d.published_at)) * 1000 AS first_ms,
            extract(epoch FROM max(d.sent_at) - min(d.published_at)) * 1000 AS last_ms,
            extract(epoch FROM max(d.sent_at - d.promised_at)) * 1000 AS late_ms,
            min(o.subject) AS sample
       FROM delivery d LEFT JOIN outbox_message o ON o.delivery_id = d.id
      WHERE d.signal_id IN (SELECT signal_id FROM distribution_event WHERE kind = $1
                             ORDER BY event_at DESC LIMIT $2)
        AND d.kind = $1
      GROUP BY d.signal_id, d.tier
      ORDER BY min(d.published_at), d.signal_id`,
    [options.kind ?? 'signal', options.limit ?? 20],
  );
  const bySignal = new Map<string, SignalTimeline>();
  for (const r of rows) {
    let t = bySignal.get(r.signal_id);
    if (!t) {
      t = { signalId: r.signal_id, publishedAt: r.published_at.toISOString(), tiers: [] };
      bySignal.set(r.signal_id, t);
    }
    t.tiers.push({
      tier: r.tier,
      deliveries: Number(r.n),
      sent: Number(r.sent),
      settled: Number(r.settled),
      inOutbox: Number(r.outbox),
      channels: [...r.channels].sort(),
      promisedOffsetMs: Number(r.promised_ms),
      firstSentOffsetMs: r.first_ms === null ? null : Number(r.first_ms),
      lastSentOffsetMs: r.last_ms === null ? null : Number(r.last_ms),
      maxLatenessMs: r.late_ms === null ? null : Number(r.late_ms),
      headline: r.sample,
    });
  }
  for (const t of bySignal.values()) {
    t.tiers.sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier));
  }
  return [...bySignal.values()];
}

export async function distributionTimeline(
  app: INestApplicationContext,
  options: { limit?: number } = {},
): Promise<SignalTimeline[]> {
  return distributionTimelineFrom(app.get(DistributionService).dataSource, options);
}

const secs = (ms: number | null) => (ms === null ? '   —   ' : `+${(ms / 1000).toFixed(1)} s`);

export function formatTimeline(timelines: SignalTimeline[]): string {
  const lines: string[] = [];
  for (const t of timelines) {
    const at = DateTime.fromISO(t.publishedAt, { zone: NEW_YORK_ZONE }).toFormat(
      'yyyy-LL-dd HH:mm:ss',
    );
    lines.push(`${t.signalId}  published ${at} ET`);
    for (const d of t.tiers) {
      lines.push(
        `  ${d.tier.padEnd(8)} promised ${secs(d.promisedOffsetMs).padStart(9)}  first sent ${secs(d.firstSentOffsetMs).padStart(9)}` +
          `  ${d.sent}/${d.deliveries} sent, ${d.inOutbox} in outbox  [${d.channels.join(', ')}]` +
          `  max late ${d.maxLatenessMs === null ? '—' : `${d.maxLatenessMs.toFixed(0)} ms`}`,
      );
    }
  }
  return lines.join('\n');
}
