/**
 * A seeded, reproducible synthetic market for one trading day.
 *
 * Underlyings follow Heston stochastic variance with Merton jumps, driven partly by a shared
 * market factor, with U-shaped intraday variance and volume, occasional news bursts (a jump with
 * follow-through, volume and block flow), a soft pull toward the day's planned close, and a
 * closing-auction imbalance that relates to the day's trend and to resting depth. Options are
 * priced by Black–Scholes on an implied surface (skew, smile, term structure) derived from each
 * symbol's current variance, so every chain is consistent with its own surface. Chains are built
 * only when asked; the tape, books, bars and imbalances are produced every step.
 */
import { z } from 'zod';
import {
  nyInstant,
  previousTradingDay,
  sessionFor,
  tradingDaysBetween,
  type TradingSession,
} from '../../common/market-calendar.js';
import type { ChainSnapshot, OptionContract } from '../chain-snapshot.js';
import type { BookLevel, MarketEvent } from '../market-events.js';
import { greeksInto } from '../../analytics/math/black-scholes.js';
import { planDay, type DayPlan } from './day-skeleton.js';
import { buildListing, type Listing } from './listing.js';
import { profileFor, type SymbolProfile } from './profiles.js';
import { Prng, hash32, hash64Hex, hashUniform } from './prng.js';

