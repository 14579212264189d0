/** One simulated symbol's state for the day: its random streams, path, flow, bar and surface. */
import type { DayShape } from './day-shape.js';
import type { DayPlan } from './day-skeleton.js';
import { buildListing, type Listing } from './listing.js';
import type { SymbolProfile } from './profiles.js';
import { Prng, hash32 } from './prng.js';
import { scheduleBursts, type Burst } from './bursts.js';
import { roundPrice } from './rounding.js';
import type { SessionGrid } from './session-grid.js';

/** Floor of the instantaneous variance (the path's and the surface's). */
export const MIN_VARIANCE = 1e-4;

/** The one-minute bar being built. */
export interface OpenBar {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface SymbolState {
  profile: SymbolProfile;
  plan: DayPlan;
  tracksMarket: boolean;
  path: Prng;
  flow: Prng;
  book: Prng;
  logSpot: number;
  /** Spot rounded to the cent: what quotes and chains use. */
  spot: number;
  variance: number;
  /** Heston θ: the long-run variance the day's variance reverts to. */
  longRunVariance: number;
  openSpot: number;
  listing: Listing;
  volume: Float64Array;
  last: Float64Array;
  bursts: Burst[];
  /** Closing-auction pressure in σ units, drawn for the day; shows in depth from an hour out. */
  mocPressure: number;
  mocNoise: number;
  /** How far the resting depth misleads about the closing pressure (a day-level error). */
  depthNoise: number;
  /** Implied over expected realised volatility today. */
  volPremium: number;
  /** Today's volume level against an ordinary day (several times on a news day). */
  dayActivity: number;
  /** A stock's news day (earnings, guidance): heavy volume all day, a burst, higher vol. */
  eventDay: boolean;
  /** Share of block prints among ordinary option prints (a scenario's block day raises it). */
  blockShare: number;
  stepReturn: number;
  bar: OpenBar;
  /** Per-expiry pricing state, valid for `pricedStep`. */
  pricedStep: number;
  exT: Float64Array;
  exSdAtm: Float64Array;
  exForward: Float64Array;
  exSqrtT: Float64Array;
  exDfr: Float64Array;
  skewNow: number;
  /** Spread multiplier for the time of day (open, last 15 minutes). */
  widenNow: number;
  /** OCC symbol → row, built on first look-up. */
  rowByOcc?: Map<string, number>;
}

/** What a symbol's day is drawn from besides its own profile and plan. */
export interface SymbolDayInputs {
  seed: number;
  date: string;
  grid: SessionGrid;
  /** Trading days from the simulated date, for the listing. */
  tradingDays: string[];
  /** The market factor's bursts, shared by symbols that track the market. */
  marketBursts: Burst[];
  /** The scenario's shape of this symbol's day, if any. */
  shape?: DayShape;
  /** The shape's scheduled bursts (already on the grid). */
  shapeBursts?: Burst[];
}

export function initSymbolState(
  profile: SymbolProfile,
  plan: DayPlan,
  inputs: SymbolDayInputs,
): SymbolState {
  const { seed, date, grid } = inputs;
  const openAt = grid.session.openAt;
  const key = `${seed}|${date}|${profile.symbol}`;
  const day = new Prng(hash32(`${key}|day`));
  const tracksMarket = profile.marketCorrelation === 1;
  const openSpot = roundPrice(plan.open);
  const listing = buildListing(
    profile,
    date,
    openAt,
    openSpot,
    new Prng(hash32(`${key}|listing`)),
    inputs.tradingDays,
    inputs.shape,
  );
  // Trackers share the market's bursts; other symbols have their own news.
  const bursts = tracksMarket
    ? inputs.marketBursts
    : scheduleBursts(day, profile.burstsPerDay, profile.vol, grid);
  const n = listing.strike.length;
  const last = new Float64Array(n).fill(NaN);
  const startVar = plan.vol * plan.vol;
  const state: SymbolState = {
    profile,
    plan,
    tracksMarket,
    path: new Prng(hash32(`${key}|path`)),
    flow: new Prng(hash32(`${key}|flow`)),
    book: new Prng(hash32(`${key}|book`)),
    logSpot: Math.log(openSpot),
    spot: openSpot,
    variance: startVar,
    longRunVariance: profile.vol * profile.vol,
    openSpot,
    listing,
    volume: new Float64Array(n),
    last,
    bursts,
    mocPressure: day.normal(),
    mocNoise: day.normal(),
    depthNoise: day.normal(),
    // The variance risk premium varies by day: on some days options are cheap to realised.
    volPremium: profile.volPremium * Math.exp(0.15 * day.normal()),
    dayActivity: 1,
    eventDay: false,
    blockShare: inputs.shape?.blockShare ?? 0.012,
    stepReturn: 0,
    bar: {
      start: openAt,
      open: openSpot,
      high: openSpot,
      low: openSpot,
      close: openSpot,
      volume: 0,
    },
    pricedStep: -1,
    exT: new Float64Array(listing.expiries.length),
    exSdAtm: new Float64Array(listing.expiries.length),
    exForward: new Float64Array(listing.expiries.length),
    exSqrtT: new Float64Array(listing.expiries.length),
    exDfr: new Float64Array(listing.expiries.length),
    skewNow: profile.skew,
    widenNow: 1,
  };
  // Volume varies by day; a stock has a news day about once a month: 4–8× the options and
  // share volume all day, one more burst, and 1.4× the volatility.
  state.dayActivity = Math.exp(0.25 * day.normal() - 0.03);
  if (!tracksMarket && !profile.index && day.next() < profile.newsDaysPerDay) {
    state.eventDay = true;
    state.dayActivity = 4 + 4 * day.next();
    state.variance *= 1.4 * 1.4;
    state.bursts = [...state.bursts, ...scheduleBursts(day, 0, profile.vol * 1.4, grid, 1)];
  }
  applyShape(state, inputs);
  return state;
}

/** A scenario's overrides of the drawn day (after every draw, so the seed's streams hold). */
function applyShape(state: SymbolState, inputs: SymbolDayInputs): void {
  const shape = inputs.shape;
  if (!shape) return;
  if (shape.volPremiumScale !== undefined) state.volPremium *= shape.volPremiumScale;
  if (shape.mocPressure !== undefined) state.mocPressure = shape.mocPressure;
  if (shape.activity !== undefined) state.dayActivity *= shape.activity;
  // Trackers move with the market factor's bursts (the simulator adds theirs there).
  if (!state.tracksMarket && inputs.shapeBursts)
    state.bursts = [...state.bursts, ...inputs.shapeBursts];
}
