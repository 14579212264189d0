import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PortalPages } from '../portal/portal-pages.js';
import { AdminLoginRequired, AdminRefused } from './access-errors.js';

/**
 * Turns the access guard's refusals into what a browser needs: the login page for a missing
 * session, a 403 page saying why for a role or CSRF refusal. The operator API gets JSON.
 */
@Catch(AdminLoginRequired, AdminRefused)
export class AdminAccessFilter implements ExceptionFilter {
  constructor(@Inject(PortalPages) private readonly pages: PortalPages) {}

  catch(error: AdminLoginRequired | AdminRefused, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (req.path.startsWith('/api/')) {
      res.status(error.getStatus()).json(error.getResponse());
      return;
    }
    if (error instanceof AdminLoginRequired) {
      res.redirect(303, '/admin/login');
      return;
    }
    res
      .status(403)
      .type('html')
      .send(this.pages.render(req, 'denied', { title: 'Not allowed', reason: error.explanation }));
  }
}
