/**
 * Signing in and out of /account: the emailed single-use link (its GET only shows a button, since
 * mail scanners fetch links; the POST signs in), sign out, and sign out everywhere.
 */
import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { safeNext } from './account-access.js';
import { ACCOUNT_SERVICES } from './account.tokens.js';
import type { AccountServices } from './account.composition.js';
import { PageKit } from './web/page-kit.js';

const loginForm = z.object({
  csrf: z.string().max(200).optional(),
  email: z.string().max(320),
  next: z.string().max(100).optional(),
});
const linkQuery = z.object({ token: z.string().max(100), next: z.string().max(100).optional() });
const confirmForm = z.object({
  csrf: z.string().max(200).optional(),
  token: z.string().max(100),
  next: z.string().max(100).optional(),
});
const csrfForm = z.object({ csrf: z.string().max(200).optional() });

@Controller('account')
export class AccountLoginController {
  private readonly kit: PageKit;

  constructor(@Inject(ACCOUNT_SERVICES) private readonly a: AccountServices) {
    this.kit = new PageKit(a);
  }

  @Post('login')
  async requestLink(
    @Req() req: Request,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const form = loginForm.safeParse(body ?? {});
    if (!form.success) {
      this.kit.loginPage(req, res, '/account', 'Enter your email address.', 400);
      return;
    }
    if (!this.a.forms.check(req, form.data.csrf)) return this.kit.refused(res, false);
    try {
      await this.a.access.requestLink(form.data.email, safeNext(form.data.next));
    } catch (err) {
      if (!(err instanceof z.ZodError)) throw err;
      this.kit.loginPage(req, res, form.data.next ?? '', 'Enter a valid email address.', 400);
      return;
    }
    this.kit.loginPage(
      req,
      res,
      form.data.next ?? '',
      'Check your inbox: if this address has a GammaDesk account, a sign-in link is on its way.',
    );
  }

  @Get('login')
  async linkPage(
    @Req() req: Request,
    @Query() query: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const q = linkQuery.safeParse(query ?? {});
    const usable = q.success ? await this.a.access.linkUsable(q.data.token) : false;
    this.kit.html(
      res,
      this.a.views.render('login-confirm', {
        title: 'Sign in',
        signedIn: false,
        usable,
        token: q.success ? q.data.token : '',
        next: safeNext(q.success ? q.data.next : undefined),
        csrf: this.a.forms.issue(req, res),
      }),
      usable ? 200 : 410,
    );
  }

  @Post('login/confirm')
  async confirm(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = confirmForm.safeParse(body ?? {});
    if (!form.success || !this.a.forms.check(req, form.data.csrf)) {
      return this.kit.refused(res, false);
    }
    const signedIn = await this.a.access.signIn(form.data.token);
    if (!signedIn) {
      this.kit.html(
        res,
        this.a.views.render('login-confirm', {
          title: 'Sign in',
          signedIn: false,
          usable: false,
          token: '',
          next: '/account',
          csrf: '',
        }),
        410,
      );
      return;
    }
    this.kit.setSessionCookie(res, signedIn.cookie);
    res.redirect(303, safeNext(form.data.next));
  }

  @Post('logout')
  async logout(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const session = await this.kit.session(req);
    const form = csrfForm.safeParse(body ?? {});
    if (session && form.success && this.a.sessions.checkCsrf(session, form.data.csrf)) {
      await this.a.sessions.revoke(session);
      this.kit.clearSessionCookie(res);
    }
    res.redirect(303, '/account');
  }

  @Post('logout-all')
  async logoutAll(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const session = await this.kit.session(req);
    const form = csrfForm.safeParse(body ?? {});
    if (session && form.success && this.a.sessions.checkCsrf(session, form.data.csrf)) {
      await this.a.sessions.revokeAll(session.subscriberId);
      this.kit.clearSessionCookie(res);
    }
    res.redirect(303, '/account');
  }
}
