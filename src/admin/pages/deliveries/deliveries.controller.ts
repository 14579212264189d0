import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentAdmin, type AdminPrincipal } from '../../access/principal.js';
import { RequireRole } from '../../access/require-role.js';
import { PortalPages } from '../../portal/portal-pages.js';
import { ADMIN_PAGES, type AdminPages } from '../admin-pages.js';
import { flashOf, redirectWith, runAction } from '../page-flash.js';

/** Dead letters with their errors and resend (single and bulk); the outbox. */
@Controller('admin/deliveries')
@RequireRole('viewer')
export class DeliveryPagesController {
  constructor(
    @Inject(ADMIN_PAGES) private readonly pages: AdminPages,
    @Inject(PortalPages) private readonly portal: PortalPages,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @Query() query: unknown): Promise<void> {
    const page = this.pages.deliveries;
    res.type('html').send(
      this.portal.render(req, 'deliveries', {
        title: 'Deliveries',
        available: page !== null,
        flash: flashOf(query),
        ...(page ? await page.view() : { counts: {}, letters: [], outbox: [] }),
      }),
    );
  }

  @Post('resend')
  @RequireRole('editor')
  async resend(
    @Res() res: Response,
    @Body() body: unknown,
    @CurrentAdmin() admin: AdminPrincipal,
  ): Promise<void> {
    const page = this.pages.deliveries;
    if (!page) {
      redirectWith(res, '/admin/deliveries', 'distribution does not run in this process', true);
      return;
    }
    await runAction(res, '/admin/deliveries', () => page.resend(body, admin.actor));
  }
}
