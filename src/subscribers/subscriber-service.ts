/**
 * Subscriber use cases: sign-up with double opt-in, profile and preferences, one-click
 * unsubscribe, bounces and complaints, account links (Telegram, Discord), export and delete.
 */
import { Logger } from '@nestjs/common';
import { z } from 'zod';
import type { Clock } from '../common/clock.js';
import type { Mailer } from './mailer.js';
import type { PersonalDataEraser } from './personal-data.js';
import { preferencesPatchSchema, readPreferences } from './preferences.js';
import type { RecipientPreferences } from './recipient-directory.js';
import type { SignedTokens } from './signed-tokens.js';
import type { Sql } from '../database/sql.js';
import type { Subscriber, SubscriberStore } from './subscriber-store.js';

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));

const MANAGE_TOKEN_TTL_MS = 30 * 86_400_000;

export type ConfirmOutcome =
  { status: 'confirmed'; subscriberId: string; manageToken: string } | { status: 'used' };

export interface SubscriberServiceOptions {
  publicBaseUrl: string;
  confirmTtlMs: number;
  telegramBotUsername: string;
}

export interface SubscriberServiceDeps {
  sql: Sql & { transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> };
  store: SubscriberStore;
  tokens: SignedTokens;
  mailer: Mailer;
  clock: Clock;
  options: SubscriberServiceOptions;
  /** Called after anything that may change entitlements (links, channel preferences). */
  onEntitlementsMayChange: (subscriberId: string) => Promise<void>;
  /** Erases the subscriber from other modules' rows, in the deletion's transaction. */
  eraser?: PersonalDataEraser;
}

export class SubscriberService {
  private readonly log = new Logger('Subscribers');

  constructor(private readonly deps: SubscriberServiceDeps) {}

  /**
   * Starts a double opt-in. The answer is the same whether the address is new or known, so
   * sign-up cannot be used to learn who subscribes.
   */
  async signUp(input: { email: string; preferences?: unknown }): Promise<void> {
    const email = emailSchema.parse(input.email);
    const patch =
      input.preferences === undefined ? {} : preferencesPatchSchema.parse(input.preferences);
    const now = this.deps.clock.now();
    let sub = await this.deps.store.findBy(this.deps.sql, 'email', email);
    if (!sub) {
      sub = await this.deps.store.create(
        this.deps.sql,
        {
          email,
          emailStatus: 'pending',
          preferences: { ...readPreferences({}), ...patch } as RecipientPreferences,
        },
        now,
      );
      this.log.log(`sign-up: subscriber ${sub.id} created, confirmation sent`);
    } else if (sub.emailStatus === 'verified') {
      return;
    } else if (sub.emailStatus === 'bounced' || sub.emailStatus === 'complained') {
      return; // never mail an address that bounced or complained
    } else if (sub.emailStatus !== 'pending') {
      // Unsubscribed (or created at checkout) and signing up again: opt in afresh.
      await this.deps.store.update(this.deps.sql, sub.id, { emailStatus: 'pending' }, now);
    }
    const confirm = this.deps.tokens.issue('confirm', sub.id, now + this.deps.options.confirmTtlMs);
    await this.deps.mailer.send({
      to: email,
      subject: 'Confirm your GammaDesk subscription',
      text: [
        'Confirm your email address to receive GammaDesk signals:',
        `${this.deps.options.publicBaseUrl}/subscribers/confirm?token=${confirm}`,
        '',
        'If you did not sign up, ignore this message; nothing will be sent.',
      ].join('\n'),
    });
  }

  /**
   * Confirms the address, once: the first use of a link verifies it and returns a profile token
   * (Bearer) for /subscribers/me; a replay answers 'used' and mints nothing. Null when the token
   * is invalid or expired.
   */
  async confirm(token: string): Promise<ConfirmOutcome | null> {
    const now = this.deps.clock.now();
    const id = this.deps.tokens.verify(token, 'confirm', now);
    if (!id) return null;
    if (!(await this.deps.store.markVerified(this.deps.sql, id, now))) {
      return (await this.deps.store.get(this.deps.sql, id)) ? { status: 'used' } : null;
    }
    this.log.log(`subscriber ${id} confirmed their email`);
    const manageToken = await this.manageToken(id);
    return manageToken ? { status: 'confirmed', subscriberId: id, manageToken } : null;
  }

