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
import { ADMIN_ACCESS, type AdminAccess } from '../access/access.js';
import { principalOf } from '../access/principal.js';
import { RequireRole } from '../access/require-role.js';
import { ADMIN_PANELS, type AdminPanel } from './admin-panel.js';
import { PortalPages } from './portal-pages.js';

const actionBody = z.object({ key: z.string().min(1).max(200) });

/**
 * The portal's overview and its read-only panels (one module's services each), with row
 * actions (resend a dead letter…) for editors. Sign-in, roles and CSRF: see the access guard.
 */
@Controller('admin')
@RequireRole('viewer')
export class AdminPortalController {
  constructor(
    @Inject(ADMIN_PANELS) private readonly panels: AdminPanel[],
    @Inject(PortalPages) private readonly pages: PortalPages,
    @Inject(ADMIN_ACCESS) private readonly access: AdminAccess,
  ) {}

  @Get()
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    const panels = await Promise.all(
      this.panels.map(async (p) => ({
        id: p.id,
        title: p.title,
        description: p.description,
        figures: p.figures ? await p.figures().catch(() => ({ error: 'unavailable' })) : {},
      })),
    );
    res.type('html').send(this.pages.render(req, 'overview', { title: 'Overview', panels }));
  }

  @Get('p/:id')
  async panel(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Query('message') message?: string,
  ): Promise<void> {
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
      this.pages.render(req, 'panel', {
        title: panel.title,
        panel: { id: panel.id, title: panel.title, description: panel.description },
        figures,
        table: {
          columns: table.columns,
          rows: table.rows.map((cells) => ({ key: String(cells[0] ?? ''), cells })),
        },
        actions,
        message: typeof message === 'string' ? message.slice(0, 300) : null,
      }),
    );
  }

  @Post('p/:id/actions/:action')
  @RequireRole('editor')
  async action(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Param('action') actionId: string,
    @Body() body: unknown,
  ): Promise<void> {
    const panel = this.findPanel(id);
    // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
    const actions = panel.actions ?? {};
    const action = Object.hasOwn(actions, actionId) ? actions[actionId] : undefined;
    if (!action) throw new NotFoundException(`no action ${actionId} on ${id}`);
    const parsed = actionBody.safeParse(body);
    if (!parsed.success) {
      res.redirect(
        303,
        `/admin/p/${encodeURIComponent(id)}?message=${encodeURIComponent('No row given.')}`,
      );
      return;
    }
    const message = await action
      .run(parsed.data.key)
      .catch((err: unknown) => `Failed: ${err instanceof Error ? err.message : String(err)}`);
    await this.access.audit.record({
      actor: principalOf(req).actor,
      action: `${panel.id}.${actionId}`,
      target: parsed.data.key,
      before: null,
      after: { result: message },
    });
    res.redirect(303, `/admin/p/${encodeURIComponent(id)}?message=${encodeURIComponent(message)}`);
  }

  private findPanel(id: string): AdminPanel {
    const panel = this.panels.find((p) => p.id === id);
    if (!panel) throw new NotFoundException(`no admin page ${id}`);
    return panel;
  }
}
