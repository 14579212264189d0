import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Every page of ours loads scripts, styles and images only from this origin, and is never framed. */
const STRICT_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // The demo serves the portal over plain HTTP on any host; upgrading would break its forms.
  upgradeInsecureRequests: null,
};

function headers(directives: Record<string, string[] | null>) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * Security headers on every response (helmet): CSP, frame-ancestors 'none', nosniff, no-referrer
 * (confirmation and unsubscribe links carry tokens), HSTS. The API docs (Swagger UI) ship inline
 * styles, so /docs alone also allows those.
 */
export function securityHeaders() {
  const strict = headers(STRICT_DIRECTIVES);
  const docs = headers({ ...STRICT_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] });
  return (req: Request, res: Response, next: NextFunction): void => {
    const isDocs = req.path === '/docs' || req.path.startsWith('/docs/');
    (isDocs ? docs : strict)(req, res, next);
  };
}
