import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import type { AdminRequest } from '../access/principal.js';
import { roleAllows } from '../access/roles.js';
import { AdminViews } from './admin-views.js';
import { PORTAL_NAV } from './nav.js';

/** The trading switches as the header of every page shows them. */
export interface HeaderControls {
  halted: boolean;
  haltReason: string | null;
  /**
   * The market is closed and no operator's halt holds: quiet feeds are expected, so the header
   * says "Market closed" rather than "Trading live" or alarming the operator.
   */
  marketClosed: boolean;
  paperOnly: boolean;
  manualMode: boolean;
  taper: number;
  disabledStrategies: string[];
  /** Candidates waiting in the manual queue. */
  waiting: number;
}

/** Reads the current switches (synchronously: a cached state, refreshed by the controls). */
export const HEADER_CONTROLS = Symbol('HeaderControls');
export type HeaderControlsSource = () => HeaderControls | null;

/**
 * Renders a portal page for the signed-in user: their navigation (by role), their email and
 * role, the session's CSRF token (as `csrf` in the page's own context too, for its forms), and
 * the trading controls' state in the header.
 *
 *   res.type('html').send(pages.render(req, 'subscribers', { title: 'Subscribers', rows }));
 */
@Injectable()
export class PortalPages {
  readonly views = new AdminViews();

  constructor(
    @Optional() @Inject(HEADER_CONTROLS) private readonly controls?: HeaderControlsSource,
  ) {}

  render(req: Request, page: string, context: Record<string, unknown> & { title: string }): string {
    const principal = (req as AdminRequest).adminPrincipal;
    const csrf = principal?.session?.csrf ?? null;
    const nav = principal ? PORTAL_NAV.filter((n) => roleAllows(principal.role, n.role)) : [];
    return this.views.render(
      page,
      { csrf, ...context },
      {
        nav,
        user: principal?.session ? { email: principal.actor, role: principal.role } : null,
        csrf,
        controls: principal ? (this.controls?.() ?? null) : null,
      },
    );
  }
}
