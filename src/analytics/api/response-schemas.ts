/**
 * JSON schemas of the API's answers for the OpenAPI document, written once in zod (the view
 * functions in views.ts produce exactly these shapes; the integration test checks the document).
 */
import { z } from 'zod';

const num = z.number();
const nullableNum = z.number().nullable();
const iso = z.string().describe('ISO-8601 UTC time of the chain quote');

const strikeExposure = z.object({ strike: num, call: num, put: num, net: num });
const greekSet = z.object({
  delta: num.describe('shares'),
  gamma: num.describe('shares per $1'),
  theta: num.describe('$ per calendar day'),
  vega: num.describe('$ per vol point'),
});
const contractGreeks = z
  .object({
    occSymbol: z.string(),
    bid: num,
    ask: num,
    mid: num,
    iv: nullableNum.describe('decimal'),
    delta: nullableNum,
    gamma: nullableNum,
    theta: nullableNum.describe('per calendar day'),
    vega: nullableNum.describe('per vol point'),
  })
  .nullable();

const header = { symbol: z.string(), asOf: iso, spot: num };

export const atmGreeksResponse = z.object({
  ...header,
  expiry: z.string(),
  strike: num,
  daysToExpiry: num,
  atmIv: nullableNum.describe('30-day constant-maturity ATM IV, decimal'),
  call: contractGreeks,
  put: contractGreeks,
});

export const deltaResponse = z.object({
  ...header,
  netDelta: num.describe('open-interest-weighted delta of all options, shares (holders’ side)'),
  dex: z.object({ total: num, byStrike: z.array(strikeExposure) }).describe('dollars'),
});

export const gexResponse = z.object({
  ...header,
  total: num.describe('dollars of delta per 1% move'),
  calls: num,
  puts: num,
  zeroDte: num,
  flip: nullableNum,
  callWalls: z.array(num),
  putWalls: z.array(num),
  byExpiry: z.record(z.string(), num),
  byStrike: z.array(strikeExposure),
  vannaExposure: nullableNum,
  charmExposure: nullableNum,
});

export const maxPainResponse = z.object({ ...header, maxPain: z.record(z.string(), num) });

export const maxPainBiasResponse = z.object({
  ...header,
  bias: z
    .object({
      expiry: z.string(),
      strike: num,
      distancePct: num.describe('(spot − max pain)/spot, decimal'),
      bias: z.enum(['bullish', 'bearish', 'neutral']),
    })
    .nullable(),
});

export const portfolioResponse = z.object({
  net: greekSet,
  positions: z.array(
    z.object({
      index: z.number().int(),
      source: z.enum(['snapshot', 'model']),
      occSymbol: z.string().nullable(),
      quantity: num,
      multiplier: num,
      perContract: greekSet,
      position: greekSet,
    }),
  ),
});

export const symbolsResponse = z.object({ symbols: z.array(z.string()) });

/** A zod schema as an OpenAPI response schema. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
