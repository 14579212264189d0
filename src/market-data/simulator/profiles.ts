/**
 * Per-symbol parameters of the simulated market. Spots, vols and volumes are set to the scale
 * of late-2025 markets; the option listing mirrors what each product really lists.
 */
export type ListingStyle =
  /** SPX: PM-settled SPXW every trading day plus AM-settled SPX monthlies. */
  | 'spx'
  /** SPY/QQQ/IWM: an expiry every trading day, then Fridays, then monthlies. */
  | 'daily-etf'
  /** Single stocks: Friday weeklies, then monthlies. */
  | 'equity';

export interface SymbolProfile {
  symbol: string;
  /** Spot on the anchor date (2026-01-02). */
  spot: number;
  /** Long-run annualised volatility (trading-time); the Heston θ is its square. */
  vol: number;
  /** Correlation of returns with the market factor. */
  marketCorrelation: number;
  /** Heston: mean reversion per year, vol of variance, price–variance correlation. */
  kappa: number;
  volOfVol: number;
  leverage: number;
  /** Idiosyncratic Merton jumps: per year, mean and std of log size. */
  jumpsPerYear: number;
  jumpMean: number;
  jumpStd: number;
  /** News bursts (a jump with follow-through, volume and block flow) per trading day. */
  burstsPerDay: number;
  /** Chance that a day is a news day (heavy volume all day, one more burst, higher vol). */
  newsDaysPerDay: number;
  dividendYield: number;
  /** Strike spacing near the money and further out. */
  strikeStep: number;
  wideStrikeStep: number;
  listing: ListingStyle;
  /** Option tick: below $3 and at or above $3. */
  tickBelow3: number;
  tickAbove3: number;
  /** Quote half-spread: fixed part and fraction of the option price. */
  halfSpreadBase: number;
  halfSpreadPct: number;
  /** Smile in standardised moneyness z = ln(K/F)/(σ√T): iv = atm·(1 + skew·z + smile·z²). */
  skew: number;
  smile: number;
  /** Implied over expected realised volatility (the variance risk premium). */
  volPremium: number;
  /** Shares a day (0 for an index); option prints per 5 s at mean activity. */
  dailyShares: number;
  optionPrintsPerStep: number;
  /** Mean contracts per ordinary option print. */
  printSize: number;
  /** Underlying book: half spread in cents and shares per level. */
  bookHalfSpreadCents: number;
  bookLevelShares: number;
  /** True for a cash index (no book, no closing auction). */
  index: boolean;
}

const BASE: Omit<SymbolProfile, 'symbol' | 'spot' | 'vol' | 'marketCorrelation'> = {
  kappa: 4,
  volOfVol: 0.6,
  leverage: -0.5,
  jumpsPerYear: 8,
  jumpMean: -0.002,
  jumpStd: 0.012,
  burstsPerDay: 0.25,
  newsDaysPerDay: 0.05,
  dividendYield: 0.003,
  strikeStep: 2.5,
  wideStrikeStep: 10,
  listing: 'equity',
  tickBelow3: 0.01,
  tickAbove3: 0.05,
  halfSpreadBase: 0.01,
  halfSpreadPct: 0.012,
  skew: -0.06,
  smile: 0.03,
  volPremium: 1.1,
  dailyShares: 30_000_000,
  optionPrintsPerStep: 2,
  printSize: 16,
  bookHalfSpreadCents: 1,
  bookLevelShares: 400,
  index: false,
};

function profile(
  symbol: string,
  spot: number,
  vol: number,
  marketCorrelation: number,
  extra: Partial<SymbolProfile> = {},
): SymbolProfile {
  return { ...BASE, symbol, spot, vol, marketCorrelation, ...extra };
}

const ETF: Partial<SymbolProfile> = {
  listing: 'daily-etf',
  strikeStep: 1,
  wideStrikeStep: 5,
  tickAbove3: 0.01,
  halfSpreadBase: 0.005,
  halfSpreadPct: 0.004,
  skew: -0.11,
  smile: 0.025,
  volPremium: 1.12,
  jumpsPerYear: 6,
  jumpMean: -0.003,
  jumpStd: 0.006,
  burstsPerDay: 0.04,
  newsDaysPerDay: 0,
  leverage: -0.7,
  volOfVol: 0.7,
};

