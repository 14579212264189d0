/**
 * /account for a signed-in subscriber: plan and billing status, the Stripe portal, linked
 * channels, preferences, API keys, data export and deletion. Every form is CSRF-checked against
 * the session; each action redirects back to the page with a confirmation (post/redirect/get),
 * except a new API key, which is shown once on the page that answers the POST.
 */
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { TooManyApiKeysError } from '../subscribers/api-keys.js';
import type { AccountSession } from './account-sessions.js';
import { ACCOUNT_SERVICES } from './account.tokens.js';
import type { AccountServices } from './account.composition.js';
import {
  currentSubscription,
  emailNote,
  hasLiveSubscription,
  keyRows,
  planLines,
  preferenceValues,
  sessionsLabel,
  tierName,
} from './account-page.js';
import { PreferencesFormError, preferencesPatchFromForm } from './preferences-form.js';
import { PageKit } from './web/page-kit.js';

/** Confirmations after an action, by the `done` query value (never free text from the URL). */
const DONE: Record<string, string> = {
  preferences: 'Your preferences are saved. Every channel follows them from the next signal.',
  revoked: 'The API key is revoked; requests with it are refused from now on.',
};
const csrfField = z.object({ csrf: z.string().max(200).optional() }).passthrough();
const keyForm = z.object({
  csrf: z.string().max(200).optional(),
  name: z.string().trim().min(1).max(80),
});
const doneQuery = z.object({ done: z.string().max(40).optional() });

@Controller('account')
export class AccountController {
  private readonly kit: PageKit;

  constructor(@Inject(ACCOUNT_SERVICES) private readonly a: AccountServices) {
    this.kit = new PageKit(a);
  }

  @Get()
  async page(@Req() req: Request, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const session = await this.kit.session(req);
    if (!session) return this.kit.loginPage(req, res, '/account', null);
    const q = doneQuery.safeParse(query ?? {});
    const done = q.success && q.data.done ? (DONE[q.data.done] ?? null) : null;
    await this.render(res, session, { notice: done });
  }

  @Post('preferences')
  async preferences(@Req() req: Request, @Body() body: unknown, @Res() res: Response) {
    const session = await this.authorised(req, res, body);
    if (!session) return;
    let error: string | null = null;
    try {
      const patch = preferencesPatchFromForm(body);
      await this.a.subscribers.subscribers.updatePreferences(session.subscriberId, patch);
    } catch (err) {
      if (err instanceof PreferencesFormError) error = err.message;
      else if (err instanceof z.ZodError) error = preferencesProblem(err);
      else throw err;
    }
    if (error) return this.render(res, session, { error }, 400);
    res.redirect(303, '/account?done=preferences#preferences');
  }

  @Post('api-keys')
  async createKey(@Req() req: Request, @Body() body: unknown, @Res() res: Response) {
    const session = await this.authorised(req, res, body);
    if (!session) return;
    const form = keyForm.safeParse(body);
    if (!form.success) return this.render(res, session, { error: 'Give the key a name.' }, 400);
    try {
      const key = await this.a.subscribers.apiKeys.create(session.subscriberId, form.data.name);
      await this.render(res, session, { newKey: { name: key.name, key: key.key } }, 201);
    } catch (err) {
      if (!(err instanceof TooManyApiKeysError)) throw err;
      await this.render(res, session, { error: err.message }, 409);
    }
  }

  @Post('api-keys/:keyId/revoke')
  async revokeKey(
    @Req() req: Request,
    @Param('keyId') keyId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const session = await this.authorised(req, res, body);
    if (!session) return;
    if (!(await this.a.subscribers.apiKeys.revoke(session.subscriberId, keyId))) {
      return this.render(res, session, { error: 'No such live API key.' }, 404);
    }
    res.redirect(303, '/account?done=revoked#api-keys');
  }

  @Post('billing-portal')
  async portal(@Req() req: Request, @Body() body: unknown, @Res() res: Response) {
    const session = await this.authorised(req, res, body);
    if (!session) return;
    const sub = await this.a.subscribers.store.get(this.a.dataSource, session.subscriberId);
    if (!sub?.stripeCustomerId) {
      return this.render(res, session, { error: 'There is no billing account yet.' }, 400);
    }
    const { url } = await this.a.billing.billing.portal(session.subscriberId);
    res.redirect(303, url);
  }

  @Get('export')
  async export(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.kit.session(req);
    if (!session) return this.kit.loginPage(req, res, '/account', null, 401);
    const data = await this.a.subscribers.subscribers.exportData(session.subscriberId);
    res
      .status(200)
      .type('application/json')
      .set('cache-control', 'no-store')
      .set('content-disposition', 'attachment; filename="gammadesk-data.json"')
      .send(JSON.stringify(data, null, 2));
  }

