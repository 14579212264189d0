import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../common/clock.js';
import { CONFIG_SLICE, type AdminConfig } from '../../config/slices.js';
import type { Database } from '../../database/database.js';
import { CLOCK, DATABASE } from '../../core/tokens.js';
import { ADMIN_PANELS, type AdminPanel } from './admin-panel.js';
import { safeEqual } from '../../common/safe-equal.js';
import { AdminSessions, type AdminSession } from './admin-session.js';
import { AdminViews } from './admin-views.js';
import { LOGIN_LOCKOUT, LoginLockout } from './login-lockout.js';
import { parseCookies, sessionCookieIsSecure } from './cookies.js';

const COOKIE = 'gd_admin';
const loginBody = z.object({ password: z.string().min(1).max(500) });
const actionBody = z.object({ key: z.string().min(1).max(200), csrf: z.string().min(1) });

/**
 * The admin portal: server-rendered pages behind a password login. Each page is a panel read
 * from one module's services; row actions (resend a dead letter, comp a tier…) are CSRF-checked.
 * Disabled (404 everywhere) when ADMIN_PASSWORD is unset.
 */
@Controller('admin')
export class AdminPortalController {
  private readonly sessions: AdminSessions;
  private readonly lockout: LoginLockout;
  private readonly views = new AdminViews();
  private readonly secureCookie: boolean;

