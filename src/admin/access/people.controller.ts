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
import { CLOCK } from '../../core/tokens.js';
import { atMinute } from '../pages/page-format.js';
import { PortalPages } from '../portal/portal-pages.js';
import { ADMIN_ACCESS, type AdminAccess } from './access.js';
import { AdminUserError, type AdminUser } from './admin-users.js';
import { principalOf } from './principal.js';
import { RequireRole } from './require-role.js';
import { ADMIN_ROLES } from './roles.js';
import { AdminSessions } from './session-store.js';

const createBody = z.object({
  email: z.string().trim().min(3).max(254),
  role: z.enum(ADMIN_ROLES),
  password: z.string().min(1).max(500),
});
const roleBody = z.object({ role: z.enum(ADMIN_ROLES) });
const disableBody = z.object({ disabled: z.enum(['true', 'false']) });

const stamp = (ms: number | null) => (ms === null ? '—' : atMinute(ms));
const back = (res: Response, to: string, message: string) =>
  res.redirect(303, `${to}?message=${encodeURIComponent(message)}`);

/**
 * People: admins list, create and disable admin users, change roles and end anyone's session;
 * every user sees and ends their own sessions (/admin/account). Each change is audited.
 */
@Controller('admin')
@RequireRole('admin')
export class PeopleController {
  constructor(
    @Inject(ADMIN_ACCESS) private readonly access: AdminAccess,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PortalPages) private readonly pages: PortalPages,
  ) {}

  @Get('users')
  async users(@Req() req: Request, @Res() res: Response, @Query('message') message?: unknown) {
    const users = (await this.access.users.list()).map((u) => ({
      ...u,
      created: stamp(u.createdAt),
      disabled: u.disabledAt !== null,
      roles: ADMIN_ROLES.map((r) => ({ role: r, selected: r === u.role })),
    }));
    res.type('html').send(
      this.pages.render(req, 'users', {
        title: 'People',
        users,
        roles: ADMIN_ROLES,
        message: typeof message === 'string' ? message.slice(0, 300) : null,
      }),
    );
  }

  @Post('users')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const parsed = createBody.safeParse(body);
    if (!parsed.success)
      return back(res.status(303), '/admin/users', 'Give an email, a role and a password.');
    try {
      const user = await this.access.users.create(
        parsed.data.email,
        parsed.data.role,
        parsed.data.password,
        this.clock.now(),
      );
      await this.audit(req, 'user.create', user.email, null, { role: user.role });
      back(res, '/admin/users', `Created ${user.email} (${user.role}).`);
    } catch (err) {
      if (!(err instanceof AdminUserError)) throw err;
      back(res, '/admin/users', `Not created: ${err.message}.`);
    }
  }

  @Post('users/:id/role')
  async setRole(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const user = await this.user(id);
    const parsed = roleBody.safeParse(body);
    if (!parsed.success) return back(res, `/admin/users`, 'Choose a role.');
    if (user.role === 'admin' && parsed.data.role !== 'admin' && (await this.lastAdmin(user))) {
      return back(res, '/admin/users', `${user.email} is the last enabled admin: the role stays.`);
    }
    await this.access.users.setRole(user.id, parsed.data.role);
    await this.audit(req, 'user.role', user.email, { role: user.role }, { role: parsed.data.role });
    back(res, '/admin/users', `${user.email} is now ${parsed.data.role}.`);
  }

  @Post('users/:id/disable')
  async setDisabled(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const user = await this.user(id);
    const parsed = disableBody.safeParse(body);
    if (!parsed.success) return back(res, '/admin/users', 'Nothing to change.');
    const disabled = parsed.data.disabled === 'true';
    if (disabled && user.role === 'admin' && (await this.lastAdmin(user))) {
      return back(res, '/admin/users', `${user.email} is the last enabled admin: not disabled.`);
    }
    await this.access.users.setDisabled(user.id, disabled, this.clock.now());
    await this.audit(
      req,
      disabled ? 'user.disable' : 'user.enable',
      user.email,
      { disabled: user.disabledAt !== null },
      { disabled },
    );
    back(
      res,
      '/admin/users',
      `${user.email} ${disabled ? 'disabled (sessions ended)' : 'enabled'}.`,
    );
  }

  @Get('users/:id')
  async userPage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Query('message') message?: unknown,
  ) {
    const user = await this.user(id);
    await this.sendSessions(req, res, user, `/admin/users/${user.id}`, message);
  }

  @Post('users/:id/sessions/:handle/revoke')
  async revoke(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Param('handle') handle: string,
  ) {
    const user = await this.user(id);
    const done = await this.access.sessions.revokeHandle(user.id, handle);
    if (done) await this.audit(req, 'session.revoke', user.email, { session: handle }, null);
    back(res, `/admin/users/${user.id}`, done ? 'Session ended.' : 'No such session.');
  }

  @Get('account')
  @RequireRole('viewer')
  async account(@Req() req: Request, @Res() res: Response, @Query('message') message?: unknown) {
    const user = await this.user(principalOf(req).userId ?? '');
    await this.sendSessions(req, res, user, '/admin/account', message);
  }

  @Post('account/sessions/:handle/revoke')
  @RequireRole('viewer')
  async revokeOwn(@Req() req: Request, @Res() res: Response, @Param('handle') handle: string) {
    const user = await this.user(principalOf(req).userId ?? '');
    const done = await this.access.sessions.revokeHandle(user.id, handle);
    if (done) await this.audit(req, 'session.revoke', user.email, { session: handle }, null);
    back(res, '/admin/account', done ? 'Session ended.' : 'No such session.');
  }

  private async sendSessions(
    req: Request,
    res: Response,
    user: AdminUser,
    base: string,
    message: unknown,
  ) {
    const current = principalOf(req).session;
    const sessions = (await this.access.sessions.listFor(user.id, this.clock.now())).map((s) => ({
      ...s,
      created: stamp(s.createdAt),
      seen: stamp(s.lastSeenAt),
      expires: stamp(s.expiresAt),
      current: current !== null && AdminSessions.handleOf(current) === s.handle,
      revoke: `${base}/sessions/${s.handle}/revoke`,
    }));
    res.type('html').send(
      this.pages.render(req, 'sessions', {
        title: `Sessions of ${user.email}`,
        user: { email: user.email, role: user.role },
        sessions,
        message: typeof message === 'string' ? message.slice(0, 300) : null,
      }),
    );
  }

  private async user(id: string): Promise<AdminUser> {
    const user = await this.access.users.byId(id);
    if (!user) throw new NotFoundException('no such admin user');
    return user;
  }

  private async lastAdmin(user: AdminUser): Promise<boolean> {
    const admins = (await this.access.users.list()).filter(
      (u) => u.role === 'admin' && u.disabledAt === null,
    );
    return admins.length === 1 && admins[0].id === user.id;
  }

  private async audit(
    req: Request,
    action: string,
    target: string,
    before: Record<string, string | boolean> | null,
    after: Record<string, string | boolean> | null,
  ) {
    await this.access.audit.record({
      actor: principalOf(req).actor,
      action,
      target,
      before,
      after,
    });
  }
}
