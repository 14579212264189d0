import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../common/clock.js';
import { CLOCK } from '../../core/tokens.js';
import { principalOf } from '../access/principal.js';
import { RequireRole } from '../access/require-role.js';
import { PortalPages } from '../portal/portal-pages.js';
import { manualEntryJson } from './manual-queue-view.js';
import { TradingControls } from './trading-controls.js';

/** Every switch form carries a ticked "confirm" box: the server refuses a change without it. */
const confirmed = z.object({ confirm: z.literal('yes') });
const haltBody = confirmed.extend({ reason: z.string().trim().min(3).max(300) });
const onOff = confirmed.extend({ on: z.enum(['true', 'false']) });
const taperBody = confirmed.extend({ taper: z.coerce.number().gt(0).max(1) });
const CONFIRM_FIRST = 'Nothing changed: tick "confirm" to make the change.';

const back = (res: Response, message: string) =>
  res.redirect(303, `/admin/controls?message=${encodeURIComponent(message)}`);

/** The Controls page: the switches with their current state, strategies and the manual queue. */
@Controller('admin/controls')
@RequireRole('admin')
export class ControlsController {
  constructor(
    @Inject(TradingControls) private readonly controls: TradingControls,
    @Inject(PortalPages) private readonly pages: PortalPages,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @RequireRole('viewer')
  async page(
    @Req() req: Request,
    @Res() res: Response,
    @Query('message') message?: unknown,
  ): Promise<void> {
    const queue = (await this.controls.pendingCandidates()).map(manualEntryJson);
    res.type('html').send(
      this.pages.render(req, 'controls', {
        title: 'Controls',
        state: this.controls.header(),
        operator: this.controls.state(),
        strategies: this.controls.strategies(),
        queue: queue.map((q) => ({
          ...q,
          failed: q.verdict.checks.filter((c) => !c.passed).length,
        })),
        engineHere: this.controls.executesHere(),
        canAct: principalOf(req).role === 'admin',
        message: typeof message === 'string' ? message.slice(0, 300) : null,
      }),
    );
  }

  @Post('halt')
  async halt(@Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const parsed = haltBody.safeParse(body);
    if (!parsed.success) return back(res, 'Nothing changed: give a reason and tick "confirm".');
    await this.controls.change(
      { halted: true, haltReason: parsed.data.reason },
      principalOf(req).actor,
      'controls.halt',
    );
    back(res, `Trading halted: ${parsed.data.reason}`);
  }

  @Post('resume')
  async resume(@Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    if (!confirmed.safeParse(body).success) return back(res, CONFIRM_FIRST);
    await this.controls.change(
      { halted: false, haltReason: null },
      principalOf(req).actor,
      'controls.resume',
    );
    back(res, 'Trading resumed.');
  }

  @Post('paper-only')
  async paperOnly(@Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const parsed = onOff.safeParse(body);
    if (!parsed.success) return back(res, CONFIRM_FIRST);
    const on = parsed.data.on === 'true';
    await this.controls.change({ paperOnly: on }, principalOf(req).actor, 'controls.paper_only');
    back(res, `Paper-only ${on ? 'on' : 'off'}.`);
  }

  @Post('manual-mode')
  async manualMode(@Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const parsed = onOff.safeParse(body);
    if (!parsed.success) return back(res, CONFIRM_FIRST);
    const on = parsed.data.on === 'true';
    await this.controls.change({ manualMode: on }, principalOf(req).actor, 'controls.manual_mode');
    back(res, `Manual mode ${on ? 'on' : 'off'}.`);
  }

  @Post('taper')
  async taper(@Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const parsed = taperBody.safeParse(body);
    if (!parsed.success)
      return back(res, 'Nothing changed: a size between 0 and 1, and tick "confirm".');
    await this.controls.change(
      { taper: parsed.data.taper },
      principalOf(req).actor,
      'controls.taper',
    );
    back(res, `Size set to ${parsed.data.taper}×.`);
  }

  @Post('strategies/:name/:verb')
  async strategy(
    @Req() req: Request,
    @Res() res: Response,
    @Param('name') name: string,
    @Param('verb') verb: string,
    @Body() body: unknown,
  ) {
    if (verb !== 'enable' && verb !== 'disable') throw new NotFoundException();
    if (!confirmed.safeParse(body).success) return back(res, CONFIRM_FIRST);
    await this.controls.setStrategy(name, verb === 'enable', principalOf(req).actor);
    back(res, `${name} ${verb}d.`);
  }

  @Post('manual-queue/:id/:verb')
  async decide(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Param('verb') verb: string,
    @Body() body: unknown,
  ) {
    if (verb !== 'approve' && verb !== 'reject') throw new NotFoundException();
    if (!confirmed.safeParse(body).success) return back(res, CONFIRM_FIRST);
    const engine = this.controls.executesHere();
    const result = await this.controls.decide(id, verb, principalOf(req).actor);
    back(
      res,
      verb === 'reject'
        ? `${id} rejected.`
        : result.signalId
          ? `${id} approved and executed as ${result.signalId}.`
          : engine
            ? `${id} approved, but not executed: it expired or its symbol has no quotes.`
            : `${id} approved: the engine executes it within a second.`,
    );
  }
}