  constructor(
    @Inject(CONFIG_SLICE.admin) private readonly config: AdminConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) database: Database,
    @Inject(ADMIN_PANELS) private readonly panels: AdminPanel[],
  ) {
    this.sessions = new AdminSessions(database.dataSource, config.ADMIN_SESSION_HOURS * 3_600_000);
    this.lockout = new LoginLockout(database.dataSource);
    this.secureCookie = sessionCookieIsSecure(config.PUBLIC_BASE_URL);
  }

  @Get('portal.css')
  stylesheet(@Res() res: Response): void {
    this.ensureEnabled();
    res.type('text/css').set('cache-control', 'public, max-age=3600').send(this.views.stylesheet);
  }

  @Get('login')
  loginPage(@Res() res: Response): void {
    this.ensureEnabled();
    res.type('html').send(this.views.render('login', { title: 'Sign in', error: null }));
  }

  @Post('login')
  async login(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const expected = this.ensureEnabled();
    const now = this.clock.now();
    const ipKey = `ip:${req.ip ?? 'unknown'}`;
    // While locked, even the right password is refused: guessing gains nothing.
    const lockedMs = await this.lockout.lockedFor([ipKey, 'account'], now);
    if (lockedMs > 0) {
      this.refuseLocked(res, lockedMs);
      return;
    }
    const parsed = loginBody.safeParse(body);
    if (!parsed.success || !safeEqual(parsed.data.password, expected)) {
      const lockMs = await this.lockout.recordFailure(
        { [ipKey]: LOGIN_LOCKOUT.ip, account: LOGIN_LOCKOUT.account },
        now,
      );
      if (lockMs > 0) {
        this.refuseLocked(res, lockMs);
        return;
      }
      res
        .status(401)
        .type('html')
        .send(this.views.render('login', { title: 'Sign in', error: 'Wrong password.' }));
      return;
    }
    await this.lockout.reset([ipKey, 'account']);
    res.cookie(COOKIE, await this.sessions.issue(now), {
      httpOnly: true,
      secure: this.secureCookie,
      sameSite: 'strict',
      path: '/admin',
      maxAge: this.config.ADMIN_SESSION_HOURS * 3_600_000,
    });
    res.redirect(303, '/admin');
  }

  @Post('logout')
  async logout(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const session = await this.session(req);
    if (session && this.sessions.checkCsrf(session, (body as { csrf?: unknown })?.csrf)) {
      await this.sessions.revoke(session); // the cookie is dead everywhere, not only here
      res.clearCookie(COOKIE, { path: '/admin', secure: this.secureCookie });
    }
    res.redirect(303, '/admin/login');
  }

  @Get()
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.requireSession(req, res);
    if (!session) return;
    const panels = await Promise.all(
      this.panels.map(async (p) => ({
        id: p.id,
        title: p.title,
        description: p.description,
        figures: p.figures ? await p.figures().catch(() => ({ error: 'unavailable' })) : {},
      })),
    );
    res.type('html').send(
      this.views.render('overview', {
        title: 'Overview',
        nav: this.nav(),
        panels,
        csrf: session.csrf,
      }),
    );
  }

  @Get('p/:id')
  async panel(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Query('message') message?: string,
  ): Promise<void> {
    const session = await this.requireSession(req, res);
    if (!session) return;
    const panel = this.findPanel(id);
    // A stage that is not running in this process (or fails) shows as unavailable, not as a 500.
    const unavailable = (err: unknown) => ({
      columns: ['unavailable'],
      rows: [[err instanceof Error ? err.message : String(err)]],
    });
    const [table, figures] = await Promise.all([
      panel.table().catch(unavailable),
      panel.figures
        ? panel.figures().catch(() => ({ figures: 'unavailable' }))
        : Promise.resolve({}),
    ]);
    const actions = Object.entries(panel.actions ?? {}).map(([actionId, a]) => ({
      id: actionId,
      label: a.label,
    }));
    res.type('html').send(
      this.views.render('panel', {
        title: panel.title,
        nav: this.nav(),
        panel: { id: panel.id, title: panel.title, description: panel.description },
        figures,
        table: {
          columns: table.columns,
          rows: table.rows.map((cells) => ({ key: String(cells[0] ?? ''), cells })),
        },
        actions,
        message: typeof message === 'string' ? message.slice(0, 300) : null,
        csrf: session.csrf,
      }),
    );
  }

  @Post('p/:id/actions/:action')
  async action(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Param('action') actionId: string,
    @Body() body: unknown,
  ): Promise<void> {
    const session = await this.requireSession(req, res);
    if (!session) return;
    const panel = this.findPanel(id);
    // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
    const actions = panel.actions ?? {};
    const action = Object.hasOwn(actions, actionId) ? actions[actionId] : undefined;
    if (!action) throw new NotFoundException(`no action ${actionId} on ${id}`);
    const parsed = actionBody.safeParse(body);
    if (!parsed.success || !this.sessions.checkCsrf(session, parsed.data.csrf)) {
      res.status(403).send('The form expired or did not come from this portal. Go back and retry.');
      return;
    }
    const message = await action
      .run(parsed.data.key)
      .catch((err: unknown) => `Failed: ${err instanceof Error ? err.message : String(err)}`);
    res.redirect(303, `/admin/p/${encodeURIComponent(id)}?message=${encodeURIComponent(message)}`);
  }

  private nav(): { href: string; title: string }[] {
    return [
      { href: '/admin', title: 'Overview' },
      ...this.panels.map((p) => ({ href: `/admin/p/${p.id}`, title: p.title })),
    ];
  }

  private findPanel(id: string): AdminPanel {
    const panel = this.panels.find((p) => p.id === id);
    if (!panel) throw new NotFoundException(`no admin page ${id}`);
    return panel;
  }

  private ensureEnabled(): string {
    if (!this.config.ADMIN_PASSWORD) throw new NotFoundException();
    return this.config.ADMIN_PASSWORD;
  }

  private refuseLocked(res: Response, lockedMs: number): void {
    const seconds = Math.ceil(lockedMs / 1000);
    res
      .status(429)
      .set('retry-after', String(seconds))
      .type('html')
      .send(
        this.views.render('login', {
          title: 'Sign in',
          error: `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
        }),
      );
  }

  private session(req: Request): Promise<AdminSession | null> {
    const cookie = parseCookies(req.headers.cookie).get(COOKIE);
    return this.sessions.verify(cookie, this.clock.now());
  }

  private async requireSession(req: Request, res: Response): Promise<AdminSession | null> {
    this.ensureEnabled();
    const session = await this.session(req);
    if (!session) res.redirect(303, '/admin/login');
    return session;
  }
}
