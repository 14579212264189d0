import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../access/require-role.js';

/** `/admin` itself: the portal opens on the dashboard. */
@Controller('admin')
@RequireRole('viewer')
export class AdminPortalController {
  @Get()
  home(@Res() res: Response): void {
    res.redirect(303, '/admin/dashboard');
  }
}
