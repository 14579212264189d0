/**
 * What every subscriber page handler shares: the session of a request, the CSRF token a page's
 * forms carry (the session's, or the anonymous double-submit token before sign-in), and sending
 * HTML with no-store caching and a CSP whose form-action also allows Stripe's hosted pages (the
 * checkout and portal forms redirect there; browsers check form-action on redirects).
 */
import type { Request, Response } from 'express';
import { safeNext } from '../account-access.js';
import type { AccountServices } from '../account.composition.js';
import type { AccountSession } from '../account-sessions.js';
import { cookieOf, cookieOptions, SESSION_COOKIE } from './cookies.js';
import type { MessagePage } from './site-views.js';

export class PageKit {
  constructor(readonly a: AccountServices) {}

  session(req: Request): Promise<AccountSession | null> {
    return this.a.sessions.verify(cookieOf(req, SESSION_COOKIE), this.a.clock.now());
  }

  csrfFor(req: Request, res: Response, session: AccountSession | null): string {
    return session ? session.csrf : this.a.forms.issue(req, res);
  }

  checkCsrf(req: Request, session: AccountSession | null, posted: unknown): boolean {
    return session ? this.a.sessions.checkCsrf(session, posted) : this.a.forms.check(req, posted);
  }

  setSessionCookie(res: Response, value: string): void {
    res.cookie(
      SESSION_COOKIE,
      value,
      cookieOptions(this.a.publicBaseUrl, this.a.sessions.lifetimeMs),
    );
  }

  clearSessionCookie(res: Response): void {
    const { maxAge: _unused, ...options } = cookieOptions(this.a.publicBaseUrl);
    res.clearCookie(SESSION_COOKIE, options);
  }

  html(res: Response, html: string, status = 200): void {
    const csp = res.getHeader('content-security-policy');
    if (typeof csp === 'string') {
      res.setHeader(
        'content-security-policy',
        csp.replace("form-action 'self'", `form-action 'self' ${this.a.stripeOrigins.join(' ')}`),
      );
    }
    res.status(status).type('html').set('cache-control', 'no-store').send(html);
  }

  message(res: Response, page: MessagePage, signedIn: boolean, status = 200): void {
    this.html(res, this.a.views.message(page, signedIn), status);
  }

  /** The sign-in form (what /account and /signals/… show without a session). */
  loginPage(req: Request, res: Response, next: string, notice: string | null, status = 200): void {
    this.html(
      res,
      this.a.views.render('login', {
        title: 'Sign in',
        signedIn: false,
        csrf: this.a.forms.issue(req, res),
        next: safeNext(next),
        notice,
        linkMinutes: this.a.config.ACCOUNT_LOGIN_LINK_MINUTES,
      }),
      status,
    );
  }

  /** A refused form (stale or forged CSRF token): a page that says what to do. */
  refused(res: Response, signedIn: boolean): void {
    this.message(
      res,
      {
        title: 'Form expired',
        heading: 'This form has expired',
        paragraphs: ['Go back, reload the page and try again.'],
        links: [{ href: signedIn ? '/account' : '/pricing', label: 'Back' }],
      },
      signedIn,
      403,
    );
  }
}
