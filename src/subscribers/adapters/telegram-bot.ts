/**
 * The Telegram bot (telegraf): /start <token> links a private chat to a subscriber, then the
 * shared commands. Updates arrive through POST /telegram/webhook (see telegram.controller.ts).
 */
import { Logger } from '@nestjs/common';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { BOT_COMMANDS, type BotCommands } from '../bot-commands.js';
import type { SubscriberService } from '../subscriber-service.js';
import type { Sql } from '../../database/sql.js';
import type { SubscriberStore } from '../subscriber-store.js';

export interface TelegramBotDeps {
  token: string;
  apiRoot: string;
  username: string;
  subscribers: SubscriberService;
  store: SubscriberStore;
  sql: Sql;
  commands: BotCommands;
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
        await ctx.reply('Open the Telegram link in your GammaDesk profile to link this chat.');
        return;
      }
      const sub = await this.subscribers.linkTelegram(payload, {
        chatId: String(ctx.chat.id),
        userId: String(ctx.from.id),
      });
      await ctx.reply(
        sub
          ? 'Linked. This chat now receives your GammaDesk signals. Send /status to check.'
          : 'That link is invalid or expired. Open a fresh one from your GammaDesk profile.',
      );
    });
    for (const command of BOT_COMMANDS) {
      this.bot.command(command, async (ctx) => {
        const sub = await this.store.findBy(this.sql, 'telegram_chat_id', String(ctx.chat.id));
        await ctx.reply(await this.commands.answer(command, ctx.payload, sub, 'telegram'));
      });
    }
    this.bot.catch((err) => {
      this.log.error(`update failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  handleUpdate(update: Update): Promise<void> {
    return this.bot.handleUpdate(update);
  }
}
