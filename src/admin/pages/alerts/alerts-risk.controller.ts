import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireRole } from '../../access/require-role.js';
import { PortalPages } from '../../portal/portal-pages.js';
import { ADMIN_PAGES, type AdminPages } from '../admin-pages.js';

/** The overseer's recent alerts and the day's risk rejections by rule. */
@Controller('admin/alerts')
@RequireRole('viewer')
export class AlertsRiskController {
  constructor(
    @Inject(ADMIN_PAGES) private readonly pages: AdminPages,
    @Inject(PortalPages) private readonly portal: PortalPages,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const data = await this.pages.alertsRisk();
    res.type('html').send(this.portal.render(req, 'alerts', { title: 'Alerts & risk', ...data }));
  }
}
