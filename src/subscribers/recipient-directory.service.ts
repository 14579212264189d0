/** RecipientDirectory (the port distribution reads) over the subscriber table. */
import type { Tier } from '../vocabulary/tier.js';
import type { Recipient, RecipientDirectory } from './recipient-directory.js';
import type { Sql } from '../database/sql.js';
import type { Subscriber, SubscriberStore } from './subscriber-store.js';

export class SqlRecipientDirectory implements RecipientDirectory {
  constructor(
    private readonly sql: Sql,
    private readonly store: SubscriberStore,
    private readonly unsubscribeUrl: (subscriberId: string) => string,
    private readonly unsubscribeMailto?: string,
  ) {}

  async listRecipients(query: {
    tier: Tier;
    channel: 'email' | 'telegram';
    afterId?: string;
    limit: number;
  }): Promise<Recipient[]> {
    const limit = Math.max(1, Math.min(1000, Math.floor(query.limit)));
    const page = await this.store.recipientsPage(this.sql, { ...query, limit });
    return page.map((s) => this.toRecipient(s));
  }

  async getRecipient(subscriberId: string): Promise<Recipient | null> {
    const sub = await this.store.get(this.sql, subscriberId);
    return sub ? this.toRecipient(sub) : null;
  }

  private toRecipient(sub: Subscriber): Recipient {
    const emailOk = sub.email !== null && sub.emailStatus === 'verified';
    return {
      subscriberId: sub.id,
      tier: sub.tier,
      email: emailOk
        ? {
            address: sub.email!,
            unsubscribeUrl: this.unsubscribeUrl(sub.id),
            ...(this.unsubscribeMailto ? { unsubscribeMailto: this.unsubscribeMailto } : {}),
          }
        : null,
      telegramChatId: sub.telegramChatId,
      preferences: sub.preferences,
    };
  }
}
