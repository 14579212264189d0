/**
 * Makes Discord roles and Telegram group membership match each subscriber's tier (and their
 * channel preferences): called after every tier change and, for everyone, by the periodic
 * reconciliation. Idempotent: it diffs what the platform says against what the tier wants.
 */
import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { Tier } from '../vocabulary/tier.js';
import type { DiscordRoles, TelegramGroups } from './entitlement-ports.js';
import type { Sql } from '../database/sql.js';
import type { Subscriber, SubscriberStore } from './subscriber-store.js';

export interface EntitlementTargets {
  /** Discord role id per paid tier. */
  discordRoles: Partial<Record<Tier, string>>;
  /** Telegram group chat id per paid tier. */
  telegramGroups: Partial<Record<Tier, string>>;
  /** Don't send a second invite to the same group within this window. */
  inviteCooldownMs: number;
}

export interface SyncResult {
  subscriberId: string;
  actions: string[];
  errors: string[];
}

export interface EntitlementSyncDeps {
  sql: Sql;
  store: SubscriberStore;
  clock: Clock;
  targets: EntitlementTargets;
  discord: DiscordRoles | null;
  telegram: TelegramGroups | null;
}

export class EntitlementSync {
  private readonly log = new Logger('EntitlementSync');

  constructor(private readonly deps: EntitlementSyncDeps) {}

  async sync(subscriberId: string): Promise<SyncResult> {
    const result: SyncResult = { subscriberId, actions: [], errors: [] };
    const sub = await this.deps.store.get(this.deps.sql, subscriberId);
    if (!sub) return result;
    await this.syncDiscord(sub, result).catch((err: unknown) => {
      result.errors.push(`discord: ${message(err)}`);
    });
    await this.syncTelegram(sub, result).catch((err: unknown) => {
      result.errors.push(`telegram: ${message(err)}`);
    });
    if (result.actions.length > 0 || result.errors.length > 0) {
      // Ids and actions only: no email, chat id or user id in logs.
      this.log.log(
        `entitlements of subscriber ${sub.id} (tier ${sub.tier}): ${[...result.actions, ...result.errors].join('; ')}`,
      );
    }
    return result;
  }

  /** Heals every linked subscriber; returns the ones where something changed or failed. */
  async reconcileAll(): Promise<SyncResult[]> {
    const changed: SyncResult[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.deps.store.linkedPage(this.deps.sql, after, 200);
      for (const sub of page) {
        const r = await this.sync(sub.id);
        if (r.actions.length > 0 || r.errors.length > 0) changed.push(r);
      }
      if (page.length < 200) return changed;
      after = page[page.length - 1].id;
    }
  }

  private async syncDiscord(sub: Subscriber, result: SyncResult): Promise<void> {
    if (!this.deps.discord || !sub.discordUserId) return;
    const managed = Object.entries(this.deps.targets.discordRoles) as [Tier, string][];
    if (managed.length === 0) return;
    const roles = await this.deps.discord.memberRoles(sub.discordUserId);
    if (roles === null) {
      result.actions.push('discord: not in the server');
      return;
    }
    const wanted = sub.preferences.channels.includes('discord')
      ? this.deps.targets.discordRoles[sub.tier]
      : undefined;
    for (const [tier, roleId] of managed) {
      const has = roles.includes(roleId);
      if (roleId === wanted && !has) {
        await this.deps.discord.addRole(sub.discordUserId, roleId);
        result.actions.push(`discord: +${tier} role`);
      } else if (roleId !== wanted && has) {
        await this.deps.discord.removeRole(sub.discordUserId, roleId);
        result.actions.push(`discord: -${tier} role`);
      }
    }
  }

  private async syncTelegram(sub: Subscriber, result: SyncResult): Promise<void> {
    if (!this.deps.telegram || !sub.telegramUserId) return;
    const wantsTelegram = sub.preferences.channels.includes('telegram');
    for (const [tier, chatId] of Object.entries(this.deps.targets.telegramGroups) as [
      Tier,
      string,
    ][]) {
      const status = await this.deps.telegram.memberStatus(chatId, sub.telegramUserId);
      const inGroup = status === 'member' || status === 'restricted';
      const shouldBe = wantsTelegram && sub.tier === tier;
      if (shouldBe && !inGroup && status !== 'creator' && status !== 'administrator') {
        const last = await this.deps.store.lastTelegramInviteAt(this.deps.sql, sub.id, chatId);
        if (last !== null && this.deps.clock.now() - last < this.deps.targets.inviteCooldownMs)
          continue;
        if (!sub.telegramChatId) continue;
        const link = await this.deps.telegram.createSingleUseInvite(
          chatId,
          `gd ${tier} ${sub.id.slice(0, 8)}`,
        );
        await this.deps.telegram.sendMessage(
          sub.telegramChatId,
          `Welcome to GammaDesk ${capitalize(tier)}. Join the ${capitalize(tier)} group with this single-use link: ${link}`,
        );
        await this.deps.store.recordTelegramInvite(
          this.deps.sql,
          { subscriberId: sub.id, chatId, tier, inviteLink: link },
          this.deps.clock.now(),
        );
        result.actions.push(`telegram: invited to ${tier} group`);
      } else if (!shouldBe && inGroup) {
        await this.deps.telegram.remove(chatId, sub.telegramUserId);
        result.actions.push(`telegram: removed from ${tier} group`);
      }
    }
  }
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
