/** RecipientDirectory (the port distribution reads) over the subscriber table. */
import type { Tier } from '../vocabulary/tier.js';
import type { Recipient, RecipientDirectory } from './recipient-directory.js';
import type { Sql } from '../database/sql.js';
import type { Subscriber, SubscriberStore } from './subscriber-store.js';
import type { TelegramGroupMembers } from './telegram-group-members.js';

export class SqlRecipientDirectory implements RecipientDirectory {
  constructor(
    private readonly sql: Sql,
    private readonly store: SubscriberStore,
    private readonly unsubscribeUrl: (subscriberId: string) => string,
    private readonly unsubscribeMailto?: string,
    /** Each tier's Telegram group, whose members get no DM of the same message. */
    private readonly telegram?: {
      groups: Partial<Record<Tier, string>>;
      members: TelegramGroupMembers;
    },
  ) {}

  async listRecipients(query: {
    tier: Tier;
    channel: 'email' | 'telegram';
    afterId?: string;
    limit: number;
  }): Promise<Recipient[]> {
    const limit = Math.max(1, Math.min(1000, Math.floor(query.limit)));
    const group = query.channel === 'telegram' ? this.telegram?.groups[query.tier] : undefined;
    if (!group || !this.telegram) {
      const page = await this.store.recipientsPage(this.sql, { ...query, limit });
      return page.map((s) => this.toRecipient(s));
    }
    // Group members are skipped, yet a page stays full unless the table is exhausted (the
    // planner stops at a short page): read on until `limit` are kept.
    const kept: Subscriber[] = [];
    let afterId = query.afterId;
    for (;;) {
      const page = await this.store.recipientsPage(this.sql, { ...query, afterId, limit });
      const members = await this.telegram.members.inGroup(
        this.sql,
        group,
        page.map((s) => s.id),
      );
      for (const s of page) {
        if (!members.has(s.id) || s.preferences.telegramDmInGroup === true) kept.push(s);
      }
      if (page.length < limit || kept.length >= limit) break;
      afterId = page[page.length - 1]!.id;
    }
    return kept.slice(0, limit).map((s) => this.toRecipient(s));
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
