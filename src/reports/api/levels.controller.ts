/**
 * `GET /reports/{date}/{type}/levels.json`: a report's machine-readable levels for the caller's
 * tier, behind the analytics API's paywall (operator token or a subscriber API key; a Free key is
 * refused with 403). Premium (and the operator) get the exact levels as soon as the report is
 * built; Basic the coarse levels once the Basic delay has passed since then, like every Basic
 * view. `?format=tradingview` answers the TradingView lines as text instead.
 */
import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { AnalyticsAccessGuard } from '../../analytics/api/analytics-access.guard.js';
import { Caller, seesLive, type AnalyticsCaller } from '../../analytics/api/api-caller.js';
import type { Clock } from '../../common/clock.js';
import { CLOCK } from '../../core/tokens.js';
import { CONFIG_SLICE, type ReportsConfig } from '../../config/slices.js';
import { REPORT_TYPES } from '../report.js';
import { REPORTS_STORE } from '../reports.tokens.js';
import type { PostgresReportStore } from '../store/report-store.js';

const params = z.object({
  date: z.iso.date(),
  type: z.enum(REPORT_TYPES),
});

@ApiTags('reports')
@ApiBearerAuth('operator')
@ApiSecurity('apiKey')
@UseGuards(AnalyticsAccessGuard)
@Controller('reports')
export class ReportLevelsController {
  constructor(
    @Inject(REPORTS_STORE) private readonly store: PostgresReportStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG_SLICE.reports) private readonly config: ReportsConfig,
  ) {}

  @Get(':date/:type/levels.json')
  @ApiOperation({ summary: "A report's levels (gammadesk.levels/v1) for the caller's tier" })
  async levels(
    @Param() raw: Record<string, string>,
    @Query('format') format: string | undefined,
    @Caller() caller: AnalyticsCaller,
    @Res({ passthrough: true }) res: Response,
  ) {
    const parsed = params.safeParse(raw);
    if (!parsed.success)
      throw new BadRequestException(
        'expected /reports/YYYY-MM-DD/premarket|intraday|close/levels.json',
      );
    if (format !== undefined && format !== 'json' && format !== 'tradingview')
      throw new BadRequestException('format: json or tradingview');
    const id = `${parsed.data.date}-${parsed.data.type}`;
    const tier = seesLive(caller) ? 'premium' : 'basic';
    const rendition = await this.store.rendition(id, tier);
    const generatedAt = rendition?.levels ? Date.parse(rendition.levels.generatedAt) : null;
    const delayMs = tier === 'basic' ? this.config.DISTRIBUTION_DELAY_BASIC_S * 1000 : 0;
    if (!rendition?.levels || generatedAt === null || this.clock.now() < generatedAt + delayMs)
      throw new NotFoundException(
        tier === 'basic'
          ? `no ${id} report at least ${this.config.DISTRIBUTION_DELAY_BASIC_S} s old yet (the Basic delay); Premium sees it at once`
          : `no ${id} report yet`,
      );
    if (format === 'tradingview') {
      res.type('text/plain');
      return `${rendition.tradingView}\n`;
    }
    return rendition.levels;
  }
}
