import type { NextFunction, Request, Response } from 'express';

/**
 * Endpoints that take other formats than JSON: signed provider webhooks (raw bodies), the
 * RFC 8058 one-click unsubscribe and the confirmation button (HTML forms), and the admin portal
 * (forms, protected by its SameSite=Strict session and CSRF token); the subscriber pages' forms
 * (/pricing, /account: a CSRF token on every form).
 */
const OWN_FORMATS = new Set([
  '/pricing/checkout',
  '/pricing/free',
  '/billing/webhook',
  '/discord/interactions',
  '/telegram/webhook',
  '/email/unsubscribe',
  '/subscribers/confirm',
]);

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Refuses (415) a request body that is not JSON on the JSON endpoints. A cross-site HTML form can
 * only send form-encoded, multipart or text bodies without a preflight, so this closes the
 * cross-site form POST to the JSON API.
 */
export function jsonOnlyBodies() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (
      !hasBody(req) ||
      req.method === 'GET' ||
      req.method === 'HEAD' ||
      OWN_FORMATS.has(req.path) ||
      req.path === '/admin' ||
      req.path.startsWith('/admin/') ||
      req.path.startsWith('/account/') ||
      JSON_TYPE.test(req.headers['content-type'] ?? '')
    ) {
      next();
      return;
    }
    res.status(415).json({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'send the body as application/json',
    });
  };
}
