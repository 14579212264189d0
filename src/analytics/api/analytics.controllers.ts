/**
 * The analytics HTTP API (thin: look up the latest snapshot, shape it with api/views.ts).
 * Unknown symbols answer 404 with a clear body; bad input answers 400 and changes nothing.
 */
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import type { AnalyticsSnapshot } from '../analytics-snapshot.js';
import { AnalyticsService } from '../analytics.service.js';
import {
  atmGreeksResponse,
  deltaResponse,
  gexResponse,
  maxPainBiasResponse,
  maxPainResponse,
  openApiSchema,
  portfolioResponse,
  symbolsResponse,
} from './response-schemas.js';
import {
  analyticsView,
  atmGreeksView,
  deltaView,
  gexView,
  maxPainBiasView,
  maxPainView,
  portfolioGreeks,
  portfolioRequestSchema,
  UnknownPositionError,
} from './views.js';

const SYMBOL = /^[A-Za-z][A-Za-z0-9.]{0,9}$/;
const symbolParam = { name: 'symbol', example: 'SPY', description: 'Underlying ticker' };
const notFound = {
  description: 'No analytics for this symbol yet',
  schema: {
    example: { statusCode: 404, error: 'Not Found', message: 'No analytics for symbol XYZ' },
  },
};
const object = (description: string) => ({ description, schema: { type: 'object' as const } });
const shaped = (description: string, schema: z.ZodType) => ({
  description,
  schema: openApiSchema(schema),
});

/** Resolves a path symbol to its latest snapshot, or throws 400/404. */
async function snapshotFor(service: AnalyticsService, raw: string): Promise<AnalyticsSnapshot> {
  if (!SYMBOL.test(raw)) {
    throw new BadRequestException(`"${raw}" is not a ticker symbol (letters, digits, dot; max 10)`);
  }
  const symbol = raw.toUpperCase();
  const s = await service.latest(symbol);
  if (!s) throw new NotFoundException(`No analytics for symbol ${symbol}`);
  return s;
}

@ApiTags('greeks')
@Controller('greeks')
export class GreeksController {
  constructor(@Inject(AnalyticsService) private readonly service: AnalyticsService) {}

  @Post('portfolio')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Net Greeks of a list of positions',
    description:
      'Each position names a contract of a symbol’s latest chain ({ symbol, occSymbol, quantity }) ' +
      'or gives Black–Scholes–Merton inputs ({ type, S, K, T, r, q, sigma, quantity }). Quantity ' +
      'in contracts (negative = short), multiplier 100 by default. Delta in shares, gamma in shares ' +
      'per $1, theta in $ per calendar day, vega in $ per vol point.',
  })
  @ApiBody({ schema: z.toJSONSchema(portfolioRequestSchema, { io: 'input' }) as object })
  @ApiOkResponse(shaped('Net Greeks and each position’s Greeks', portfolioResponse))
  @ApiBadRequestResponse({ description: 'The body does not match the schema' })
  @ApiNotFoundResponse({ description: 'A named symbol or contract has no analytics' })
  async portfolio(@Body() body: unknown) {
    const parsed = portfolioRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid portfolio request',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const symbols = new Set(
      parsed.data.positions.flatMap((p) => ('symbol' in p ? [p.symbol.toUpperCase()] : [])),
    );
    const snapshots = new Map<string, AnalyticsSnapshot>();
    for (const s of symbols) {
      const snap = await this.service.latest(s);
      if (snap) snapshots.set(s, snap);
    }
    try {
      return portfolioGreeks(parsed.data, snapshots);
    } catch (err) {
      if (err instanceof UnknownPositionError) throw new NotFoundException(err.message);
      throw err;
    }
  }

  @Get(':symbol')
  @ApiOperation({ summary: 'ATM Greeks (call and put at the strike closest to spot)' })
  @ApiParam(symbolParam)
  @ApiQuery({ name: 'expiry', required: false, description: 'YYYY-MM-DD; default the nearest' })
  @ApiOkResponse(
    shaped(
      'ATM call and put: IV (decimal), delta, gamma, theta/day, vega/vol pt',
      atmGreeksResponse,
    ),
  )
  @ApiNotFoundResponse(notFound)
  async atm(@Param('symbol') symbol: string, @Query('expiry') expiry?: string) {
    if (expiry !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expiry)) {
      throw new BadRequestException('expiry must be YYYY-MM-DD');
    }
    const s = await snapshotFor(this.service, symbol);
    const view = atmGreeksView(s, expiry);
    if (!view) throw new NotFoundException(`No ${s.symbol} options expiring ${expiry}`);
    return view;
  }

  @Get(':symbol/delta')
  @ApiOperation({ summary: 'Dealer delta exposure (DEX) by strike and net open-interest delta' })
  @ApiParam(symbolParam)
  @ApiOkResponse(shaped('DEX total and by strike, in dollars', deltaResponse))
  @ApiNotFoundResponse(notFound)
  async delta(@Param('symbol') symbol: string) {
    return deltaView(await snapshotFor(this.service, symbol));
  }
}