  @Post('delete')
  async delete(@Req() req: Request, @Body() body: unknown, @Res() res: Response) {
    const session = await this.authorised(req, res, body);
    if (!session) return;
    if ((body as { confirm?: unknown }).confirm !== 'yes') {
      return this.render(res, session, { error: 'Tick the box to confirm the deletion.' }, 400);
    }
    const subs = await this.a.billing.store.subscriptionsOf(
      this.a.dataSource,
      session.subscriberId,
    );
    if (hasLiveSubscription(subs)) {
      return this.render(
        res,
        session,
        { error: 'Cancel your subscription in billing first, then delete the account.' },
        409,
      );
    }
    await this.a.sessions.revokeAll(session.subscriberId);
    await this.a.subscribers.subscribers.deleteData(session.subscriberId);
    this.kit.clearSessionCookie(res);
    this.kit.message(
      res,
      {
        title: 'Account deleted',
        heading: 'Your account is deleted',
        paragraphs: [
          'Your address, preferences, API keys and channel links are gone, and no more signals will be sent to you.',
        ],
        links: [{ href: '/pricing', label: 'Back to GammaDesk' }],
      },
      false,
    );
  }

  /** The session of a CSRF-checked form post; otherwise answers (sign-in or refusal) and null. */
  private async authorised(
    req: Request,
    res: Response,
    body: unknown,
  ): Promise<AccountSession | null> {
    const session = await this.kit.session(req);
    if (!session) {
      this.kit.loginPage(req, res, '/account', 'Your session ended; sign in again.', 401);
      return null;
    }
    const form = csrfField.safeParse(body ?? {});
    if (!form.success || !this.a.sessions.checkCsrf(session, form.data.csrf)) {
      this.kit.refused(res, true);
      return null;
    }
    return session;
  }

  private async render(
    res: Response,
    session: AccountSession,
    extra: {
      notice?: string | null;
      error?: string | null;
      newKey?: { name: string; key: string };
    },
    status = 200,
  ): Promise<void> {
    const { store, subscribers, apiKeys } = this.a.subscribers;
    const sub = await store.get(this.a.dataSource, session.subscriberId);
    if (!sub) {
      // Deleted elsewhere: the session means nothing any more.
      await this.a.sessions.revokeAll(session.subscriberId);
      this.kit.clearSessionCookie(res);
      return this.kit.loginPage(res.req, res, '/account', null, 401);
    }
    const subs = await this.a.billing.store.subscriptionsOf(this.a.dataSource, sub.id);
    const now = this.a.clock.now();
    this.kit.html(
      res,
      this.a.views.render('account', {
        title: 'Your account',
        signedIn: true,
        csrf: session.csrf,
        notice: extra.notice ?? null,
        error: extra.error ?? null,
        newKey: extra.newKey ?? null,
        email: sub.email ?? 'no email address',
        emailNote: emailNote(sub),
        tier: sub.tier,
        tierName: tierName(sub.tier),
        planLines: planLines(sub, currentSubscription(subs), this.a.config.BILLING_GRACE_DAYS),
        hasBilling: sub.stripeCustomerId !== null,
        upgrade: sub.tier !== 'premium',
        telegram: {
          linked: sub.telegramChatId !== null,
          link: telegramLink(subscribers.telegramDeepLink(sub.id), this.a.config),
          groupNote: sub.tier !== 'free',
        },
        discord: {
          linked: sub.discordUserId !== null,
          command: `/link ${subscribers.discordLinkToken(sub.id)}`,
        },
        prefs: preferenceValues(sub),
        keys: keyRows(await apiKeys.list(sub.id)),
        sessionsLabel: sessionsLabel(await this.a.sessions.count(sub.id, now)),
      }),
      status,
    );
  }
}

/** The bot's deep link, opened at ACCOUNT_TELEGRAM_LINK_BASE instead of t.me when set. */
function telegramLink(deepLink: string, config: AccountServices['config']): string {
  const base = config.ACCOUNT_TELEGRAM_LINK_BASE?.replace(/\/$/, '');
  if (!base) return deepLink;
  const url = new URL(deepLink);
  return `${base}${url.pathname}${url.search}`;
}

function preferencesProblem(err: z.ZodError): string {
  const field = String(err.issues[0]?.path[0] ?? '');
  const words: Record<string, string> = {
    symbols: 'Symbols are tickers of 1–6 letters, e.g. SPY, QQQ.',
    strategies: 'Strategies are ids such as gamma_scalp_0dte.',
    quietHours: 'Quiet hours need times as HH:MM and a known time zone, e.g. America/New_York.',
    channels: 'Choose channels among email, Telegram and Discord.',
    emailMode: 'Choose instant emails or the daily digest.',
  };
  return words[field] ?? 'Some preferences could not be saved; check the values.';
}
