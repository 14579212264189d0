/**
 * An email's HTML served for the portal's sandboxed <iframe>: it may do nothing but show itself
 * — its own inline styles and images, no script, no form, no navigation (CSP sandbox), and only
 * the portal may frame it. Replaces the portal's strict CSP and frame denial on this response.
 */
import type { Response } from 'express';

export const EMAIL_FRAME_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data: https:',
  "form-action 'none'",
  "frame-ancestors 'self'",
  'sandbox',
].join('; ');

export function sendEmailFrame(res: Response, html: string): void {
  res
    .set('content-security-policy', EMAIL_FRAME_CSP)
    .set('x-frame-options', 'SAMEORIGIN')
    .set('cache-control', 'no-store')
    .type('html')
    .send(html);
}