export const SYMBOL_PROFILES: Readonly<Record<string, SymbolProfile>> = {
  SPX: profile('SPX', 5800, 0.15, 1, {
    ...ETF,
    listing: 'spx',
    strikeStep: 5,
    wideStrikeStep: 25,
    tickBelow3: 0.05,
    tickAbove3: 0.1,
    halfSpreadBase: 0.05,
    halfSpreadPct: 0.006,
    dividendYield: 0.013,
    dailyShares: 0,
    optionPrintsPerStep: 4,
    printSize: 14,
    index: true,
    bookLevelShares: 0,
  }),
  SPY: profile('SPY', 580, 0.15, 1, {
    ...ETF,
    dividendYield: 0.012,
    dailyShares: 60_000_000,
    optionPrintsPerStep: 6,
    printSize: 28,
    bookLevelShares: 3_000,
  }),
  QQQ: profile('QQQ', 500, 0.19, 0.92, {
    ...ETF,
    dividendYield: 0.006,
    dailyShares: 40_000_000,
    optionPrintsPerStep: 4,
    printSize: 22,
    bookLevelShares: 2_000,
  }),
  IWM: profile('IWM', 220, 0.21, 0.82, {
    ...ETF,
    dividendYield: 0.012,
    dailyShares: 30_000_000,
    optionPrintsPerStep: 2.5,
    printSize: 20,
    bookLevelShares: 2_500,
  }),
  AAPL: profile('AAPL', 230, 0.25, 0.62, {
    dividendYield: 0.004,
    dailyShares: 50_000_000,
    optionPrintsPerStep: 3,
    bookLevelShares: 800,
  }),
  MSFT: profile('MSFT', 420, 0.23, 0.62, {
    strikeStep: 2.5,
    wideStrikeStep: 10,
    dividendYield: 0.007,
    dailyShares: 20_000_000,
    bookLevelShares: 300,
  }),
  GOOGL: profile('GOOGL', 170, 0.3, 0.55, {
    wideStrikeStep: 5,
    dividendYield: 0.005,
    dailyShares: 25_000_000,
    bookLevelShares: 600,
  }),
  AMZN: profile('AMZN', 200, 0.31, 0.6, {
    wideStrikeStep: 5,
    dividendYield: 0,
    dailyShares: 40_000_000,
    optionPrintsPerStep: 2.5,
    bookLevelShares: 700,
  }),
  NVDA: profile('NVDA', 140, 0.48, 0.6, {
    strikeStep: 1,
    wideStrikeStep: 5,
    dividendYield: 0.0003,
    dailyShares: 250_000_000,
    optionPrintsPerStep: 4,
    printSize: 26,
    burstsPerDay: 0.35,
    jumpStd: 0.02,
    bookLevelShares: 3_000,
  }),
  META: profile('META', 580, 0.36, 0.55, {
    strikeStep: 5,
    wideStrikeStep: 10,
    dividendYield: 0.0035,
    dailyShares: 12_000_000,
    burstsPerDay: 0.3,
    bookLevelShares: 200,
  }),
  TSLA: profile('TSLA', 250, 0.56, 0.45, {
    wideStrikeStep: 10,
    dividendYield: 0,
    dailyShares: 90_000_000,
    optionPrintsPerStep: 4,
    printSize: 22,
    burstsPerDay: 0.4,
    jumpStd: 0.025,
    skew: -0.02,
    smile: 0.035,
    bookLevelShares: 900,
  }),
};

/** The profile of a known symbol, or a plausible stock derived from its name for any other. */
export function profileFor(symbol: string, seedHash: number): SymbolProfile {
  const known = SYMBOL_PROFILES[symbol];
  if (known) return known;
  const spot = 20 + (seedHash % 480);
  return profile(symbol, spot, 0.3, 0.5, {
    strikeStep: spot < 100 ? 1 : 2.5,
    wideStrikeStep: spot < 100 ? 5 : 10,
  });
}
