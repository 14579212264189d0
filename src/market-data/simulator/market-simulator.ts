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
 *
 * This class orders the parts: the price path moves every symbol, then each symbol's generators
 * (tape, option prints, book, closing imbalance) write the step's events. The order of their
 * random draws is what a seed reproduces, so it must not change.
 */
import {
  nyInstant,
  previousTradingDay,
  sessionFor,
  tradingDaysBetween,
  type TradingSession,
} from '../../common/market-calendar.js';
import type { ChainSnapshot } from '../chain-snapshot.js';
import type { MarketEvent } from '../market-events.js';
import { burstAt, scheduleBursts, type Burst } from './bursts.js';
import { buildChainSnapshot } from './chain-builder.js';
import { emitClosingImbalance, type ImbalanceWindow } from './closing-imbalance.js';
import { planDay, type DayPlan } from './day-skeleton.js';
import { shapeBursts, shapeFor, shapePlan } from './day-shape.js';
import { EventBuffer, type StepOutput } from './event-buffer.js';
import { emitOptionPrints } from './option-prints.js';
import { bookSnapshot } from './order-book.js';
import { advancePricePaths, type MarketFactor } from './price-path.js';
import { profileFor, type SymbolProfile } from './profiles.js';
import { Prng, hash32 } from './prng.js';
import { buildSessionGrid, stepInstant, type SessionGrid } from './session-grid.js';
import {
  parseSimulatorConfig,
  type MarketSimulatorConfig,
  type SimulatorSettings,
} from './simulator-config.js';
import { SurfaceQuoter } from './surface-quoting.js';
import { initSymbolState, type SymbolState } from './symbol-state.js';
import { closeBar, emitUnderlyingTape } from './tape.js';

/** One five-second (stepMs) step of a session. */
export interface SimulatorStep {
  index: number;
  at: number;
  /** Spots at this step, by symbol. */
  spots: Record<string, number>;
}

export class MarketSimulator {
  readonly config: SimulatorSettings;
  readonly session: TradingSession;
  /** Number of steps in the session (4,680 at 5 s on a full day). */
  readonly steps: number;
  private readonly grid: SessionGrid;
  private readonly states = new Map<string, SymbolState>();
  private readonly market: MarketFactor;
  private readonly quoter: SurfaceQuoter;
  private readonly events: EventBuffer;
  private readonly configKey: string;
  private readonly imbalanceWindow: ImbalanceWindow;
  private index = 0;

  constructor(config: MarketSimulatorConfig) {
    this.config = parseSimulatorConfig(config);
    const { seed, date, stepMs, symbols } = this.config;
    const session = sessionFor(date);
    if (!session) throw new Error(`${date} is not a NYSE trading day`);
    this.session = session;
    this.grid = buildSessionGrid(session, stepMs);
    this.steps = this.grid.steps;
    this.configKey = `${seed}|${stepMs}|${this.config.rate}`;
    this.quoter = new SurfaceQuoter(this.grid, this.config.rate);
    this.events = new EventBuffer(this.config.maxBufferedEvents);
    this.imbalanceWindow = {
      depthFrom: session.closeAt - 60 * 60_000,
      mocFrom: nyInstant(date, session.halfDay ? '12:50' : '15:50'),
      stepsPerMinute: 60_000 / stepMs,
    };

    const horizon = new Date(Date.parse(`${date}T12:00:00Z`) + 200 * 86_400_000);
    const tradingDays = tradingDaysBetween(date, horizon.toISOString().slice(0, 10));
    const marketRng = new Prng(hash32(`${seed}|${date}|market`));
    const spx = profileFor('SPX', 0);
    const marketBursts = scheduleBursts(
      new Prng(hash32(`${seed}|${date}|market-day`)),
      spx.burstsPerDay,
      spx.vol,
      this.grid,
    );
    const shapes = this.config.dayShapes;
    const burstsOf = (symbol: string): Burst[] =>
      shapeBursts(shapeFor(shapes, symbol), this.grid, session.openAt, (t) => nyInstant(date, t));
    // Bursts of a market tracker's (SPX, SPY) shape move the market factor, felt by every symbol.
    const tracker = symbols.find((s) => profileFor(s, 0).marketCorrelation === 1);
    if (tracker) marketBursts.push(...burstsOf(tracker));
    this.market = { rng: marketRng, bursts: marketBursts };
    const profiles = symbols.map((s) => profileFor(s, hash32(s)));
    // The market factor is SPX-like whether or not SPX is simulated.
    const allProfiles = profiles.some((p) => p.marketCorrelation === 1)
      ? profiles
      : [...profiles, profileFor('SPX', 0)];
    const plans = planDay(seed, date, allProfiles);
    const inputs = { seed, date, grid: this.grid, tradingDays, marketBursts };
    for (const p of profiles) {
      const shape = shapeFor(shapes, p.symbol);
      const plan = shapePlan(plans.get(p.symbol)!, shape);
      this.states.set(
        p.symbol,
        initSymbolState(p, plan, { ...inputs, shape, shapeBursts: burstsOf(p.symbol) }),
      );
    }
    this.emitStepEvents();
  }

