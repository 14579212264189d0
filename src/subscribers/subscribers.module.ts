/**
 * SubscribersModule: subscribers and preferences, email verification, the Telegram bot and
 * Discord interactions, entitlement sync, and RECIPIENT_DIRECTORY for distribution.
 *
 * /why and /levels use SIGNAL_EXPLAINER and LEVELS_PROVIDER when some @Global module provides
 * them (the engine's), and answer "not available yet" otherwise.
 */
import { Global, Logger, Module } from '@nestjs/common';
import { Telegraf } from 'telegraf';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/schema.js';
import { APP_CONFIG, CLOCK, DATA_SOURCE } from '../core/tokens.js';
import { DiscordRestRoles } from './adapters/discord-roles.js';
import { SmtpMailer } from './adapters/smtp-mailer.js';
import { TelegrafGroups } from './adapters/telegram-groups.js';
import { BotCommands } from './bot-commands.js';
import { ChatController } from './chat.controller.js';
import { DiscordInteractions } from './discord-interactions.js';
import { EmailController } from './email.controller.js';
import {
  DISCORD_ROLES,
  TELEGRAM_GROUPS,
  type DiscordRoles,
  type TelegramGroups,
} from './entitlement-ports.js';
import { EntitlementSync } from './entitlement-sync.js';
import {
  LEVELS_PROVIDER,
  SIGNAL_EXPLAINER,
  UnavailableLevelsProvider,
  UnavailableSignalExplainer,
  type LevelsProvider,
  type SignalExplainer,
} from './insight-ports.js';
import { SUBSCRIBER_MAILER, type Mailer } from './mailer.js';
import { RECIPIENT_DIRECTORY } from './recipient-directory.js';
import { SqlRecipientDirectory } from './recipient-directory.service.js';
import { SignedTokens } from './signed-tokens.js';
import { SubscriberService } from './subscriber-service.js';
import { SubscriberStore } from './subscriber-store.js';
import { SubscribersController } from './subscribers.controller.js';
import { SIGNED_TOKENS, TELEGRAM_BOT } from './subscribers.tokens.js';
import { TelegramBot } from './adapters/telegram-bot.js';

export const INVITE_COOLDOWN_MS = 24 * 3_600_000;
const DEV_TOKEN_SECRET = 'dev-only-subscriber-token-secret';

