import type { Tier } from '../../src/vocabulary/tier.js';
import type {
  DeliveryChannel,
  Recipient,
  RecipientDirectory,
} from '../../src/subscribers/recipient-directory.js';

/** A PostgreSQL-free RecipientDirectory for distribution tests and benches. */
export class InMemoryRecipientDirectory implements RecipientDirectory {
  private readonly byId = new Map<string, Recipient>();

  constructor(recipients: Recipient[] = []) {
    for (const r of recipients) this.byId.set(r.subscriberId, r);
  }

  add(r: Recipient): void {
    this.byId.set(r.subscriberId, r);
  }

  async listRecipients(query: {
    tier: Tier;
    channel: 'email' | 'telegram';
    afterId?: string;
    limit: number;
  }): Promise<Recipient[]> {
    return [...this.byId.values()]
      .filter((r) => r.tier === query.tier)
      .filter((r) => (query.channel === 'email' ? r.email !== null : r.telegramChatId !== null))
      .filter((r) => query.afterId === undefined || r.subscriberId > query.afterId)
      .sort((a, b) => (a.subscriberId < b.subscriberId ? -1 : 1))
      .slice(0, query.limit);
  }

  async getRecipient(subscriberId: string): Promise<Recipient | null> {
    return this.byId.get(subscriberId) ?? null;
  }
}

/**
 * `count` recipients of one tier, ids `${prefix}-000001`…, each with an email address
 * `${prefix}-000001@example.test` and, when `telegram`, a chat id.
 */
export function makeRecipients(
  count: number,
  tier: Tier,
  options: {
    prefix?: string;
    telegram?: boolean;
    email?: boolean;
    channels?: DeliveryChannel[];
  } = {},
): Recipient[] {
  const prefix = options.prefix ?? tier;
  const out: Recipient[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `${prefix}-${String(i).padStart(6, '0')}`;
    out.push({
      subscriberId: id,
      tier,
      email:
        options.email === false
          ? null
          : { address: `${id}@example.test`, unsubscribeUrl: `https://gammadesk.test/u/${id}` },
      telegramChatId: options.telegram
        ? String(900_000_000 + i + (tier === 'premium' ? 0 : tier === 'basic' ? 100_000 : 200_000))
        : null,
      preferences: {
        symbols: null,
        strategies: null,
        quietHours: null,
        channels: options.channels ?? ['email', 'telegram', 'discord'],
        emailMode: 'instant',
      },
    });
  }
  return out;
}
