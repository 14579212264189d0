/**
 * SubscribersModule: subscribers and preferences, email verification, the Telegram bot and
 * Discord interactions, entitlement sync, and RECIPIENT_DIRECTORY for distribution. The services
 * are built by createSubscriberServices (subscribers.composition.ts); this module only exposes them.
 *
 * /why and /levels use SIGNAL_EXPLAINER and LEVELS_PROVIDER when some @Global module provides
 * them (the engine's), and answer "not available yet" otherwise.
 */
import { Global, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { API_KEY_VERIFIER } from '../common/api-key-verifier.js';
import type { Clock } from '../common/clock.js';
import { composedProviders } from '../common/composed-providers.js';
import { CONFIG_SLICE, type SubscribersConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE } from '../core/tokens.js';
import { STRATEGY_RECORD_READER, type StrategyRecordReader } from '../signals/strategy-record.js';
import { ChatController } from './chat.controller.js';
import { DiscordInteractions } from './discord-interactions.js';
import { EmailController } from './email.controller.js';
import { DISCORD_ROLES, TELEGRAM_GROUPS } from './entitlement-ports.js';
import { EntitlementSync } from './entitlement-sync.js';
import {
  LEVELS_PROVIDER,
  SIGNAL_EXPLAINER,
  type LevelsProvider,
  type SignalExplainer,
} from './insight-ports.js';
import { SUBSCRIBER_MAILER } from './mailer.js';
import { PERSONAL_DATA_ERASER, type PersonalDataEraser } from './personal-data.js';
import { RECIPIENT_DIRECTORY } from './recipient-directory.js';
import { ApiKeyService } from './api-keys.js';
import { ApiKeysController } from './api-keys.controller.js';
import { BotCommands } from './bot-commands.js';
import { MailOutbox } from './mail-outbox.js';
import { SubscriberService } from './subscriber-service.js';
import { SubscriberStore } from './subscriber-store.js';
import { createSubscriberServices, type SubscriberServices } from './subscribers.composition.js';
import { SubscribersController } from './subscribers.controller.js';
import { SIGNED_TOKENS, SUBSCRIBER_SERVICES, TELEGRAM_BOT } from './subscribers.tokens.js';

/**
 * Global, so RECIPIENT_DIRECTORY reaches distribution (and the admin portal) and API_KEY_VERIFIER
 * the analytics API without imports.
 */
@Global()
@Module({
  controllers: [SubscribersController, ApiKeysController, EmailController, ChatController],
  providers: [
    {
      provide: SUBSCRIBER_SERVICES,
      inject: [
        DATA_SOURCE,
        CONFIG_SLICE.subscribers,
        CLOCK,
        { token: SIGNAL_EXPLAINER, optional: true },
        { token: LEVELS_PROVIDER, optional: true },
        { token: STRATEGY_RECORD_READER, optional: true },
        { token: PERSONAL_DATA_ERASER, optional: true },
      ],
      useFactory: (
        dataSource: DataSource,
        config: SubscribersConfig,
        clock: Clock,
        explainer: SignalExplainer | undefined,
        levels: LevelsProvider | undefined,
        trackRecord: StrategyRecordReader | undefined,
        eraser: PersonalDataEraser | undefined,
      ) =>
        createSubscriberServices({
          dataSource,
          config,
          clock,
          explainer,
          levels,
          trackRecord,
          eraser,
          queueMail: true,
        }),
    },
    ...composedProviders<SubscriberServices>(SUBSCRIBER_SERVICES, [
      [SubscriberStore, (s) => s.store],
      [SIGNED_TOKENS, (s) => s.tokens],
      [SUBSCRIBER_MAILER, (s) => s.mailer],
      [MailOutbox, (s) => s.outbox],
      [ApiKeyService, (s) => s.apiKeys],
      [API_KEY_VERIFIER, (s) => s.apiKeys],
      [DISCORD_ROLES, (s) => s.discordRoles],
      [TELEGRAM_GROUPS, (s) => s.telegramGroups],
      [EntitlementSync, (s) => s.entitlements],
      [SubscriberService, (s) => s.subscribers],
      [BotCommands, (s) => s.botCommands],
      [TELEGRAM_BOT, (s) => s.telegramBot],
      [DiscordInteractions, (s) => s.discordInteractions],
      [RECIPIENT_DIRECTORY, (s) => s.recipients],
    ]),
  ],
  exports: [
    SUBSCRIBER_SERVICES,
    RECIPIENT_DIRECTORY,
    SubscriberService,
    SubscriberStore,
    EntitlementSync,
    SUBSCRIBER_MAILER,
    TELEGRAM_BOT,
    SIGNED_TOKENS,
    ApiKeyService,
    API_KEY_VERIFIER,
  ],
})
export class SubscribersModule {}
