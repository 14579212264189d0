import { Controller, Get, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SIGNAL_ID_RE } from '../../../engine/storage/lifecycle.js';
import { TIERS, type Tier } from '../../../vocabulary/tier.js';
import { RequireRole } from '../../access/require-role.js';
import { PortalPages } from '../../portal/portal-pages.js';
import { ADMIN_PAGES, type AdminPages } from '../admin-pages.js';
import { sendEmailFrame } from '../email-frame.js';
import { at } from '../page-format.js';
import { narrativeText, renderFor } from './signal-page.js';

/** Signals: the recent list, a signal's page, and each tier's email as a sandboxed frame. */
@Controller('admin/signals')
@RequireRole('viewer')
export class SignalPagesController {
  constructor(
    @Inject(ADMIN_PAGES) private readonly pages: AdminPages,
    @Inject(PortalPages) private readonly portal: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const since = this.pages.clock.now() - 7 * 86_400_000;
    const events = this.pages.signals
      ? await this.pages.signals.deliveries.eventsBetween(since, this.pages.clock.now() + 1)
      : [];
    const signals = events
      .filter((e) => e.update === null)
      .reverse()
      .slice(0, 200)
      .map((e) => ({
        id: e.signal.id,
        at: at(e.eventAt),
        symbol: e.signal.symbol,
        strategy: e.signal.strategy,
        direction: e.signal.direction,
      }));
    res.type('html').send(
      this.portal.render(req, 'signals', {
        title: 'Signals',
        available: this.pages.signals !== null,
        signals,
      }),
    );
  }

  @Get(':id')
  async page(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const signal = SIGNAL_ID_RE.test(id) ? await this.pages.signal(id) : null;
    if (!signal) throw new NotFoundException('no such signal');
    res.type('html').send(this.portal.render(req, 'signal', { title: `Signal ${id}`, signal }));
  }

  @Get(':id/email/:tier')
  async email(
    @Res() res: Response,
    @Param('id') id: string,
    @Param('tier') tier: string,
  ): Promise<void> {
    const deps = this.pages.signals;
    if (!deps || !SIGNAL_ID_RE.test(id) || !(TIERS as readonly string[]).includes(tier)) {
      throw new NotFoundException();
    }
    const signal = await deps.deliveries.signalEvent(id);
    if (!signal) throw new NotFoundException('no such signal');
    const text = await narrativeText(deps, tier as Tier, signal);
    const rendered = renderFor(deps, signal, tier as Tier, 'email', text).message;
    if (rendered.channel !== 'email') throw new NotFoundException();
    sendEmailFrame(res, rendered.html);
  }
}
