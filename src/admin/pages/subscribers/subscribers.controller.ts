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
import { CurrentAdmin, type AdminPrincipal } from '../../access/principal.js';
import { RequireRole } from '../../access/require-role.js';
import { PortalPages } from '../../portal/portal-pages.js';
import { isUuid } from '../../../subscribers/subscriber-store.js';
import { TIERS } from '../../../vocabulary/tier.js';
import { ADMIN_PAGES, type AdminPages } from '../admin-pages.js';
import { flashOf, runAction } from '../page-flash.js';

const searchQuery = z.object({ q: z.string().trim().max(320).optional() });

/** Subscribers: search by any handle, a subscriber's page, and the confirmed, audited actions. */
@Controller('admin/subscribers')
@RequireRole('viewer')
export class SubscriberPagesController {
  constructor(
    @Inject(ADMIN_PAGES) private readonly pages: AdminPages,
    @Inject(PortalPages) private readonly portal: PortalPages,
  ) {}

  @Get()
  async search(@Req() req: Request, @Res() res: Response, @Query() raw: unknown): Promise<void> {
    const parsed = searchQuery.safeParse(raw);
    const q = parsed.success ? (parsed.data.q ?? '') : '';
    const hits = q ? await this.pages.directory.search(q) : [];
    res.type('html').send(
      this.portal.render(req, 'subscribers', {
        title: 'Subscribers',
        q,
        searched: q !== '',
        hits,
      }),
    );
  }

  @Get(':id')
  async page(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<void> {
    const sub = isUuid(id) ? await this.pages.subscriber(id) : null;
    if (!sub) throw new NotFoundException('no such subscriber');
    const today = new Date(this.pages.clock.now()).toISOString().slice(0, 10);
    res.type('html').send(
      this.portal.render(req, 'subscriber', {
        title: `Subscriber ${sub.email}`,
        sub,
        flash: flashOf(query),
        tiers: TIERS,
        compUntilDefault: new Date(Date.parse(today) + 30 * 86_400_000).toISOString().slice(0, 10),
      }),
    );
  }

  @Post(':id/actions/:action')
  @RequireRole('editor')
  async act(
    @Res() res: Response,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @CurrentAdmin() admin: AdminPrincipal,
  ): Promise<void> {
    const actions = this.pages.subscriberActions;
    if (!isUuid(id) || !actions.isAction(action)) throw new NotFoundException();
    await runAction(res, `/admin/subscribers/${id}`, () =>
      actions.run(id, action, body, admin.actor),
    );
  }
}
