import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Optional,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
} from '@nestjs/common';
import { z } from 'zod';
import type { Clock } from '../../common/clock.js';
import { CLOCK } from '../../core/tokens.js';
import {
  ENGINE_REPOSITORY,
  type EngineRepository,
} from '../../engine/storage/engine-repository.js';
import { CurrentAdmin, type AdminPrincipal } from '../access/principal.js';
import { RequireRole } from '../access/require-role.js';
import { manualEntryJson } from '../controls/manual-queue-view.js';
import { TradingControls } from '../controls/trading-controls.js';

const reasonBody = z.object({ reason: z.string().trim().min(1).max(300) });
const signalsQuery = z.object({ since: z.iso.datetime({ offset: true }) });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new BadRequestException(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

/**
 * The operator API (`Authorization: Bearer ADMIN_API_TOKEN`): the portal's trading controls for
 * automation, each audited like a portal action (actor `api-token`).
 */
@Controller('api/admin')
@RequireRole('admin')
export class OperatorApiController {
  constructor(
    @Inject(TradingControls) private readonly controls: TradingControls,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(ENGINE_REPOSITORY) private readonly repository?: EngineRepository,
  ) {}

  @Get('controls')
  state() {
    const header = this.controls.header();
    return {
      halted: header.halted,
      paperOnly: header.paperOnly,
      manualMode: header.manualMode,
      taper: header.taper,
      strategies: Object.fromEntries(
        this.controls.strategies().map((s) => [s.name, { enabled: s.enabled }]),
      ),
    };
  }

  @Post('controls/halt')
  @HttpCode(200)
  async halt(@Body() body: unknown, @CurrentAdmin() who: AdminPrincipal) {
    const { reason } = parse(reasonBody, body);
    await this.controls.change({ halted: true, haltReason: reason }, who.actor, 'controls.halt');
    return this.state();
  }

  @Post('controls/resume')
  @HttpCode(200)
  async resume(@Body() body: unknown, @CurrentAdmin() who: AdminPrincipal) {
    const { reason } = parse(reasonBody, body);
    await this.controls.change(
      { halted: false, haltReason: null },
      who.actor,
      'controls.resume',
      reason,
    );
    return this.state();
  }

  @Post('strategies/:name/:verb')
  @HttpCode(200)
  async strategy(
    @Param('name') name: string,
    @Param('verb') verb: string,
    @CurrentAdmin() who: AdminPrincipal,
  ) {
    if (verb !== 'enable' && verb !== 'disable') throw new NotFoundException(`no action ${verb}`);
    const s = await this.controls.setStrategy(name, verb === 'enable', who.actor);
    return { name: s.name, enabled: s.enabled };
  }

  @Get('manual-queue')
  async queue() {
    return (await this.controls.pendingCandidates()).map(manualEntryJson);
  }

  @Post('manual-queue/:id/:verb')
  @HttpCode(200)
  async decide(
    @Param('id') id: string,
    @Param('verb') verb: string,
    @CurrentAdmin() who: AdminPrincipal,
  ) {
    if (verb !== 'approve' && verb !== 'reject') throw new NotFoundException(`no action ${verb}`);
    const { signalId } = await this.controls.decide(id, verb, who.actor);
    return { id, decision: verb, signalId };
  }

  @Get('signals')
  async signals(@Query() raw: unknown) {
    const { since } = parse(signalsQuery, raw);
    if (!this.repository) throw new ServiceUnavailableException('the engine does not run here');
    const records = await this.repository.listSignals({ from: Date.parse(since) });
    return records
      .filter((r) => r.published !== null)
      .map((r) => ({
        id: r.id,
        strategy: r.strategy,
        symbol: r.symbol,
        direction: r.direction,
        status: r.status,
        publishedAt: new Date(r.published!.publishedAt).toISOString(),
        createdAt: new Date(r.createdAt).toISOString(),
      }));
  }
}
