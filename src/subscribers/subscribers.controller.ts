/**
 * Public subscriber HTTP API: sign-up, confirmation, profile, preferences, privacy, log-out.
 * Confirmation is single-use and scanner-safe: the mailed GET link only shows a button; the POST
 * it makes verifies the address once and mints the profile token.
 */
import {
  Body,
  Controller,
  Delete,
  Get,
  GoneException,
  Header,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { orBadRequest, parseInput } from './http-input.js';
import { subscriberOfManageToken } from './manage-auth.js';
import { SubscriberService } from './subscriber-service.js';

const signUpSchema = z
  .object({ email: z.string().max(320), preferences: z.unknown().optional() })
  .strict();
const tokenQuery = z.object({ token: z.string().min(1).max(200) });

@Controller('subscribers')
export class SubscribersController {
  constructor(@Inject(SubscriberService) private readonly subscribers: SubscriberService) {}

  @Post()
  @HttpCode(202)
  async signUp(@Body() body: unknown) {
    const input = parseInput(signUpSchema, body);
    await orBadRequest(() => this.subscribers.signUp(input));
    return { status: 'confirmation_sent' };
  }

  /** The mailed link: a page with a button (mail scanners fetch GETs; they must not confirm). */
  @Get('confirm')
  @Header('content-type', 'text/html; charset=utf-8')
  confirmPage(@Query() query: unknown): string {
    const { token } = parseInput(tokenQuery, query);
    const action = `/subscribers/confirm?token=${encodeURIComponent(token)}`;
    return `<!doctype html><html><body><h1>Confirm your GammaDesk subscription</h1>
<form method="post" action="${action}"><button type="submit">Confirm my email address</button></form>
</body></html>`;
  }

  /** Verifies the address once; a replay answers 410 and mints no token. */
  @Post('confirm')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  async confirm(
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { token } = parseInput(tokenQuery, query);
    const result = await this.subscribers.confirm(token);
    if (!result) throw new NotFoundException('this confirmation link is invalid or expired');
    if (result.status === 'used')
      throw new GoneException('this confirmation link was already used');
    if (accept?.includes('text/html')) {
      // The button of the confirmation page: a page for the reader, not JSON.
      res.type('html');
      return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Confirmed · GammaDesk</title>
<link rel="stylesheet" href="/site.css"></head><body><main class="wrap"><h1>Your address is confirmed</h1>
<p><a class="button" href="/account">Sign in to your account</a> to link Telegram or Discord and choose what you receive.</p>
<p class="fine">For the API: your profile token (keep it private; send it as <code>Authorization: Bearer …</code> to
/subscribers/me and /subscribers/me/api-keys): <code>${result.manageToken}</code></p></main></body></html>`;
    }
    return { confirmed: true, subscriberId: result.subscriberId, manageToken: result.manageToken };
  }

  @Get('me')
  async me(@Headers('authorization') auth: string | undefined) {
    const profile = await this.subscribers.profile(await this.subscriberId(auth));
    if (!profile) throw new NotFoundException('no such subscriber');
    return profile;
  }

  @Patch('me/preferences')
  async preferences(@Headers('authorization') auth: string | undefined, @Body() body: unknown) {
    const id = await this.subscriberId(auth);
    const prefs = await orBadRequest(() => this.subscribers.updatePreferences(id, body));
    if (!prefs) throw new NotFoundException('no such subscriber');
    return prefs;
  }

  @Get('me/export')
  async export(@Headers('authorization') auth: string | undefined) {
    const data = await this.subscribers.exportData(await this.subscriberId(auth));
    if (!data) throw new NotFoundException('no such subscriber');
    return data;
  }

  @Delete('me')
  async delete(@Headers('authorization') auth: string | undefined) {
    const deleted = await this.subscribers.deleteData(await this.subscriberId(auth));
    if (!deleted) throw new NotFoundException('no such subscriber');
    return { deleted: true };
  }

  /** Revokes every profile token of the subscriber, this one included. */
  @Post('me/logout')
  @HttpCode(200)
  async logout(@Headers('authorization') auth: string | undefined) {
    await this.subscribers.revokeManageTokens(await this.subscriberId(auth));
    return { loggedOut: true };
  }

  private subscriberId(auth: string | undefined): Promise<string> {
    return subscriberOfManageToken(this.subscribers, auth);
  }
}
