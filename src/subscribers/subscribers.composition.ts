/**
 * Builds the subscribers services from a deps object: the Nest module, the CLI, the demo and
 * tests all wire them here, the same way.
 */
import { Telegraf } from 'telegraf';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { StrategyRecordReader } from '../signals/strategy-record.js';
import { roleRuns } from '../common/roles.js';
import type { SubscribersConfig } from '../config/slices.js';
import { createDelayQueue, queueBackendFromConfig } from '../queue/queue-factory.js';
import { ApiKeyService } from './api-keys.js';
import { DiscordRestRoles } from './adapters/discord-roles.js';
import { SmtpMailer } from './adapters/smtp-mailer.js';
import { TelegrafGroups } from './adapters/telegram-groups.js';
import { TelegramBot } from './adapters/telegram-bot.js';
import { EngineDaySignals } from './adapters/day-signals.js';
import { BotCommands } from './bot-commands.js';
import { DiscordInteractions } from './discord-interactions.js';
import type { DiscordRoles, TelegramGroups } from './entitlement-ports.js';
import { EntitlementSync } from './entitlement-sync.js';
import {
  UnavailableLevelsProvider,
  UnavailableSignalExplainer,
  type LevelsProvider,
  type SignalExplainer,
} from './insight-ports.js';
import { MailOutbox, type QueuedEmail } from './mail-outbox.js';
import type { Mailer } from './mailer.js';
import type { PersonalDataEraser } from './personal-data.js';
import type { RecipientDirectory } from './recipient-directory.js';
import { SqlRecipientDirectory } from './recipient-directory.service.js';
import { SignedTokens } from './signed-tokens.js';
import { SubscriberService } from './subscriber-service.js';
import { SubscriberStore } from './subscriber-store.js';
import { TelegramGroupMembers } from './telegram-group-members.js';

export const INVITE_COOLDOWN_MS = 24 * 3_600_000;

export interface SubscriberDeps {
  dataSource: DataSource;
  config: SubscribersConfig;
  clock: Clock;
  /** /why answers; "not available yet" when no engine provides them. */
  explainer?: SignalExplainer;
  /** /levels answers; "not available yet" when no engine provides them. */
  levels?: LevelsProvider;
  /** /performance answers; a link to the public track record page without it. */
  trackRecord?: StrategyRecordReader;
  /**
   * Send subscriber mail through the queue (the app: requests never wait on SMTP). Off, mail is
   * sent inline (the CLI, which has no queue consumer).
   */
  queueMail?: boolean;
  /** Erases a deleted subscriber from other modules' rows (the archive's eraser in the app). */
  eraser?: PersonalDataEraser;
}

export interface SubscriberServices {
  store: SubscriberStore;
  tokens: SignedTokens;
  mailer: Mailer;
  /** The queued mail the subscriber service sends through; null when mail is sent inline. */
  outbox: MailOutbox | null;
  apiKeys: ApiKeyService;
  /** Null when no Discord bot is configured. */
  discordRoles: DiscordRoles | null;
  /** Null when no Telegram bot is configured. */
  telegramGroups: TelegramGroups | null;
  entitlements: EntitlementSync;
  subscribers: SubscriberService;
  botCommands: BotCommands;
  /** Null when no Telegram bot is configured. */
  telegramBot: TelegramBot | null;
  discordInteractions: DiscordInteractions;
  recipients: RecipientDirectory;
}

