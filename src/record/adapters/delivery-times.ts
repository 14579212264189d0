/**
 * When each tier actually received a signal: the first `sent` delivery of kind `signal` per tier,
 * read by SQL from distribution's delivery ledger (table `delivery`, migration
 * 1763800500000-distribution) and its archive_delivery (rows past the hot days, migration
 * 1765000800000). Read only; distribution's code is not imported.
 */
import type { DataSource } from 'typeorm';
import { msOf, rows } from '../../database/sql.js';
import { isTier } from '../../vocabulary/tier.js';
import type { DeliveryTimeSource, TierDeliveryTimes } from '../record-ports.js';

export class DeliveryLedgerTimes implements DeliveryTimeSource {
  constructor(private readonly ds: DataSource) {}

  async firstSent(signalIds: string[]): Promise<Map<string, TierDeliveryTimes>> {
    const out = new Map<string, TierDeliveryTimes>();
    if (!signalIds.length) return out;
    const found = await rows<{ signal_id: string; tier: string; sent: Date }>(
      this.ds,
      `SELECT signal_id, tier, min(sent_at) AS sent
         FROM (SELECT signal_id, tier, sent_at, kind, status FROM delivery
               UNION ALL SELECT signal_id, tier, sent_at, kind, status FROM archive_delivery) d
        WHERE kind = 'signal' AND status = 'sent' AND sent_at IS NOT NULL AND signal_id = ANY($1)
        GROUP BY signal_id, tier`,
      [signalIds],
    );
    for (const r of found) {
      if (!isTier(r.tier)) continue;
      const times = out.get(r.signal_id) ?? {};
      times[r.tier] = msOf(r.sent)!;
      out.set(r.signal_id, times);
    }
    return out;
  }
}
