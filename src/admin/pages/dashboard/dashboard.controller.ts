import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole } from '../../access/require-role.js';
import { PortalPages } from '../../portal/portal-pages.js';
import { ADMIN_PAGES, type AdminPages } from '../admin-pages.js';

/** The dashboard: business figures and charts, today's signals and P&L, system health. */
@Controller('admin/dashboard')
@RequireRole('viewer')
export class DashboardController {
  constructor(
    @Inject(ADMIN_PAGES) private readonly pages: AdminPages,
    @Inject(PortalPages) private readonly portal: PortalPages,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const data = await this.pages.dashboard();
    res.type('html').send(this.portal.render(req, 'dashboard', { title: 'Dashboard', ...data }));
  }
}
