/**
 * Email endpoints: RFC 8058 one-click unsubscribe (POST with `List-Unsubscribe=One-Click`; the
 * GET only shows a confirm button, since link scanners fetch GETs) and the bounce/complaint
 * hook of the mail provider.
 */
import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Post,
  Query,
  UnauthorizedException,
} from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { APP_CONFIG } from '../core/tokens.js';
import type { AppConfig } from '../config/schema.js';
import { bearer, orBadRequest, parseInput } from './http-input.js';
import { SubscriberService } from './subscriber-service.js';

const tokenQuery = z.object({ token: z.string().min(1).max(200) });
const emailEventSchema = z
  .object({
    type: z.enum(['bounce', 'complaint']),
    email: z.string().max(320),
    bounceType: z.enum(['hard', 'soft']).optional(),
  })
  .strict();

@Controller('email')
export class EmailController {
  constructor(
    @Inject(SubscriberService) private readonly subscribers: SubscriberService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('unsubscribe')
  @Header('content-type', 'text/html; charset=utf-8')
  page(@Query() query: unknown): string {
    const { token } = parseInput(tokenQuery, query);
    const action = `/email/unsubscribe?token=${encodeURIComponent(token)}`;
    return `<!doctype html><html><body><h1>Unsubscribe from GammaDesk emails</h1>
<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form></body></html>`;
  }

  @Post('unsubscribe')
  @HttpCode(200)
  async unsubscribe(@Query() query: unknown, @Body() body: unknown) {
    const { token } = parseInput(tokenQuery, query);
    parseInput(z.object({ 'List-Unsubscribe': z.literal('One-Click') }), body);
    const ok = await this.subscribers.unsubscribe(token);
    if (!ok) throw new UnauthorizedException('this unsubscribe link is invalid');
    return { unsubscribed: true };
  }

  @Post('events')
  @HttpCode(200)
  async events(@Headers('authorization') auth: string | undefined, @Body() body: unknown) {
    const expected = this.config.EMAIL_EVENTS_TOKEN;
    const given = bearer(auth);
    if (!expected || !given || !sameSecret(given, expected)) {
      throw new UnauthorizedException('a valid email events token is required');
    }
    const event = parseInput(emailEventSchema, body);
    const outcome = await orBadRequest(() => this.subscribers.recordEmailEvent(event));
    return { outcome };
  }
}

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
