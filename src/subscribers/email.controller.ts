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
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
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
    return emailPage(
      'Unsubscribe from GammaDesk emails',
      `<p>Stop signal emails to this address. Telegram and Discord are not affected.</p>
<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>
<p>Rather fewer emails? <a href="/account#preferences">Choose a daily digest, symbols or quiet hours</a> instead.</p>`,
    );
  }

  /**
   * One-click (a mail client's POST answers JSON) or the page's button (a browser, Accept:
   * text/html): the confirmation page, with the way to the account's preferences.
   */
  @Post('unsubscribe')
  @HttpCode(200)
  async unsubscribe(
    @Query() query: unknown,
    @Body() body: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { token } = parseInput(tokenQuery, query);
    parseInput(z.object({ 'List-Unsubscribe': z.literal('One-Click') }), body);
    const ok = await this.subscribers.unsubscribe(token);
    if (!ok) throw new UnauthorizedException('this unsubscribe link is invalid');
    if (accept?.includes('text/html')) {
      res.type('html');
      return emailPage(
        'You are unsubscribed',
        `<p role="status">No more signal emails will be sent to this address.</p>
<p>Telegram and Discord messages continue as before. To choose what they send you (symbols,
strategies, quiet hours), <a href="/account#preferences">open your account</a>.</p>`,
      );
    }
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

/** A small page in the subscriber pages' look (their stylesheet, /site.css). */
function emailPage(heading: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${heading} · GammaDesk</title>
<link rel="stylesheet" href="/site.css"></head><body>
<header class="top"><div class="wrap"><a class="brand" href="/pricing">Gamma<b>Desk</b></a></div></header>
<main id="main" class="wrap"><section class="hero narrow"><h1>${heading}</h1>
${body}</section></main></body></html>`;
}