export const simulatorConfigSchema = z.object({
  seed: z.number().int(),
  symbols: z
    .array(z.string().regex(/^[A-Z][A-Z0-9.]{0,5}$/, 'symbols are upper-case tickers'))
    .min(1)
    .refine((s) => new Set(s).size === s.length, 'symbols must be unique'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'),
  stepMs: z
    .number()
    .int()
    .min(1000)
    .max(60_000)
    .refine((ms) => 60_000 % ms === 0, 'stepMs must divide one minute')
    .default(5000),
  /** Continuously compounded risk-free rate. */
  rate: z.number().min(-0.05).max(0.25).default(0.043),
  /** When false, no tape, books, bars or imbalances are buffered (chains and spots only). */
  recordEvents: z.boolean().default(true),
  /** Oldest events are dropped past this many undrained events (counted in droppedEvents). */
  maxBufferedEvents: z.number().int().positive().default(500_000),
});

export type MarketSimulatorConfig = z.input<typeof simulatorConfigSchema>;

/** One five-second (stepMs) step of a session. */
export interface SimulatorStep {
  index: number;
  at: number;
  /** Spots at this step, by symbol. */
  spots: Record<string, number>;
}

/** Trading-time year: 252 days of 6.5 hours. */
const TRADING_YEAR_SECONDS = 252 * 6.5 * 3600;
const NORMAL_SESSION_SECONDS = 6.5 * 3600;
const CALENDAR_YEAR_MS = 365 * 86_400_000;
const OVERNIGHT_VARIANCE = 0.15;
const MIN_VARIANCE = 1e-4;
/** Saturation of standardised moneyness in the smile (smooth, so the wings stay arbitrage-free). */
const Z_SATURATION = 4;

export interface Burst {
  step: number;
  length: number;
  direction: 1 | -1;
  /** Total log move: a share jumps at once, the rest drifts over `length` steps. */
  size: number;
}

interface SymbolState {
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
  stepReturn: number;
  bar: { start: number; open: number; high: number; low: number; close: number; volume: number };
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

export class MarketSimulator {
  readonly config: Readonly<z.output<typeof simulatorConfigSchema>>;
  readonly session: TradingSession;
  /** Number of steps in the session (4,680 at 5 s on a full day). */
  readonly steps: number;
  private readonly states = new Map<string, SymbolState>();
  private readonly market: Prng;
  private readonly varianceWeight: Float64Array;
  private readonly volumeWeight: Float64Array;
  /** Share of a normal day's variance left from step i to the close. */
  private readonly remainingVariance: Float64Array;
  private readonly dt: number;
  private index = 0;
  private events: MarketEvent[] = [];
  private eventsHead = 0;
  private dropped = 0;
  /** Price and Greeks of the last quote() call, in greeksInto's layout (reused, no allocation). */
  private readonly greeks = new Float64Array(10);
  /** Trading days from the simulated date, for the listings. */
  private readonly tradingDays: string[];
  private readonly configKey: string;
  /** The market factor's news bursts (felt by every symbol through its beta). */
  private readonly marketBursts: Burst[];
  /** NYSE and Nasdaq publish closing imbalances from ten minutes before the close. */
  private readonly mocFrom: number;

  constructor(config: MarketSimulatorConfig) {
    const parsed = simulatorConfigSchema.safeParse(config);
    if (!parsed.success) {
      throw new Error(
        `invalid simulator config: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
    }
    this.config = parsed.data;
    const { seed, date, stepMs, symbols } = this.config;
    const session = sessionFor(date);
    if (!session) throw new Error(`${date} is not a NYSE trading day`);
    this.session = session;
    this.steps = Math.floor((session.closeAt - session.openAt) / stepMs);
    this.dt = stepMs / 1000 / TRADING_YEAR_SECONDS;
    this.configKey = `${seed}|${stepMs}|${this.config.rate}`;
    this.mocFrom = nyInstant(date, session.halfDay ? '12:50' : '15:50');

    // Intraday seasonality: variance and volume high at the open, low at midday, rising into the
    // close (volume more so, from the closing auction). Mean 1 over a session.
    const n = this.steps;
    this.varianceWeight = new Float64Array(n);
    this.volumeWeight = new Float64Array(n);
    let vSum = 0;
    let qSum = 0;
    for (let i = 0; i < n; i++) {
      const x = (i + 0.5) / n;
      this.varianceWeight[i] = 0.6 + 2.2 * Math.exp(-x / 0.05) + 0.9 * Math.exp(-(1 - x) / 0.06);
      this.volumeWeight[i] = 0.5 + 2.5 * Math.exp(-x / 0.06) + 2.2 * Math.exp(-(1 - x) / 0.04);
      vSum += this.varianceWeight[i];
      qSum += this.volumeWeight[i];
    }
    const normalSteps = (NORMAL_SESSION_SECONDS * 1000) / stepMs;
    for (let i = 0; i < n; i++) {
      this.varianceWeight[i] *= n / vSum;
      this.volumeWeight[i] *= n / qSum;
    }
    this.remainingVariance = new Float64Array(n + 1);
    for (let i = n - 1; i >= 0; i--) {
      this.remainingVariance[i] =
        this.remainingVariance[i + 1] + this.varianceWeight[i] / normalSteps;
    }

    const horizon = new Date(Date.parse(`${date}T12:00:00Z`) + 200 * 86_400_000);
    this.tradingDays = tradingDaysBetween(date, horizon.toISOString().slice(0, 10));
    this.market = new Prng(hash32(`${seed}|${date}|market`));
    const spx = profileFor('SPX', 0);
    this.marketBursts = this.scheduleBursts(
      new Prng(hash32(`${seed}|${date}|market-day`)),
      spx.burstsPerDay,
      spx.vol,
    );
    const profiles = symbols.map((s) => profileFor(s, hash32(s)));
    // The market factor is SPX-like whether or not SPX is simulated.
    const allProfiles = profiles.some((p) => p.marketCorrelation === 1)
      ? profiles
      : [...profiles, profileFor('SPX', 0)];
    const plans = planDay(seed, date, allProfiles);
    for (const p of profiles) this.states.set(p.symbol, this.initSymbol(p, plans.get(p.symbol)!));
    this.emitStepEvents();
  }

  /** The simulated instant of the current step. */
  now(): number {
    return this.session.openAt + this.index * this.config.stepMs;
  }

  get stepIndex(): number {
    return this.index;
  }

  /** Events dropped because nobody drained them (see maxBufferedEvents). */
  get droppedEvents(): number {
    return this.dropped;
  }

  /** The current spot of a symbol (rounded to the cent). */
  spot(symbol: string): number {
    return this.state(symbol).spot;
  }

  /** Rate and dividend yield used to price a symbol's options. */
  pricingInputs(symbol: string): { rate: number; dividendYield: number } {
    return { rate: this.config.rate, dividendYield: this.state(symbol).profile.dividendYield };
  }

  /** The symbol's parameters (long-run vol, spacing, …). */
  profile(symbol: string): SymbolProfile {
    return this.state(symbol).profile;
  }

  /** The day's plan for a symbol: previous close, open, the close it drifts toward, vol regime. */
  dayPlan(symbol: string): Readonly<DayPlan> {
    return this.state(symbol).plan;
  }

  /**
   * The closes of the `count` trading days before the simulated date, oldest first, from the
   * daily skeleton that links simulated days (each is the next day's previous close). Lets a
   * backtest start with a price history (20-day averages, swing set-ups) without simulating
   * those days intraday; a simulated day's own close differs from its skeleton close by a little
   * intraday noise.
   */
  dailyCloses(symbol: string, count: number): number[] {
    const st = this.state(symbol);
    if (!Number.isInteger(count) || count < 0 || count > 2000) {
      throw new Error(`dailyCloses: count must be an integer from 0 to 2000, got ${count}`);
    }
    const closes: number[] = [];
    let date = this.config.date;
    for (let k = 0; k < count; k++) {
      closes.push(planDay(this.config.seed, date, [st.profile]).get(symbol)!.prevClose);
      date = previousTradingDay(date);
    }
    return closes.reverse().map((c) => Math.round(c * 100) / 100);
  }

  /** True when today is the symbol's news day (heavy volume, an extra burst, 1.4× vol). */
  isNewsDay(symbol: string): boolean {
    return this.state(symbol).eventDay;
  }

  /** News bursts scheduled for a symbol today (step index, length in steps, direction, size). */
  burstsOf(symbol: string): readonly Readonly<Burst>[] {
    return this.state(symbol).bursts;
  }

  /**
   * The surface value of one listed contract at the current step: Black–Scholes price, implied
   * vol and the forward it was priced on (the chain's quotes bracket this price).
   */
  theoreticalValue(
    symbol: string,
    occSymbol: string,
  ): { price: number; iv: number; forward: number; discount: number } {
    const st = this.state(symbol);
    st.rowByOcc ??= new Map(st.listing.occSymbol.map((o, i) => [o, i]));
    const row = st.rowByOcc.get(occSymbol) ?? -1;
    if (row < 0) throw new Error(`${occSymbol} is not listed for ${symbol}`);
    const e = st.listing.expiryIndex[row];
    if (st.listing.expiries[e].expiresAt <= this.now()) throw new Error(`${occSymbol} has expired`);
    this.priceExpiries(st);
    const q = { bid: 0, ask: 0, iv: 0, theo: 0 };
    this.quote(st, row, q);
    return { price: q.theo, iv: q.iv, forward: st.exForward[e], discount: st.exDfr[e] };
  }

  /** Moves one step; false at the last step of the session. */
  step(): boolean {
    if (this.index >= this.steps - 1) return false;
    this.advanceState();
    this.index++;
    this.emitStepEvents();
    return true;
  }

  /** Steps until the step at or before `ms` (never past the session's last step). */
  advanceTo(ms: number): void {
    while (this.now() + this.config.stepMs <= ms && this.step()) {
      /* stepping */
    }
  }

  /** Ticks, option prints, books, bars and imbalances since the last drain, oldest first. */
  drainEvents(): MarketEvent[] {
    const out = this.eventsHead === 0 ? this.events : this.events.slice(this.eventsHead);
    this.events = [];
    this.eventsHead = 0;
    return out;
  }

  /** Every step of the session from the current one: yields, then advances. */
  *sessionSteps(): Generator<SimulatorStep> {
    for (;;) {
      const spots: Record<string, number> = {};
      for (const [s, st] of this.states) spots[s] = st.spot;
      yield { index: this.index, at: this.now(), spots };
      if (!this.step()) return;
    }
  }

  /** The option chain of a symbol at the current step, priced from its surface. */
  chainSnapshot(symbol: string): ChainSnapshot {
    const st = this.state(symbol);
    this.priceExpiries(st);
    const now = this.now();
    const asOf = new Date(now).toISOString();
    const { listing } = st;
    const contracts: OptionContract[] = [];
    const q = { bid: 0, ask: 0, iv: 0 };
    for (let i = 0; i < listing.strike.length; i++) {
      const e = listing.expiryIndex[i];
      const ex = listing.expiries[e];
      if (ex.expiresAt <= now) continue;
      this.quote(st, i, q);
      const g = this.greeks;
      const last = st.last[i];
      contracts.push({
        occSymbol: listing.occSymbol[i],
        root: ex.root,
        expiry: ex.date,
        expiresAt: ex.expiresAtIso,
        settlement: ex.settlement,
        strike: listing.strike[i],
        right: listing.isCall[i] === 1 ? 'call' : 'put',
        bid: q.bid,
        ask: q.ask,
        last: Number.isNaN(last) ? null : last,
        mark: round(0.5 * (q.bid + q.ask), 1e4),
        volume: st.volume[i],
        openInterest: listing.openInterest[i],
        iv: round(q.iv, 1e4),
        delta: round(g[1], 1e4),
        gamma: round(g[2], 1e6),
        theta: round(g[3], 1e4),
        vega: round(g[4], 1e4),
      });
    }
    return {
      snapshotId: `sim-${hash64Hex(`simulator|${symbol}|${asOf}|${this.configKey}`)}`,
      underlying: symbol,
      spot: st.spot,
      asOf,
      source: 'simulator',
      contracts,
      quality: { rowsReceived: contracts.length, contractsKept: contracts.length, dropped: {} },
    };
  }

  // ---------------------------------------------------------------------------------------

  private state(symbol: string): SymbolState {
    const st = this.states.get(symbol);
    if (!st)
      throw new Error(
        `symbol ${symbol} is not simulated (have ${[...this.states.keys()].join(', ')})`,
      );
    return st;
  }

  private initSymbol(profile: SymbolProfile, plan: DayPlan): SymbolState {
    const { seed, date } = this.config;
    const key = `${seed}|${date}|${profile.symbol}`;
    const day = new Prng(hash32(`${key}|day`));
    const tracksMarket = profile.marketCorrelation === 1;
    const openSpot = roundPrice(plan.open);
    const listing = buildListing(
      profile,
      date,
      this.session.openAt,
      openSpot,
      new Prng(hash32(`${key}|listing`)),
      this.tradingDays,
    );
    // Trackers share the market's bursts; other symbols have their own news.
    const bursts = tracksMarket
      ? this.marketBursts
      : this.scheduleBursts(day, profile.burstsPerDay, profile.vol);
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
      stepReturn: 0,
      bar: {
        start: this.session.openAt,
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
      state.bursts = [...state.bursts, ...this.scheduleBursts(day, 0, profile.vol * 1.4, 1)];
    }
    return state;
  }

  /**
   * News bursts: a Poisson number a day, starting between 10:00 and 15:30 New York, each a jump
   * (40% of its size) followed by drift (60%) over 10–30 minutes, scaled by the symbol's vol.
   */
  private scheduleBursts(rng: Prng, perDay: number, vol: number, exactly?: number): Burst[] {
    const bursts: Burst[] = [];
    const count = exactly ?? rng.poisson(perDay);
    const first = Math.floor((30 * 60_000) / this.config.stepMs);
    const lastStart = Math.max(first + 1, this.steps - first);
    for (let b = 0; b < count; b++) {
      const size = (0.012 + 0.022 * rng.next()) * (vol / 0.4);
      bursts.push({
        step: first + rng.int(lastStart - first),
        length: Math.floor(((10 + 20 * rng.next()) * 60_000) / this.config.stepMs),
        direction: rng.next() < 0.5 ? -1 : 1,
        size: Math.max(0.006, size),
      });
    }
    return bursts;
  }

  /** Moves every underlying from step `index` to `index + 1`. */
  private advanceState(): void {
    const i = this.index;
    const dt = this.dt;
    const sqrtDt = Math.sqrt(dt);
    const w = this.varianceWeight[i];
    const m = this.market;
    const zMarket = m.normal();
    const zMarketVar = m.normal();
    const mktJump = m.poisson(6 * dt) > 0 ? -0.003 + 0.006 * m.normal() : 0;
    const stepsLeft = this.steps - 1 - i;
    const mocStart = this.steps - Math.floor((10 * 60_000) / this.config.stepMs);

    const marketBurst = burstAt(this.marketBursts, i);

    for (const st of this.states.values()) {
      const p = st.profile;
      const rng = st.path;
      const c = p.marketCorrelation;
      const zIdio = rng.normal();
      const zVar = st.tracksMarket ? zMarketVar : rng.normal();
      const z = st.tracksMarket ? zMarket : c * zMarket + Math.sqrt(1 - c * c) * zIdio;
      // Heston variance, full truncation Euler, in trading time scaled by the seasonality.
      const v = Math.max(st.variance, MIN_VARIANCE);
      const sv = Math.sqrt(v);
      const rho = p.leverage;
      st.variance = Math.max(
        MIN_VARIANCE,
        v +
          p.kappa * (st.longRunVariance - v) * dt * w +
          p.volOfVol * sv * sqrtDt * Math.sqrt(w) * (rho * z + Math.sqrt(1 - rho * rho) * zVar),
      );
      let jump = st.tracksMarket ? mktJump : ((c * Math.sqrt(p.vol * p.vol)) / 0.15) * mktJump;
      if (!st.tracksMarket && rng.poisson(p.jumpsPerYear * dt) > 0)
        jump += p.jumpMean + p.jumpStd * rng.normal();
      const burst = st.tracksMarket ? marketBurst : burstAt(st.bursts, i);
      const carried = st.tracksMarket
        ? 0
        : ((c * p.vol) / 0.15) * (marketBurst.jump + marketBurst.drift);
      if (burst.jump !== 0) st.variance *= 1.5;
      // Soft pull toward the planned close: the day's trend, leaving intraday noise intact.
      const pull = (Math.log(st.plan.targetClose) - st.logSpot) / (stepsLeft + 720);
      let moc = 0;
      if (i >= mocStart && !p.index)
        moc = (this.mocScore(st) * 0.08 * (p.vol / Math.sqrt(252))) / (this.steps - mocStart);
      const ret =
        -0.5 * v * w * dt +
        sv * Math.sqrt(w * dt) * z +
        jump +
        burst.jump +
        burst.drift +
        carried +
        pull +
        moc;
      st.logSpot += ret;
      st.stepReturn = ret;
      st.spot = roundPrice(Math.exp(st.logSpot));
    }
  }

  /** Closing-auction imbalance in σ units: the day's trend, the resting pressure and noise. */
  private mocScore(st: SymbolState, interestSeen = 1): number {
    const daySd = st.plan.vol / Math.sqrt(252);
    const trend = Math.log(st.spot / st.openSpot) / daySd;
    return 0.6 * trend + interestSeen * (0.8 * st.mocPressure + 0.35 * st.mocNoise);
  }

  /** Emits the current step's tape, option prints, books, bars and imbalances. */
  private emitStepEvents(): void {
    const i = this.index;
    const at = this.now();
    const record = this.config.recordEvents;
    const stepsPerMinute = 60_000 / this.config.stepMs;
    const mocFrom = this.mocFrom;
    const depthFrom = this.session.closeAt - 60 * 60_000;
    for (const st of this.states.values()) {
      const p = st.profile;
      // A bar covers [start, start + 1 min) and is published at the first step at or after its end.
      if (i > 0 && i % stepsPerMinute === 0) this.closeBar(st, at, record);
      const own = burstAt(st.bursts, i);
      const felt = burstAt(this.marketBursts, i);
      const burst = own.intensity >= felt.intensity ? own : felt;
      const stepSd = st.plan.vol / Math.sqrt(252) / Math.sqrt(this.steps);
      const activity = (1 + Math.min(4, Math.abs(st.stepReturn) / (stepSd || 1))) / 1.8;
      const flow = st.flow;

      // Underlying prints: the step's volume split over 1–4 ticks on the way to the new price.
      if (!p.index && p.dailyShares > 0) {
        const shares = Math.round(
          (p.dailyShares / this.steps) *
            this.volumeWeight[Math.min(i, this.steps - 1)] *
            activity *
            burst.intensity *
            st.dayActivity *
            Math.exp(0.3 * flow.normal() - 0.045),
        );
        const nTicks = 1 + flow.int(4);
        const prev = st.bar.close;
        let left = shares;
        for (let k = 1; k <= nTicks; k++) {
          const size = k === nTicks ? left : Math.round(left * flow.next() * 0.6);
          left -= size;
          const price = k === nTicks ? st.spot : roundPrice(prev + ((st.spot - prev) * k) / nTicks);
          if (record && size > 0) this.push({ kind: 'tick', symbol: p.symbol, at, price, size });
          this.barUpdate(st, price, size);
        }
      } else {
        if (record) this.push({ kind: 'tick', symbol: p.symbol, at, price: st.spot, size: 0 });
        this.barUpdate(st, st.spot, 0);
      }

      // Option prints, consistent with the quotes of this step.
      const prints = flow.poisson(
        p.optionPrintsPerStep *
          this.volumeWeight[Math.min(i, this.steps - 1)] *
          activity *
          burst.intensity *
          st.dayActivity,
      );
      if (prints > 0) this.optionPrints(st, prints, burst.intensity, burst.direction, at, record);

      // Order book of the underlying (cash indices have none).
      if (!p.index && record) this.push({ kind: 'book', ...this.book(st, at, at >= depthFrom) });

      // Closing-auction imbalances: indicative prints once a minute in the last hour before the
      // freeze, then the official publication every step from 15:50 (12:50 on a half day).
      if (!p.index) {
        const official = at >= mocFrom;
        const indicative = !official && at >= depthFrom && i % stepsPerMinute === 0;
        if (official || indicative) {
          const noise = flow.normal();
          const paired = Math.round(p.dailyShares * 0.01 * Math.exp(0.2 * flow.normal()));
          // Early prints see only part of the closing interest, and more noise.
          const ramp = official ? 1 : 0.5 + (0.5 * (at - depthFrom)) / (mocFrom - depthFrom);
          const score = official
            ? this.mocScore(st) + 0.1 * noise
            : this.mocScore(st, ramp) + 0.3 * noise;
          if (record) {
            this.push({
              kind: 'imbalance',
              symbol: p.symbol,
              at,
              side: score >= 0 ? 'buy' : 'sell',
              shares: Math.round(Math.abs(score) * p.dailyShares * 0.0025),
              pairedShares: paired,
              referencePrice: st.spot,
              indicative,
            });
          }
        }
      }

      // The session's last bar is published at the last step, stamped with it (so it is never
      // ahead of the clock): it covers 15:59:00 through the 15:59:55 step.
      if (i === this.steps - 1) this.closeBar(st, at, record);
    }
  }

  /** Emits the symbol's one-minute bar ending at `end` and starts the next at the last price. */
  private closeBar(st: SymbolState, end: number, record: boolean): void {
    const b = st.bar;
    if (record) {
      this.push({
        kind: 'bar',
        symbol: st.profile.symbol,
        start: b.start,
        end,
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
      });
    }
    st.bar = { start: end, open: b.close, high: b.close, low: b.close, close: b.close, volume: 0 };
  }

  private barUpdate(st: SymbolState, price: number, size: number): void {
    const b = st.bar;
    if (price > b.high) b.high = price;
    if (price < b.low) b.low = price;
    b.close = price;
    b.volume += size;
  }

  private optionPrints(
    st: SymbolState,
    count: number,
    intensity: number,
    direction: number,
    at: number,
    record: boolean,
  ): void {
    this.priceExpiries(st);
    const { listing, flow, profile: p } = st;
    const exps = listing.expiries;
    let totalWeight = 0;
    for (let e = 0; e < exps.length; e++)
      if (exps[e].expiresAt > at) totalWeight += exps[e].flowWeight;
    if (totalWeight === 0) return;
    const q = { bid: 0, ask: 0, iv: 0 };
    const blockChance = intensity > 2 ? 0.15 : 0.012;
    for (let n = 0; n < count; n++) {
      // Expiry by flow weight, right with a tilt toward the burst's direction, strike near the
      // money with out-of-the-money bias (calls above, puts below).
      let u = flow.next() * totalWeight;
      let e = 0;
      for (; e < exps.length; e++) {
        if (exps[e].expiresAt <= at) continue;
        u -= exps[e].flowWeight;
        if (u <= 0) break;
      }
      if (e >= exps.length) e = exps.length - 1;
      const isCall = flow.next() < 0.5 + 0.2 * direction;
      const sd = st.exSdAtm[e];
      const target =
        st.exForward[e] * Math.exp(sd * (0.7 * flow.normal() + (isCall ? 0.35 : -0.35)));
      const ks = exps[e].strikes;
      const s = nearestIndex(ks, target);
      const row = listing.rowOf[e][s * 2 + (isCall ? 0 : 1)];
      this.quote(st, row, q);
      const block = flow.next() < blockChance;
      const size = block
        ? Math.min(5000, Math.round(100 * Math.pow(1 / flow.nextOpen(), 1 / 1.6)))
        : 1 + Math.floor(-Math.log(flow.nextOpen()) * p.printSize);
      // Informed flow during a burst buys the direction's options.
      const aligned = direction !== 0 && (isCall ? direction > 0 : direction < 0);
      const r = flow.next();
      const buyP = aligned ? 0.75 : 0.47;
      const side: 'buy' | 'sell' | 'unknown' =
        r < 0.1 ? 'unknown' : r < 0.1 + 0.9 * buyP ? 'buy' : 'sell';
      const tick = q.ask < 3 ? p.tickBelow3 : p.tickAbove3;
      const price =
        side === 'buy'
          ? q.ask
          : side === 'sell'
            ? q.bid
            : Math.max(tick, roundTo(0.5 * (q.bid + q.ask), tick));
      if (price <= 0) continue;
      st.volume[row] += size;
      st.last[row] = price;
      if (record) {
        this.push({
          kind: 'option_trade',
          occSymbol: listing.occSymbol[row],
          underlying: p.symbol,
          at,
          price,
          size,
          side,
          block: size >= 100,
          premium: Math.round(price * size * 100 * 100) / 100,
        });
      }
    }
  }

  /** Top 10 levels a side around the spot; sizes lean with closing pressure in the last hour. */
  private book(
    st: SymbolState,
    at: number,
    depthSignal: boolean,
  ): { symbol: string; at: number; bids: BookLevel[]; asks: BookLevel[] } {
    const p = st.profile;
    const rng = st.book;
    const half = p.bookHalfSpreadCents / 100;
    const lean = depthSignal ? Math.exp(0.35 * (st.mocPressure + 0.7 * st.depthNoise)) : 1;
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    const bestBid = roundPrice(st.spot - half);
    const bestAsk = roundPrice(Math.max(bestBid + 0.01, st.spot + half));
    for (let l = 0; l < 10; l++) {
      const base = p.bookLevelShares * (1 + 0.2 * l);
      bids.push({
        price: roundPrice(bestBid - 0.01 * l),
        size: Math.max(100, Math.round((base * lean * Math.exp(0.4 * rng.normal())) / 100) * 100),
      });
      asks.push({
        price: roundPrice(bestAsk + 0.01 * l),
        size: Math.max(100, Math.round(((base / lean) * Math.exp(0.4 * rng.normal())) / 100) * 100),
      });
    }
    return { symbol: p.symbol, at, bids, asks };
  }

  /** Per-expiry time, ATM total variance and forward at the current step. */
  private priceExpiries(st: SymbolState): void {
    if (st.pricedStep === this.index) return;
    const now = this.now();
    const p = st.profile;
    const v = st.variance;
    const kappa = p.kappa;
    const remToday = this.remainingVariance[this.index];
    const r = this.config.rate;
    const exps = st.listing.expiries;
    for (let e = 0; e < exps.length; e++) {
      const ex = exps[e];
      const tCal = (ex.expiresAt - now) / CALENDAR_YEAR_MS;
      st.exT[e] = tCal;
      if (tCal <= 0) continue;
      const d = ex.tradingDaysAhead;
      // Trading-time variance to expiry: the rest of today, whole days between, the expiry day
      // itself when PM-settled, and the overnight gaps.
      const days =
        d === 0
          ? remToday
          : remToday + (d - 1) + (ex.settlement === 'PM' ? 1 : 0) + d * OVERNIGHT_VARIANCE;
      const tau = Math.max(days, 1e-6) / 252;
      const kt = kappa * tau;
      const vbar =
        st.longRunVariance + (v - st.longRunVariance) * (kt > 1e-8 ? (1 - Math.exp(-kt)) / kt : 1);
      st.exSdAtm[e] = st.volPremium * Math.sqrt(Math.max(vbar, MIN_VARIANCE) * tau);
      st.exForward[e] = st.spot * Math.exp((r - p.dividendYield) * tCal);
      st.exSqrtT[e] = Math.sqrt(tCal);
      st.exDfr[e] = Math.exp(-r * tCal);
    }
    const minutesToClose = (this.session.closeAt - now) / 60_000;
    const minutesFromOpen = (now - this.session.openAt) / 60_000;
    let widen = 1;
    if (minutesToClose < 15) widen *= 1 + (15 - minutesToClose) / 15;
    if (minutesFromOpen < 5) widen *= 1.5;
    // Market makers widen while news is moving the stock.
    if (burstAt(st.bursts, this.index).intensity > 2) widen *= 1.5;
    st.widenNow = widen;
    // Skew steepens as volatility rises above its long-run level.
    const m = Math.min(1.6, Math.max(0.6, 1 + 0.4 * (Math.sqrt(v / st.longRunVariance) - 1)));
    st.skewNow = p.skew * m;
    st.pricedStep = this.index;
  }

  /**
   * Theo from the surface (Black–Scholes–Merton from src/analytics/math at the surface's vol),
   * quotes around it on the tick grid; leaves the price and vendor Greeks in this.greeks.
   */
  private quote(
    st: SymbolState,
    row: number,
    out: { bid: number; ask: number; iv: number; theo?: number },
  ): void {
    const p = st.profile;
    const { listing } = st;
    const e = listing.expiryIndex[row];
    const sqrtT = st.exSqrtT[e];
    const sdAtm = st.exSdAtm[e];
    const forward = st.exForward[e];
    const strike = listing.strike[row];
    const k = Math.log(strike / forward);
    const zRaw = k / sdAtm;
    const zs = Z_SATURATION * Math.tanh(zRaw / Z_SATURATION);
    const sd = sdAtm * (1 + st.skewNow * zs + p.smile * zs * zs);
    const iv = sd / sqrtT;
    const g = this.greeks;
    greeksInto(
      listing.isCall[row] === 1,
      st.spot,
      strike,
      st.exT[e],
      this.config.rate,
      p.dividendYield,
      iv,
      g,
      0,
    );
    let theo = g[0];
    if (theo < 0) theo = 0;
    // Half-spread: fixed plus proportional, wider away from the money, at the open, in the last
    // 15 minutes and during bursts; a little deterministic jitter per contract and step.
    const away = zRaw > 8 ? 8 : zRaw < -8 ? 8 : Math.abs(zRaw);
    const widen = (1 + 0.12 * away) * st.widenNow * (0.85 + 0.3 * hashUniform(row, this.index));
    const hs = (p.halfSpreadBase + p.halfSpreadPct * theo) * widen;
    const tick = theo < 3 ? p.tickBelow3 : p.tickAbove3;
    let bid = Math.floor((theo - hs) / tick + 1e-9) * tick;
    let ask = Math.ceil((theo + hs) / tick - 1e-9) * tick;
    if (bid < 0) bid = 0;
    if (ask - bid < tick - 1e-9) ask = bid + tick;
    bid = Math.round(bid * 100) / 100;
    ask = Math.round(ask * 100) / 100;
    // Rounding to the cent must not cross the theo: quotes always bracket the surface price.
    if (bid > theo) bid = Math.max(0, Math.round((bid - tick) * 100) / 100);
    if (ask < theo) ask = Math.round((ask + tick) * 100) / 100;
    out.bid = bid;
    out.ask = ask;
    out.iv = iv;
    out.theo = theo;
  }

  private push(event: MarketEvent): void {
    this.events.push(event);
    if (this.events.length - this.eventsHead > this.config.maxBufferedEvents) {
      this.eventsHead++;
      this.dropped++;
      if (this.eventsHead > 65_536) {
        this.events = this.events.slice(this.eventsHead);
        this.eventsHead = 0;
      }
    }
  }
}

interface BurstEffect {
  drift: number;
  jump: number;
  intensity: number;
  direction: number;
}

const NO_BURST: BurstEffect = { drift: 0, jump: 0, intensity: 1, direction: 0 };

/** The active burst's effect at step i: log jump, drift per step, activity multiplier. */
function burstAt(bursts: Burst[], i: number): BurstEffect {
  for (const b of bursts) {
    if (i === b.step) {
      return { drift: 0, jump: 0.4 * b.size * b.direction, intensity: 6, direction: b.direction };
    }
    if (i > b.step && i < b.step + b.length) {
      const left = 1 - (i - b.step) / b.length;
      return {
        drift: (0.6 * b.size * b.direction) / b.length,
        jump: 0,
        intensity: 1 + 5 * left,
        direction: b.direction,
      };
    }
  }
  return NO_BURST;
}

function round(x: number, scale: number): number {
  return Math.round(x * scale) / scale;
}

function roundTo(x: number, tick: number): number {
  return round(Math.round(x / tick) * tick, 100);
}

function roundPrice(x: number): number {
  return Math.round(x * 100) / 100;
}

function nearestIndex(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[lo] - x) <= Math.abs(sorted[hi] - x) ? lo : hi;
}
