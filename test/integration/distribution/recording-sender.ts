import type { Clock } from '../../../src/common/clock.js';
import {
  SendError,
  type ChannelSender,
  type OutgoingMessage,
  type SendResult,
} from '../../../src/distribution/channel-sender.js';
import type { DeliveryRow } from '../../../src/distribution/delivery-store.js';

export interface RecordedSend {
  deliveryId: string;
  channel: OutgoingMessage['message']['channel'];
  tier: OutgoingMessage['tier'];
  recipient: string;
  at: number;
  text: string;
}

/**
 * A platform for every channel that records each accepted message with its arrival time on the
 * engine clock; `failNext` makes it refuse the next sends (a 429 with retry-after, or a 500).
 */
export class RecordingSender implements ChannelSender {
  readonly via = 'outbox' as const;
  readonly sends: RecordedSend[] = [];
  readonly refusals: { deliveryId: string; kind: SendError['kind'] }[] = [];
  private failures: { kind: SendError['kind']; retryAfterMs?: number; left: number }[] = [];
  private next = 1;

  constructor(private readonly clock: Clock) {}

  failNext(times: number, kind: SendError['kind'], retryAfterMs?: number): void {
    this.failures.push({ kind, retryAfterMs, left: times });
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    await Promise.resolve();
    const failure = this.failures.find((f) => f.left > 0);
    if (failure) {
      failure.left--;
      this.refusals.push({ deliveryId: msg.deliveryId, kind: failure.kind });
      throw new SendError(failure.kind, `fake ${failure.kind}`, failure.retryAfterMs);
    }
    this.sends.push({
      deliveryId: msg.deliveryId,
      channel: msg.message.channel,
      tier: msg.tier,
      recipient: msg.recipient,
      at: this.clock.now(),
      text: msg.text,
    });
    return { providerMessageId: `rec-${this.next++}` };
  }
}

export interface Tally {
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  early: number;
}

/**
 * Expected / delivered / lost / duplicated / early of what a platform received, against the
 * ledger's rows; `promise` is when a row may arrive at the earliest.
 */
export function tally(
  expected: number,
  rows: DeliveryRow[],
  sends: RecordedSend[],
  promise: (row: DeliveryRow) => number = (r) => r.promisedAt,
): Tally {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const mine = sends.filter((s) => byId.has(s.deliveryId));
  const distinct = new Set(mine.map((s) => s.deliveryId));
  return {
    expected,
    delivered: distinct.size,
    lost: expected - distinct.size,
    duplicated: mine.length - distinct.size,
    early: mine.filter((s) => s.at < promise(byId.get(s.deliveryId)!)).length,
  };
}
