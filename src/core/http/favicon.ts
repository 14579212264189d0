import type { NextFunction, Request, Response } from 'express';

/**
 * GammaDesk's icon, served at /favicon.ico and /favicon.svg so no page logs a 404 for it. Both
 * are same-origin images, allowed by the CSP's img-src 'self'. The ICO is a 16×16 PNG in an ICO
 * wrapper (every browser reads it); the SVG is what the pages link.
 */
const ICO = Buffer.from(
  'AAABAAEAEBAAAAEAIABoAAAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAQAAAAEAgGAAAAH/P/YQAAAC9JREFUeNpjYAACWRXj/' +
    '+RgBko0ww2hugGfNprgxfQzgGIvjBowpA2gf16gNDsDAPbKmaR7h5doAAAAAElFTkSuQmCC',
  'base64',
);

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">' +
  '<rect width="16" height="16" rx="3" fill="#1d2433"/>' +
  '<path d="M4 3h8v2H6v8H4z" fill="#f2b134"/></svg>';

const ICONS: Record<string, { type: string; body: Buffer | string }> = {
  '/favicon.ico': { type: 'image/x-icon', body: ICO },
  '/favicon.svg': { type: 'image/svg+xml', body: SVG },
};

export function favicon() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const icon = req.method === 'GET' || req.method === 'HEAD' ? ICONS[req.path] : undefined;
    if (!icon) {
      next();
      return;
    }
    res.type(icon.type).set('cache-control', 'public, max-age=86400').send(icon.body);
  };
}
