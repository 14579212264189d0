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
import { CLOCK } from '../../core/tokens.js';
import { ADMIN_PANELS, type AdminPanel } from './admin-panel.js';
import { safeEqual } from '../../common/safe-equal.js';
import { AdminSessions } from './admin-session.js';
import { AdminViews } from './admin-views.js';

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
  private readonly views = new AdminViews();

  constructor(
    @Inject(CONFIG_SLICE.admin) private readonly config: AdminConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ADMIN_PANELS) private readonly panels: AdminPanel[],
  ) {
    this.sessions = new AdminSessions(
      config.ADMIN_SESSION_SECRET,
      config.ADMIN_SESSION_HOURS * 3_600_000,
    );
  }

  @Get('login')
  loginPage(@Res() res: Response): void {
    this.ensureEnabled();
    res.type('html').send(this.views.render('login', { title: 'Sign in', error: null }));
  }

  @Post('login')
  login(@Body() body: unknown, @Res() res: Response): void {
    const expected = this.ensureEnabled();
    const parsed = loginBody.safeParse(body);
    if (!parsed.success || !safeEqual(parsed.data.password, expected)) {
      res
        .status(401)
        .type('html')
        .send(this.views.render('login', { title: 'Sign in', error: 'Wrong password.' }));
      return;
    }
    res.cookie(COOKIE, this.sessions.issue(this.clock.now()), {
      httpOnly: true,
      sameSite: 'strict',
      path: '/admin',
      maxAge: this.config.ADMIN_SESSION_HOURS * 3_600_000,
    });
    res.redirect(303, '/admin');
  }

  @Post('logout')
  logout(@Req() req: Request, @Body() body: unknown, @Res() res: Response): void {
    const session = this.session(req);
    if (session && this.sessions.checkCsrf(session, (body as { csrf?: unknown })?.csrf)) {
      res.clearCookie(COOKIE, { path: '/admin' });
    }
    res.redirect(303, '/admin/login');
  }

  @Get()
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = this.requireSession(req, res);
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
        csrf: this.sessions.csrfToken(session),
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
    const session = this.requireSession(req, res);
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
        csrf: this.sessions.csrfToken(session),
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
    const session = this.requireSession(req, res);
    if (!session) return;
    const panel = this.findPanel(id);
    const action = panel.actions?.[actionId];
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

  private session(req: Request): string | null {
    const cookie = parseCookies(req.headers.cookie)[COOKIE];
    return this.sessions.verify(cookie, this.clock.now());
  }

  private requireSession(req: Request, res: Response): string | null {
    this.ensureEnabled();
    const session = this.session(req);
    if (!session) res.redirect(303, '/admin/login');
    return session;
  }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
