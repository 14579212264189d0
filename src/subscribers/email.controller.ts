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
  HttpCode,
  Inject,
  Post,
  Query,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { z } from 'zod';
import { bearerTokenGuard } from '../common/bearer-token.js';
import { CONFIG_SLICE, type SubscribersConfig } from '../config/slices.js';
import { orBadRequest, parseInput } from './http-input.js';
import { SubscriberService } from './subscriber-service.js';

/** The mail provider's hook: `Authorization: Bearer <EMAIL_EVENTS_TOKEN>`; closed when unset. */
const EmailEventsTokenGuard = bearerTokenGuard(
  CONFIG_SLICE.subscribers,
  (config: SubscribersConfig) => config.EMAIL_EVENTS_TOKEN,
  'a valid email events token is required',
);

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
  constructor(@Inject(SubscriberService) private readonly subscribers: SubscriberService) {}

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
  @UseGuards(EmailEventsTokenGuard)
  async events(@Body() body: unknown) {
    const event = parseInput(emailEventSchema, body);
    const outcome = await orBadRequest(() => this.subscribers.recordEmailEvent(event));
    return { outcome };
  }
}
