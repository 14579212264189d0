/**
 * Direct rows (email, Telegram DMs) in batches that share one promise: a job goes out at its
 * latest row's promise, so a recipient held by quiet hours must not share a batch with those sent
 * now. Recipients are grouped by promise, each group cut into batches of `batchSize`.
 */
import type { Recipient } from '../subscribers/recipient-directory.js';
import type { Tier } from '../vocabulary/tier.js';
import type { PlannedRow } from './delivery-records.js';
import { quietHoursEnd } from './quiet-hours.js';
import type { TierChannel } from './tier-policy.js';

export interface DirectRecipient {
  recipient: Recipient;
  /** The tier's promise, or the end of the recipient's quiet hours when later. */
  promisedAt: number;
}

/** Quiet hours hold an instant message until they end; they never drop it. */
export function heldUntil(recipient: Recipient, promisedAt: number): DirectRecipient {
  const held = quietHoursEnd(recipient.preferences.quietHours, promisedAt);
  return { recipient, promisedAt: held ?? promisedAt };
}

export function directBatches(
  tier: Tier,
  channel: TierChannel,
  direct: readonly DirectRecipient[],
  batchSize: number,
): PlannedRow[] {
  const byPromise = new Map<number, DirectRecipient[]>();
  for (const d of direct) {
    const group = byPromise.get(d.promisedAt);
    if (group) group.push(d);
    else byPromise.set(d.promisedAt, [d]);
  }
  const rows: PlannedRow[] = [];
  let batch = 0;
  for (const group of byPromise.values()) {
    group.forEach(({ recipient: r, promisedAt }, i) => {
      rows.push({
        tier,
        channel,
        recipient: r.subscriberId,
        address: channel === 'email' ? r.email!.address : r.telegramChatId,
        unsubscribeUrl: channel === 'email' ? r.email!.unsubscribeUrl : null,
        promisedAt,
        batch: batch + Math.floor(i / batchSize),
      });
    });
    batch += Math.ceil(group.length / batchSize);
  }
  return rows;
}
