/**
 * The Telegram bot (telegraf): /start <token> links a private chat to a subscriber, then the
 * shared commands. Updates arrive through POST /telegram/webhook (see telegram.controller.ts).
 */
import { Logger } from '@nestjs/common';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { BotCommands } from '../bot-commands.js';
import type { SubscriberService } from '../subscriber-service.js';
import type { Sql } from '../../database/sql.js';
import type { SubscriberStore } from '../subscriber-store.js';
import type { TelegramGroupMembers } from '../telegram-group-members.js';

export interface TelegramBotDeps {
  token: string;
  apiRoot: string;
  username: string;
  subscribers: SubscriberService;
  store: SubscriberStore;
  sql: Sql;
  commands: BotCommands;
  /** The tiers' groups, whose joins and leaves the bot records (one copy per subscriber). */
  groups?: { chats: string[]; members: TelegramGroupMembers; now: () => number };
}

export class TelegramBot {
  readonly bot: Telegraf;
  private readonly log = new Logger('TelegramBot');
  private readonly subscribers: SubscriberService;
  private readonly store: SubscriberStore;
  private readonly sql: Sql;
  private readonly commands: BotCommands;

  constructor({ token, apiRoot, username, ...services }: TelegramBotDeps) {
    this.subscribers = services.subscribers;
    this.store = services.store;
    this.sql = services.sql;
    this.commands = services.commands;
    this.bot = new Telegraf(token, { telegram: { apiRoot } });
    // Known up front, so handling an update never needs a getMe round trip.
    this.bot.botInfo = {
      id: Number(token.split(':')[0]) || 0,
      is_bot: true,
      first_name: 'GammaDesk',
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as Telegraf['botInfo'] & object;
    this.bot.start(async (ctx) => {
      if (ctx.chat.type !== 'private') return;
      const payload = ctx.payload.trim();
      if (!payload) {
        await ctx.reply(
          'Open the Telegram link on your GammaDesk account page to link this chat. Send /help for what I can do.',
        );
        return;
      }
      await this.link(ctx.chat.id, ctx.from.id, payload, (t) => ctx.reply(t));
    });
    this.bot.on('text', async (ctx) => {
      const parsed = parseCommand(ctx.message.text, username);
      if (!parsed) return;
      if (ctx.chat.type !== 'private') {
        await ctx.reply(`Send me commands in a private chat: https://t.me/${username}`);
        return;
      }
      if (parsed.name === 'link' && parsed.arg) {
        await this.link(ctx.chat.id, ctx.from.id, parsed.arg, (t) => ctx.reply(t));
        return;
      }
      const sub = await this.store.findBy(this.sql, 'telegram_chat_id', String(ctx.chat.id));
      await ctx.reply(await this.commands.answerAny(parsed.name, parsed.arg, sub, 'telegram'), {
        link_preview_options: { is_disabled: true },
      });
    });
    const groups = services.groups;
    if (groups) {
      const track = async (chatId: number, userId: number, status: string) => {
        if (!groups.chats.includes(String(chatId))) return;
        // A private chat's id is its user's id: the linked chat names the subscriber.
        const sub = await this.store.findBy(this.sql, 'telegram_chat_id', String(userId));
        if (!sub) return;
        await groups.members.record(
          this.sql,
          { subscriberId: sub.id, chatId: String(chatId), status },
          groups.now(),
        );
      };
      this.bot.on('chat_member', async (ctx) => {
        const m = ctx.chatMember.new_chat_member;
        await track(ctx.chat.id, m.user.id, m.status);
      });
      this.bot.on('new_chat_members', async (ctx) => {
        for (const u of ctx.message.new_chat_members) await track(ctx.chat.id, u.id, 'member');
      });
      this.bot.on('left_chat_member', async (ctx) => {
        await track(ctx.chat.id, ctx.message.left_chat_member.id, 'left');
      });
    }
    this.bot.catch((err) => {
      this.log.error(`update failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private async link(
    chatId: number,
    userId: number,
    token: string,
    reply: (text: string) => Promise<unknown>,
  ): Promise<void> {
    const sub = await this.subscribers.linkTelegram(token.trim(), {
      chatId: String(chatId),
      userId: String(userId),
    });
    await reply(
      sub
        ? 'Linked. This chat now receives your GammaDesk signals. Send /help for what I can do.'
        : 'That link is invalid or expired. Open a fresh one from your GammaDesk account page.',
    );
  }

  handleUpdate(update: Update): Promise<void> {
    return this.bot.handleUpdate(update);
  }
}

/**
 * "/why SIG-1" → { name: 'why', arg: 'SIG-1' }; "/help@GammaDeskBot" → help; a command addressed
 * to another bot, or text that is no command, → null.
 */
export function parseCommand(
  text: string,
  botUsername: string,
): { name: string; arg: string } | null {
  const m = /^\/([A-Za-z0-9_]{1,64})(?:@(\w+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  if (m[2] && m[2].toLowerCase() !== botUsername.toLowerCase()) return null;
  const name = m[1]!.toLowerCase();
  if (name === 'start') return null;
  return { name, arg: (m[3] ?? '').trim() };
}
