import type {
  ChannelSender,
  OutgoingMessage,
  SendResult,
} from '../../../src/distribution/channel-sender.js';

/** A channel that only counts: how many times each delivery row reached "the platform". */
export class RecordingSender implements ChannelSender {
  readonly via = 'outbox' as const;
  readonly sends = new Map<string, number>();

  async send(msg: OutgoingMessage): Promise<SendResult> {
    this.sends.set(msg.deliveryId, (this.sends.get(msg.deliveryId) ?? 0) + 1);
    return { providerMessageId: `rec-${msg.deliveryId}` };
  }

  /** Rows sent more than once. */
  duplicated(): number {
    return [...this.sends.values()].filter((n) => n > 1).length;
  }
}