  /** A 30-day profile token signed over the subscriber's current token version. */
  async manageToken(subscriberId: string): Promise<string | null> {
    const sub = await this.deps.store.get(this.deps.sql, subscriberId);
    if (!sub) return null;
    const expires = this.deps.clock.now() + MANAGE_TOKEN_TTL_MS;
    return this.deps.tokens.issue('manage', subscriberId, expires, sub.tokenVersion);
  }

  /** The subscriber a profile token belongs to; null when invalid, expired or revoked. */
  async subscriberFromManageToken(token: string): Promise<string | null> {
    const claimed = this.deps.tokens.subject(token);
    const sub = claimed ? await this.deps.store.get(this.deps.sql, claimed) : null;
    if (!sub) return null;
    return this.deps.tokens.verify(token, 'manage', this.deps.clock.now(), sub.tokenVersion);
  }

  /** Revokes every profile token of the subscriber (log out everywhere). */
  async revokeManageTokens(subscriberId: string): Promise<boolean> {
    const version = await this.deps.store.bumpTokenVersion(
      this.deps.sql,
      subscriberId,
      this.deps.clock.now(),
    );
    if (version !== null) this.log.log(`subscriber ${subscriberId} revoked their profile tokens`);
    return version !== null;
  }

  unsubscribeUrl(subscriberId: string): string {
    return `${this.deps.options.publicBaseUrl}/email/unsubscribe?token=${this.deps.tokens.issue('unsubscribe', subscriberId, null)}`;
  }

  telegramDeepLink(subscriberId: string): string {
    const token = this.deps.tokens.issue(
      'link',
      subscriberId,
      this.deps.clock.now() + 7 * 86_400_000,
    );
    return `https://t.me/${this.deps.options.telegramBotUsername}?start=${token}`;
  }

  discordLinkToken(subscriberId: string): string {
    return this.deps.tokens.issue('link', subscriberId, this.deps.clock.now() + 7 * 86_400_000);
  }

  async findIdByEmail(email: string): Promise<string | null> {
    const sub = await this.deps.store.findBy(this.deps.sql, 'email', emailSchema.parse(email));
    return sub?.id ?? null;
  }

  async profile(subscriberId: string) {
    const sub = await this.deps.store.get(this.deps.sql, subscriberId);
    if (!sub) return null;
    return {
      ...publicView(sub),
      links: {
        telegram: this.telegramDeepLink(sub.id),
        discordLinkCommand: `/link ${this.discordLinkToken(sub.id)}`,
      },
    };
  }

  async updatePreferences(
    subscriberId: string,
    patchInput: unknown,
  ): Promise<RecipientPreferences | null> {
    const patch = preferencesPatchSchema.parse(patchInput);
    const sub = await this.deps.store.get(this.deps.sql, subscriberId);
    if (!sub) return null;
    const next = { ...sub.preferences, ...patch } as RecipientPreferences;
    await this.deps.store.update(
      this.deps.sql,
      subscriberId,
      { preferences: next },
      this.deps.clock.now(),
    );
    if (patch.channels) await this.deps.onEntitlementsMayChange(subscriberId);
    return next;
  }

  /** One-click (RFC 8058) or manual unsubscribe; idempotent. */
  async unsubscribe(token: string): Promise<boolean> {
    const id = this.deps.tokens.verify(token, 'unsubscribe', this.deps.clock.now());
    if (!id) return false;
    const sub = await this.deps.store.get(this.deps.sql, id);
    if (!sub) return true; // already deleted: nothing left to send to
    if (sub.emailStatus === 'verified' || sub.emailStatus === 'pending') {
      await this.deps.store.update(
        this.deps.sql,
        id,
        { emailStatus: 'unsubscribed' },
        this.deps.clock.now(),
      );
      this.log.log(`subscriber ${id} unsubscribed from email`);
    }
    return true;
  }