export function createSubscriberServices(deps: SubscriberDeps): SubscriberServices {
  const { dataSource, config, clock } = deps;
  const publicBaseUrl = config.PUBLIC_BASE_URL.replace(/\/$/, '');
  const store = new SubscriberStore();
  const tokens = new SignedTokens(
    config.SUBSCRIBER_TOKEN_SECRET,
    config.SUBSCRIBER_TOKEN_SECRETS_OLD,
  );
  const mailer = new SmtpMailer(config.SMTP_URL, config.EMAIL_FROM);
  const outbox = deps.queueMail
    ? new MailOutbox(
        createDelayQueue<QueuedEmail>('subscriber-mail', clock, queueBackendFromConfig(config)),
        mailer,
        roleRuns(config.ROLE, 'queue-consumers'),
      )
    : null;
  const discordRoles =
    config.DISCORD_BOT_TOKEN && config.DISCORD_GUILD_ID
      ? new DiscordRestRoles(
          config.DISCORD_API_BASE,
          config.DISCORD_BOT_TOKEN,
          config.DISCORD_GUILD_ID,
        )
      : null;
  const telegramGroups = config.TELEGRAM_BOT_TOKEN
    ? new TelegrafGroups(
        new Telegraf(config.TELEGRAM_BOT_TOKEN, {
          telegram: { apiRoot: config.TELEGRAM_API_ROOT },
        }).telegram,
        () => clock.now(),
      )
    : null;
  const entitlements = new EntitlementSync({
    sql: dataSource,
    store,
    clock,
    targets: {
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
    discord: discordRoles,
    telegram: telegramGroups,
  });
  const subscribers = new SubscriberService({
    sql: dataSource,
    store,
    tokens,
    mailer: outbox ?? mailer,
    clock,
    options: {
      publicBaseUrl,
      confirmTtlMs: config.EMAIL_CONFIRM_TTL_HOURS * 3_600_000,
      telegramBotUsername: config.TELEGRAM_BOT_USERNAME,
    },
    onEntitlementsMayChange: async (id) => {
      await entitlements.sync(id);
    },
    eraser: deps.eraser,
  });
  const botCommands = new BotCommands(
    deps.explainer ?? new UnavailableSignalExplainer(),
    deps.levels ?? new UnavailableLevelsProvider(),
    publicBaseUrl,
    async (id, channel) => subscribers.stopChannel(id, channel),
    {
      clock,
      delays: {
        premium: config.DISTRIBUTION_DELAY_PREMIUM_S * 1000,
        basic: config.DISTRIBUTION_DELAY_BASIC_S * 1000,
        free: config.DISTRIBUTION_DELAY_FREE_S * 1000,
      },
      resume: async (id, channel) => {
        const sub = await store.get(dataSource, id);
        if (sub && !sub.preferences.channels.includes(channel)) {
          await subscribers.updatePreferences(id, {
            channels: [...sub.preferences.channels, channel],
          });
        }
      },
      daySignals: new EngineDaySignals(dataSource),
      trackRecord: deps.trackRecord,
    },
  );
  // Each tier's Telegram group: its members get the group's copy of a signal, not a DM too.
  const tierGroups = compact({
    premium: config.TELEGRAM_CHAT_PREMIUM,
    basic: config.TELEGRAM_CHAT_BASIC,
    free: config.TELEGRAM_CHAT_FREE,
  });
  const groupMembers = new TelegramGroupMembers();
  const telegramBot = config.TELEGRAM_BOT_TOKEN
    ? new TelegramBot({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        username: config.TELEGRAM_BOT_USERNAME,
        subscribers,
        store,
        sql: dataSource,
        commands: botCommands,
        groups: { chats: Object.values(tierGroups), members: groupMembers, now: () => clock.now() },
      })
    : null;
  return {
    store,
    tokens,
    mailer,
    outbox,
    apiKeys: new ApiKeyService(dataSource, clock),
    discordRoles,
    telegramGroups,
    entitlements,
    subscribers,
    botCommands,
    telegramBot,
    discordInteractions: new DiscordInteractions(subscribers, store, dataSource, botCommands),
    recipients: new SqlRecipientDirectory(
      dataSource,
      store,
      (id) => subscribers.unsubscribeUrl(id),
      undefined,
      { groups: tierGroups, members: groupMembers },
    ),
  };
}

function compact<T extends Record<string, string | undefined>>(
  o: T,
): Partial<Record<keyof T, string>> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<Record<keyof T, string>>;
}
