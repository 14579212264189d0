/** Telegram groups and direct messages through telegraf's Telegram client (apiRoot from config). */
import type { Telegram } from 'telegraf';
import { CallGuard, isClientStatus } from '../call-guard.js';
import type { TelegramGroups, TelegramMemberStatus } from '../entitlement-ports.js';

export class TelegrafGroups implements TelegramGroups {
  /** telegraf has no per-call timeout of its own: the breaker gives one. */
  private readonly guard = new CallGuard('telegram', {
    isClientError: isClientStatus,
    timeoutMs: 15_000,
  });

  constructor(
    private readonly telegram: Telegram,
    private readonly now: () => number,
    private readonly inviteTtlMs = 24 * 3_600_000,
  ) {}

  async memberStatus(chatId: string, userId: string): Promise<TelegramMemberStatus> {
    const member = await this.guard.run(() => this.telegram.getChatMember(chatId, Number(userId)));
    return member.status;
  }

  async createSingleUseInvite(chatId: string, name: string): Promise<string> {
    const link = await this.guard.run(() =>
      this.telegram.createChatInviteLink(chatId, {
        member_limit: 1,
        name: name.slice(0, 32),
        expire_date: Math.floor((this.now() + this.inviteTtlMs) / 1000),
      }),
    );
    return link.invite_link;
  }

  async remove(chatId: string, userId: string): Promise<void> {
    await this.guard.run(() => this.telegram.banChatMember(chatId, Number(userId)));
    await this.guard.run(() =>
      this.telegram.unbanChatMember(chatId, Number(userId), { only_if_banned: true }),
    );
  }

  async sendMessage(chatId: string, text: string): Promise<void> {
    await this.guard.run(() =>
      this.telegram.sendMessage(chatId, text, { link_preview_options: { is_disabled: true } }),
    );
  }
}
