import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../common/clock.js';
import { safeEqual } from '../../common/safe-equal.js';
import { CONFIG_SLICE, type AdminConfig } from '../../config/slices.js';
import { CLOCK } from '../../core/tokens.js';
import { ADMIN_ACCESS, type AdminAccess } from '../access/access.js';
import { SESSION_COOKIE } from '../access/access-guard.js';
import { LOGIN_LOCKOUT, lockoutKeys } from '../access/login-lockout.js';
import { principalOf } from '../access/principal.js';
import { RequireRole } from '../access/require-role.js';
import { parseCookies, sessionCookieIsSecure } from './cookies.js';
import { PortalPages } from './portal-pages.js';

/** The login form's own CSRF cookie (double submit): a page elsewhere cannot post a login. */
const LOGIN_COOKIE = 'gd_login';
const loginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(500),
  csrf: z.string().min(1).max(100),
});

/** Sign in (email and password of an admin user), sign out, and the portal's stylesheet. */
@Controller('admin')
export class LoginController {
  private readonly secureCookie: boolean;

  constructor(
    @Inject(CONFIG_SLICE.admin) private readonly config: AdminConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ADMIN_ACCESS) private readonly access: AdminAccess,
    @Inject(PortalPages) private readonly pages: PortalPages,
  ) {
    this.secureCookie = sessionCookieIsSecure(config.PUBLIC_BASE_URL);
  }

  @Get('portal.css')
  @RequireRole('public')
  stylesheet(@Res() res: Response): void {
    res
      .type('text/css')
      .set('cache-control', 'public, max-age=3600')
      .send(this.pages.views.stylesheet);
  }

  @Get('login')
  @RequireRole('public')
  async loginPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sendLogin(req, res, 200, null);
  }

  @Post('login')
  @RequireRole('public')
  async login(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const parsed = loginBody.safeParse(body);
    const expected = parseCookies(req.headers.cookie).get(LOGIN_COOKIE);
    if (parsed.success && (!expected || !safeEqual(parsed.data.csrf, expected))) {
      res
        .status(403)
        .type('html')
        .send(
          this.pages.render(req, 'denied', {
            title: 'Not allowed',
            reason:
              'The sign-in form expired or did not come from this portal. Reload it and retry.',
          }),
        );
      return;
    }
    if (!parsed.success) {
      await this.sendLogin(req, res, 400, 'Enter your email and password.');
      return;
    }
    const { email, password } = parsed.data;
    const now = this.clock.now();
    const keys = lockoutKeys(email, req.ip ?? 'unknown');
    // While locked, even the right password is refused: guessing gains nothing.
    const lockedMs = await this.access.lockout.lockedFor([keys.pair, keys.ip], now);
    if (lockedMs > 0) {
      await this.refuseLocked(req, res, lockedMs);
      return;
    }
    const user = await this.access.users.authenticate(email, password);
    if (!user) {
      const lockMs = await this.access.lockout.recordFailure(
        { [keys.pair]: LOGIN_LOCKOUT.pair, [keys.ip]: LOGIN_LOCKOUT.ip },
        now,
      );
      if (lockMs > 0) await this.refuseLocked(req, res, lockMs);
      else await this.sendLogin(req, res, 401, 'Wrong email or password.');
      return;
    }
    await this.access.lockout.reset([keys.pair, keys.ip]);
    const token = await this.access.sessions.issue(user.id, now, {
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    });
    await this.access.audit.record({
      actor: user.email,
      action: 'session.sign_in',
      target: user.email,
      before: null,
      after: { role: user.role },
    });
    res.clearCookie(LOGIN_COOKIE, { path: '/admin/login', secure: this.secureCookie });
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      secure: this.secureCookie,
      sameSite: 'strict',
      path: '/admin',
      maxAge: this.config.ADMIN_SESSION_HOURS * 3_600_000,
    });
    res.redirect(303, '/admin/dashboard');
  }

  @Post('logout')
  @RequireRole('viewer')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const principal = principalOf(req);
    if (principal.session) await this.access.sessions.revoke(principal.session); // everywhere
    res.clearCookie(SESSION_COOKIE, { path: '/admin', secure: this.secureCookie });
    res.redirect(303, '/admin/login');
  }

  private async sendLogin(
    req: Request,
    res: Response,
    status: number,
    error: string | null,
  ): Promise<void> {
    const csrf = randomBytes(24).toString('base64url');
    res.cookie(LOGIN_COOKIE, csrf, {
      httpOnly: true,
      secure: this.secureCookie,
      sameSite: 'strict',
      path: '/admin/login',
    });
    const noUsers = (await this.access.users.count()) === 0;
    res
      .status(status)
      .type('html')
      .send(this.pages.render(req, 'login', { title: 'Sign in', error, csrf, noUsers }));
  }

  private async refuseLocked(req: Request, res: Response, lockedMs: number): Promise<void> {
    const seconds = Math.ceil(lockedMs / 1000);
    res.set('retry-after', String(seconds));
    await this.sendLogin(
      req,
      res,
      429,
      `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
    );
  }
}
