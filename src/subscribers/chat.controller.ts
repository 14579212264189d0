/** Incoming chat platform traffic: Telegram bot updates and Discord interactions. */
import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import type { KeyObject } from 'node:crypto';
import { safeEqual } from '../common/safe-equal.js';
import type { Update } from 'telegraf/types';
import { z } from 'zod';
import type { Clock } from '../common/clock.js';
import { CLOCK } from '../core/tokens.js';
import { CONFIG_SLICE, type SubscribersConfig } from '../config/slices.js';
import {
  DiscordInteractions,
  discordPublicKey,
  verifyDiscordSignature,
} from './discord-interactions.js';
import { TELEGRAM_BOT } from './subscribers.tokens.js';
import type { TelegramBot } from './adapters/telegram-bot.js';

const updateSchema = z.object({ update_id: z.number().int() }).passthrough();

@Controller()
export class ChatController {
  private readonly discordKey: KeyObject | null;

  constructor(
    @Inject(CONFIG_SLICE.subscribers) private readonly config: SubscribersConfig,
    @Inject(TELEGRAM_BOT) private readonly telegram: TelegramBot | null,
    @Inject(DiscordInteractions) private readonly discord: DiscordInteractions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.discordKey = config.DISCORD_PUBLIC_KEY
      ? discordPublicKey(config.DISCORD_PUBLIC_KEY)
      : null;
  }

  @Post('telegram/webhook')
  @HttpCode(200)
  async telegramUpdate(
    @Headers('x-telegram-bot-api-secret-token') secret: string | undefined,
    @Body() body: unknown,
  ) {
    const expected = this.config.TELEGRAM_WEBHOOK_SECRET;
    if (!this.telegram || !expected)
      throw new NotFoundException('the Telegram bot is not configured');
    if (!secret || !safeEqual(secret, expected))
      throw new UnauthorizedException('bad secret token');
    const parsed = updateSchema.safeParse(body);
    if (!parsed.success) throw new BadRequestException('not a Telegram update');
    await this.telegram.handleUpdate(parsed.data as unknown as Update);
    return { ok: true };
  }

  @Post('discord/interactions')
  @HttpCode(200)
  async discordInteraction(
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-signature-ed25519') signature: string | undefined,
    @Headers('x-signature-timestamp') timestamp: string | undefined,
  ) {
    if (!this.discordKey) throw new NotFoundException('Discord interactions are not configured');
    const raw = req.rawBody;
    // Discord requires 401 for a bad signature (it probes endpoints with invalid ones).
    if (
      !raw ||
      !verifyDiscordSignature(this.discordKey, raw, signature, timestamp, this.clock.now())
    ) {
      throw new UnauthorizedException('invalid request signature');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new BadRequestException('body is not JSON');
    }
    const response = await this.discord.handle(body);
    if (!response) throw new BadRequestException('not a supported interaction');
    return response;
  }
}
