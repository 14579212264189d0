/**
 * /signals/{id} for a signed-in subscriber: the signal at their tier after their tier's delay,
 * its explanation at that tier (the /why explainer) and its outcome. Signal records come through
 * the SIGNAL_RECORD_READER port (the engine's); without an engine every id is unknown.
 */
import { Controller, Get, Inject, Logger, Optional, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SIGNAL_RECORD_READER, type SignalRecordReader } from '../signals/signal-record.js';
import { SIGNAL_EXPLAINER, type SignalExplainer } from '../subscribers/insight-ports.js';
import type { Tier } from '../vocabulary/tier.js';
import { ACCOUNT_SERVICES } from './account.tokens.js';
import type { AccountServices } from './account.composition.js';
import { SIGNAL_ID, signalPageContext } from './signal-page.js';
import { PageKit } from './web/page-kit.js';

@Controller('signals')
export class SignalPageController {
  private readonly kit: PageKit;
  private readonly log = new Logger('SignalPage');

  constructor(
    @Inject(ACCOUNT_SERVICES) private readonly a: AccountServices,
    @Optional() @Inject(SIGNAL_RECORD_READER) private readonly records: SignalRecordReader | null,
    @Optional() @Inject(SIGNAL_EXPLAINER) private readonly explainer: SignalExplainer | null,
  ) {
    this.kit = new PageKit(a);
  }

  @Get(':id')
  async page(@Req() req: Request, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const valid = SIGNAL_ID.test(id);
    const session = await this.kit.session(req);
    if (!session) return this.kit.loginPage(req, res, valid ? `/signals/${id}` : '/account', null);
    const sub = await this.a.subscribers.store.get(this.a.dataSource, session.subscriberId);
    const record = valid && sub && this.records ? await this.records.getSignal(id) : null;
    if (!sub || !record?.published) {
      return this.kit.message(
        res,
        {
          title: 'Signal not found',
          heading: 'We could not find this signal',
          paragraphs: ['Check the id in your message, e.g. SIG-20260302-001.'],
          links: [{ href: '/track-record', label: 'See the track record' }],
        },
        true,
        404,
      );
    }
    const tier: Tier = sub.tier;
    const explanation = await this.explain(id, tier);
    this.kit.html(
      res,
      this.a.views.render('signal', {
        title: `Signal ${id}`,
        signedIn: true,
        ...signalPageContext({
          record,
          tier,
          delayMs: this.delayMs(tier),
          nowMs: this.a.clock.now(),
          explanation,
        }),
      }),
    );
  }

  /** The /why text at the tier; the page still shows the signal when the explainer fails. */
  private async explain(id: string, tier: Tier): Promise<string | null> {
    try {
      return this.explainer ? await this.explainer.explain(id, tier) : null;
    } catch (err) {
      this.log.warn(`no explanation of ${id}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  private delayMs(tier: Tier): number {
    const c = this.a.config;
    const s =
      tier === 'premium'
        ? c.DISTRIBUTION_DELAY_PREMIUM_S
        : tier === 'basic'
          ? c.DISTRIBUTION_DELAY_BASIC_S
          : c.DISTRIBUTION_DELAY_FREE_S;
    return s * 1000;
  }
}