@ApiTags('gex')
@Controller('gex')
export class GexController {
  constructor(@Inject(AnalyticsService) private readonly service: AnalyticsService) {}

  @Get(':symbol')
  @ApiOperation({ summary: 'Dealer gamma exposure profile, flip and walls' })
  @ApiParam(symbolParam)
  @ApiOkResponse(
    shaped(
      'GEX in dollars per 1% move: total, by strike, by expiry, 0DTE, flip, walls',
      gexResponse,
    ),
  )
  @ApiNotFoundResponse(notFound)
  async gex(@Param('symbol') symbol: string) {
    return gexView(await snapshotFor(this.service, symbol));
  }
}

@ApiTags('max-pain')
@Controller('max-pain')
export class MaxPainController {
  constructor(@Inject(AnalyticsService) private readonly service: AnalyticsService) {}

  @Get(':symbol')
  @ApiOperation({ summary: 'Max-pain strike per expiry' })
  @ApiParam(symbolParam)
  @ApiOkResponse(shaped('Expiry (YYYY-MM-DD) → strike', maxPainResponse))
  @ApiNotFoundResponse(notFound)
  async maxPain(@Param('symbol') symbol: string) {
    return maxPainView(await snapshotFor(this.service, symbol));
  }

  @Get(':symbol/bias')
  @ApiOperation({
    summary: 'Nearest expiry’s max pain against spot',
    description:
      'distancePct = (spot − max pain)/spot as a decimal; above +0.25% reads bearish, below ' +
      '−0.25% bullish, otherwise neutral.',
  })
  @ApiParam(symbolParam)
  @ApiOkResponse(shaped('Bias toward the nearest max-pain strike', maxPainBiasResponse))
  @ApiNotFoundResponse(notFound)
  async bias(@Param('symbol') symbol: string) {
    return maxPainBiasView(await snapshotFor(this.service, symbol));
  }
}

@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(@Inject(AnalyticsService) private readonly service: AnalyticsService) {}

  @Get()
  @ApiOperation({ summary: 'Symbols with analytics' })
  @ApiOkResponse(shaped('Symbols with a latest snapshot', symbolsResponse))
  async symbols() {
    return { symbols: await this.service.symbols() };
  }

  @Get(':symbol')
  @ApiOperation({ summary: 'The whole latest AnalyticsSnapshot of a symbol' })
  @ApiParam(symbolParam)
  @ApiQuery({
    name: 'contracts',
    required: false,
    description: '"false" leaves out the per-contract list',
  })
  @ApiOkResponse(object('AnalyticsSnapshot (src/analytics/analytics-snapshot.ts)'))
  @ApiNotFoundResponse(notFound)
  async snapshot(@Param('symbol') symbol: string, @Query('contracts') contracts?: string) {
    if (contracts !== undefined && contracts !== 'true' && contracts !== 'false') {
      throw new BadRequestException('contracts must be true or false');
    }
    return analyticsView(await snapshotFor(this.service, symbol), contracts !== 'false');
  }
}