/** Global, so RECIPIENT_DIRECTORY reaches distribution (and the admin portal) without imports. */
@Global()
@Module({
  controllers: [SubscribersController, EmailController, ChatController],
  providers: [
    { provide: SubscriberStore, useValue: new SubscriberStore() },
    {
      provide: SIGNED_TOKENS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (
          config.NODE_ENV === 'production' &&
          config.SUBSCRIBER_TOKEN_SECRET === DEV_TOKEN_SECRET
        ) {
          new Logger('Subscribers').error(
            'SUBSCRIBER_TOKEN_SECRET is the development default: set a secret of your own',
          );
        }
        return new SignedTokens(config.SUBSCRIBER_TOKEN_SECRET);
      },
    },
    {
      provide: SUBSCRIBER_MAILER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Mailer => new SmtpMailer(config.SMTP_URL, config.EMAIL_FROM),
    },
    {
      provide: DISCORD_ROLES,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): DiscordRoles | null =>
        config.DISCORD_BOT_TOKEN && config.DISCORD_GUILD_ID
          ? new DiscordRestRoles(
              config.DISCORD_API_BASE,
              config.DISCORD_BOT_TOKEN,
              config.DISCORD_GUILD_ID,
            )
          : null,
    },
    {
      provide: TELEGRAM_GROUPS,
      inject: [APP_CONFIG, CLOCK],
      useFactory: (config: AppConfig, clock: Clock): TelegramGroups | null =>
        config.TELEGRAM_BOT_TOKEN
          ? new TelegrafGroups(
              new Telegraf(config.TELEGRAM_BOT_TOKEN, {
                telegram: { apiRoot: config.TELEGRAM_API_ROOT },
              }).telegram,
              () => clock.now(),
            )
          : null,
    },
    {
      provide: EntitlementSync,
      inject: [DATA_SOURCE, SubscriberStore, CLOCK, APP_CONFIG, DISCORD_ROLES, TELEGRAM_GROUPS],
      useFactory: (
        ds: DataSource,
        store: SubscriberStore,
        clock: Clock,
        config: AppConfig,
        discord: DiscordRoles | null,
        telegram: TelegramGroups | null,
      ) =>
        new EntitlementSync(
          ds,
          store,
          clock,
          {
            discordRoles: compact({
              premium: config.DISCORD_ROLE_PREMIUM,
              basic: config.DISCORD_ROLE_BASIC,
            }),
            telegramGroups: compact({
              premium: config.TELEGRAM_CHAT_PREMIUM,
              basic: config.TELEGRAM_CHAT_BASIC,
            }),
            inviteCooldownMs: INVITE_COOLDOWN_MS,
          },
          discord,
          telegram,
        ),
    },
    {
      provide: SubscriberService,
      inject: [
        DATA_SOURCE,
        SubscriberStore,
        SIGNED_TOKENS,
        SUBSCRIBER_MAILER,
        CLOCK,
        APP_CONFIG,
        EntitlementSync,
      ],
      useFactory: (
        ds: DataSource,
        store: SubscriberStore,
        tokens: SignedTokens,
        mailer: Mailer,
        clock: Clock,
        config: AppConfig,
        entitlements: EntitlementSync,
      ) =>
        new SubscriberService(
          ds,
          store,
          tokens,
          mailer,
          clock,
          {
            publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
            confirmTtlMs: config.EMAIL_CONFIRM_TTL_HOURS * 3_600_000,
            telegramBotUsername: config.TELEGRAM_BOT_USERNAME,
          },
          async (id) => {
            await entitlements.sync(id);
          },
        ),
    },
    {
      provide: BotCommands,
      inject: [
        { token: SIGNAL_EXPLAINER, optional: true },
        { token: LEVELS_PROVIDER, optional: true },
        APP_CONFIG,
        SubscriberService,
      ],
      useFactory: (
        explainer: SignalExplainer | undefined,
        levels: LevelsProvider | undefined,
        config: AppConfig,
        subscribers: SubscriberService,
      ) =>
        new BotCommands(
          explainer ?? new UnavailableSignalExplainer(),
          levels ?? new UnavailableLevelsProvider(),
          config.PUBLIC_BASE_URL.replace(/\/$/, ''),
          async (id, channel) => subscribers.stopChannel(id, channel),
        ),
    },
    {
      provide: TELEGRAM_BOT,
      inject: [APP_CONFIG, SubscriberService, SubscriberStore, DATA_SOURCE, BotCommands],
      useFactory: (
        config: AppConfig,
        subscribers: SubscriberService,
        store: SubscriberStore,
        ds: DataSource,
        commands: BotCommands,
      ) =>
        config.TELEGRAM_BOT_TOKEN
          ? new TelegramBot(
              config.TELEGRAM_BOT_TOKEN,
              config.TELEGRAM_API_ROOT,
              config.TELEGRAM_BOT_USERNAME,
              subscribers,
              store,
              ds,
              commands,
            )
          : null,
    },
    {
      provide: DiscordInteractions,
      inject: [SubscriberService, SubscriberStore, DATA_SOURCE, BotCommands],
      useFactory: (
        subscribers: SubscriberService,
        store: SubscriberStore,
        ds: DataSource,
        commands: BotCommands,
      ) => new DiscordInteractions(subscribers, store, ds, commands),
    },
    {
      provide: RECIPIENT_DIRECTORY,
      inject: [DATA_SOURCE, SubscriberStore, SubscriberService],
      useFactory: (ds: DataSource, store: SubscriberStore, subscribers: SubscriberService) =>
        new SqlRecipientDirectory(ds, store, (id) => subscribers.unsubscribeUrl(id)),
    },
  ],
  exports: [
    RECIPIENT_DIRECTORY,
    SubscriberService,
    SubscriberStore,
    EntitlementSync,
    SUBSCRIBER_MAILER,
    TELEGRAM_BOT,
    SIGNED_TOKENS,
  ],
})
export class SubscribersModule {}

function compact<T extends Record<string, string | undefined>>(
  o: T,
): Partial<Record<keyof T, string>> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<Record<keyof T, string>>;
}