  /** The simulated instant of the current step. */
  now(): number {
    return stepInstant(this.grid, this.index);
  }

  get stepIndex(): number {
    return this.index;
  }

  /** Events dropped because nobody drained them (see maxBufferedEvents). */
  get droppedEvents(): number {
    return this.events.dropped;
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
    this.quoter.priceExpiries(st, this.index);
    const q = { bid: 0, ask: 0, iv: 0, theo: 0 };
    this.quoter.quote(st, row, this.index, q);
    return { price: q.theo, iv: q.iv, forward: st.exForward[e], discount: st.exDfr[e] };
  }

  /** Moves one step; false at the last step of the session. */
  step(): boolean {
    if (this.index >= this.steps - 1) return false;
    advancePricePaths(this.states.values(), this.market, this.grid, this.index);
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
    return this.events.drain();
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
    return buildChainSnapshot(
      this.state(symbol),
      this.quoter,
      this.grid,
      this.index,
      this.configKey,
    );
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

  /** Emits the current step's tape, option prints, books, bars and imbalances. */
  private emitStepEvents(): void {
    const i = this.index;
    const out: StepOutput = {
      index: i,
      at: this.now(),
      record: this.config.recordEvents,
      events: this.events,
    };
    const { steps, volumeWeight } = this.grid;
    const { stepsPerMinute, depthFrom } = this.imbalanceWindow;
    for (const st of this.states.values()) {
      const p = st.profile;
      // A bar covers [start, start + 1 min) and is published at the first step at or after its end.
      if (i > 0 && i % stepsPerMinute === 0) closeBar(st, out.at, out);
      const own = burstAt(st.bursts, i);
      const felt = burstAt(this.market.bursts, i);
      const burst = own.intensity >= felt.intensity ? own : felt;
      const stepSd = st.plan.vol / Math.sqrt(252) / Math.sqrt(steps);
      const activity = (1 + Math.min(4, Math.abs(st.stepReturn) / (stepSd || 1))) / 1.8;
      const seasonal = volumeWeight[Math.min(i, steps - 1)];

      // Underlying prints on the way to the new price.
      emitUnderlyingTape(
        st,
        (p.dailyShares / steps) * seasonal * activity * burst.intensity * st.dayActivity,
        out,
      );

      // Option prints, consistent with the quotes of this step.
      const prints = st.flow.poisson(
        p.optionPrintsPerStep * seasonal * activity * burst.intensity * st.dayActivity,
      );
      if (prints > 0) emitOptionPrints(st, prints, burst, this.quoter, out);

      // Order book of the underlying (cash indices have none).
      if (!p.index && out.record) {
        this.events.push({ kind: 'book', ...bookSnapshot(st, out.at, out.at >= depthFrom) });
      }

      // Closing-auction imbalances (cash indices have none).
      if (!p.index) emitClosingImbalance(st, this.imbalanceWindow, out);

      // The session's last bar is published at the last step, stamped with it (so it is never
      // ahead of the clock): it covers 15:59:00 through the 15:59:55 step.
      if (i === steps - 1) closeBar(st, out.at, out);
    }
  }
}