  /**
   * A bounce or complaint reported by the mail provider. Hard bounces and complaints stop
   * mail at once; three soft bounces count as a hard one.
   */
  async recordEmailEvent(input: {
    email: string;
    type: 'bounce' | 'complaint';
    bounceType?: 'hard' | 'soft';
  }): Promise<'marked' | 'counted' | 'unknown'> {
    const email = emailSchema.parse(input.email);
    const sub = await this.deps.store.findBy(this.deps.sql, 'email', email);
    if (!sub) return 'unknown';
    const now = this.deps.clock.now();
    if (input.type === 'complaint') {
      await this.deps.store.update(this.deps.sql, sub.id, { emailStatus: 'complained' }, now);
      this.log.warn(`subscriber ${sub.id}: spam complaint, email stopped`);
      return 'marked';
    }
    const soft = input.bounceType === 'soft';
    const softBounces = sub.softBounces + (soft ? 1 : 0);
    if (!soft || softBounces >= 3) {
      await this.deps.store.update(
        this.deps.sql,
        sub.id,
        { emailStatus: 'bounced', softBounces },
        now,
      );
      this.log.warn(`subscriber ${sub.id}: address bounced, email stopped`);
      return 'marked';
    }
    await this.deps.store.update(this.deps.sql, sub.id, { softBounces }, now);
    return 'counted';
  }

  /** /start <token> in a private chat with the bot. */
  async linkTelegram(
    token: string,
    chat: { chatId: string; userId: string },
  ): Promise<Subscriber | null> {
    const id = this.deps.tokens.verify(token, 'link', this.deps.clock.now());
    if (!id) return null;
    const now = this.deps.clock.now();
    const linked = await this.deps.sql.transaction(async (tx) => {
      const other = await this.deps.store.findBy(tx, 'telegram_chat_id', chat.chatId);
      if (other && other.id !== id) {
        await this.deps.store.update(
          tx,
          other.id,
          { telegramChatId: null, telegramUserId: null },
          now,
        );
      }
      const sub = await this.deps.store.get(tx, id, true);
      if (!sub) return null;
      await this.deps.store.update(
        tx,
        id,
        { telegramChatId: chat.chatId, telegramUserId: chat.userId },
        now,
      );
      return sub;
    });
    if (linked) {
      this.log.log(`subscriber ${id} linked Telegram`);
      await this.deps.onEntitlementsMayChange(id);
    }
    return linked;
  }

  /** /link <token> from Discord. */
  async linkDiscord(token: string, discordUserId: string): Promise<Subscriber | null> {
    const id = this.deps.tokens.verify(token, 'link', this.deps.clock.now());
    if (!id) return null;
    const now = this.deps.clock.now();
    const linked = await this.deps.sql.transaction(async (tx) => {
      const other = await this.deps.store.findBy(tx, 'discord_user_id', discordUserId);
      if (other && other.id !== id) {
        await this.deps.store.update(tx, other.id, { discordUserId: null }, now);
      }
      const sub = await this.deps.store.get(tx, id, true);
      if (!sub) return null;
      await this.deps.store.update(tx, id, { discordUserId }, now);
      return sub;
    });
    if (linked) {
      this.log.log(`subscriber ${id} linked Discord`);
      await this.deps.onEntitlementsMayChange(id);
    }
    return linked;
  }

  /** Turns a channel off in the preferences (/stop). */
  async stopChannel(subscriberId: string, channel: 'telegram' | 'discord'): Promise<void> {
    const sub = await this.deps.store.get(this.deps.sql, subscriberId);
    if (!sub) return;
    const channels = sub.preferences.channels.filter((c) => c !== channel);
    await this.updatePreferences(subscriberId, { channels });
  }

  async exportData(subscriberId: string) {
    return this.deps.store.exportData(this.deps.sql, subscriberId);
  }

  async deleteData(subscriberId: string): Promise<boolean> {
    const deleted = await this.deps.sql.transaction(async (tx) => {
      if (!(await this.deps.store.delete(tx, subscriberId))) return false;
      await this.deps.eraser?.erase(tx, subscriberId);
      return true;
    });
    if (deleted) this.log.log(`subscriber ${subscriberId} deleted`);
    return deleted;
  }
}

/** What a subscriber sees of their own record. */
export function publicView(sub: Subscriber) {
  return {
    id: sub.id,
    email: sub.email,
    emailStatus: sub.emailStatus,
    tier: sub.tier,
    preferences: sub.preferences,
    tierReason: sub.tierReason,
    telegramLinked: sub.telegramChatId !== null,
    discordLinked: sub.discordUserId !== null,
    comp: sub.comp,
    paused: sub.paused,
  };
}
