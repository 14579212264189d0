/**
 * The analytics HTTP API (thin: look up the caller's snapshot, shape it with api/views.ts).
 * Every route is behind AnalyticsAccessGuard (operator token or a Basic/Premium API key); Basic
 * callers get delayed snapshots with coarse levels (tiered-snapshots.ts).
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
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { z } from 'zod';
import type { AnalyticsSnapshot } from '../analytics-snapshot.js';
import { AnalyticsService } from '../analytics.service.js';
import { AnalyticsAccessGuard } from './analytics-access.guard.js';
import { Caller, seesLive, type AnalyticsCaller } from './api-caller.js';
import { TieredSnapshots } from './tiered-snapshots.js';
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

/** Security and the paywall's answers, on every analytics controller. */
function Paywalled(): ClassDecorator {
  return (target) => {
    UseGuards(AnalyticsAccessGuard)(target);
    ApiBearerAuth('operator')(target);
    ApiSecurity('apiKey')(target);
    ApiUnauthorizedResponse({
      description: 'No or invalid credentials (WWW-Authenticate: Bearer)',
    })(target);
    ApiForbiddenResponse({ description: 'A Free API key: Basic or Premium unlocks the API' })(
      target,
    );
    ApiTooManyRequestsResponse({ description: 'The API key’s per-minute budget is spent' })(target);
  };
}

@ApiTags('greeks')
@Paywalled()
@Controller('greeks')
export class GreeksController {
  constructor(@Inject(TieredSnapshots) private readonly snapshots: TieredSnapshots) {}

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
  async portfolio(@Body() body: unknown, @Caller() caller: AnalyticsCaller) {
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
      const snap = await this.snapshots.snapshotOf(s, caller);
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
  async atm(
    @Param('symbol') symbol: string,
    @Caller() caller: AnalyticsCaller,
    @Query('expiry') expiry?: string,
  ) {
    if (expiry !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expiry)) {
      throw new BadRequestException('expiry must be YYYY-MM-DD');
    }
    const s = await this.snapshots.forCaller(symbol, caller);
    const view = atmGreeksView(s, expiry);
    if (!view) throw new NotFoundException(`No ${s.symbol} options expiring ${expiry}`);
    return view;
  }

  @Get(':symbol/delta')
  @ApiOperation({ summary: 'Dealer delta exposure (DEX) by strike and net open-interest delta' })
  @ApiParam(symbolParam)
  @ApiOkResponse(shaped('DEX total and by strike, in dollars', deltaResponse))
  @ApiNotFoundResponse(notFound)
  async delta(@Param('symbol') symbol: string, @Caller() caller: AnalyticsCaller) {
    return deltaView(await this.snapshots.forCaller(symbol, caller));
  }
}

@ApiTags('gex')
@Paywalled()
@Controller('gex')
export class GexController {
  constructor(@Inject(TieredSnapshots) private readonly snapshots: TieredSnapshots) {}

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
  async gex(@Param('symbol') symbol: string, @Caller() caller: AnalyticsCaller) {
    return gexView(await this.snapshots.forCaller(symbol, caller));
  }
}

@ApiTags('max-pain')
@Paywalled()
@Controller('max-pain')
export class MaxPainController {
  constructor(@Inject(TieredSnapshots) private readonly snapshots: TieredSnapshots) {}

  @Get(':symbol')
  @ApiOperation({ summary: 'Max-pain strike per expiry' })
  @ApiParam(symbolParam)
  @ApiOkResponse(shaped('Expiry (YYYY-MM-DD) → strike', maxPainResponse))
  @ApiNotFoundResponse(notFound)
  async maxPain(@Param('symbol') symbol: string, @Caller() caller: AnalyticsCaller) {
    return maxPainView(await this.snapshots.forCaller(symbol, caller));
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
  async bias(@Param('symbol') symbol: string, @Caller() caller: AnalyticsCaller) {
    return maxPainBiasView(await this.snapshots.forCaller(symbol, caller));
  }
}

@ApiTags('analytics')
@Paywalled()
@Controller('analytics')
export class AnalyticsController {
  constructor(
    @Inject(AnalyticsService) private readonly service: AnalyticsService,
    @Inject(TieredSnapshots) private readonly snapshots: TieredSnapshots,
  ) {}

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
    description: '"false" leaves out the per-contract list (never included for Basic keys)',
  })
  @ApiOkResponse(object('AnalyticsSnapshot (src/analytics/analytics-snapshot.ts)'))
  @ApiNotFoundResponse(notFound)
  async snapshot(
    @Param('symbol') symbol: string,
    @Caller() caller: AnalyticsCaller,
    @Query('contracts') contracts?: string,
  ) {
    if (contracts !== undefined && contracts !== 'true' && contracts !== 'false') {
      throw new BadRequestException('contracts must be true or false');
    }
    // The priced chain gives the exact levels away: Basic never gets it.
    const withContracts = contracts !== 'false' && seesLive(caller);
    return analyticsView(await this.snapshots.forCaller(symbol, caller), withContracts);
  }
}
