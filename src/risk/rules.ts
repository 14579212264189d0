/**
 * The risk rules: pure functions of a proposed trade and the book. Each returns a RuleCheck
 * (rule, value, limit, passed, message) so every verdict can say exactly why it went the way it did.
 * Greeks limits are in share-equivalents: per-share Greeks × 100 × contracts (theta in $/day).
 */
import { isMarketOpen, nyMinutes } from '../common/market-calendar.js';
import { CONTRACT_MULTIPLIER } from '../vocabulary/units.js';
import type { SignalCandidate } from '../strategies/signal-candidate.js';
import { gradeAtLeast, type TimeWindow } from './risk-limits.js';
import { thetaBookOf } from './strategy-limits.js';
import type { RiskInput, RiskPosition, RuleCheck, RuleId } from './rule-types.js';

const check = (
  rule: RuleId,
  passed: boolean,
  value: RuleCheck['value'],
  limit: RuleCheck['limit'],
  message: string,
): RuleCheck => ({ rule, passed, value, limit, message });

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Dollars one contract can lose to its stop. Entry and stop are on the signed closing-value scale
 * (debit positive, credit negative), so the loss at the stop is entry − stop for every trade.
 */
export function riskPerContract(c: Pick<SignalCandidate, 'entry' | 'stop'>): number {
  const perShare = Math.max(0, c.entry - c.stop);
  // A stop at or beyond the entry still risks the premium: never size as if risk were zero.
  return Math.max(perShare, Math.abs(c.entry) * 0.05, 0.01) * CONTRACT_MULTIPLIER;
}

/** Dollars of buying power one contract ties up: the debit, or the risk for a credit trade. */
export function capitalPerContract(c: Pick<SignalCandidate, 'entry' | 'stop'>): number {
  return c.entry >= 0 ? c.entry * CONTRACT_MULTIPLIER : riskPerContract(c);
}

export function nyMinuteOfDay(ms: number): number {
  return Math.floor(nyMinutes(ms));
}

function inWindow(now: number, w: TimeWindow): boolean {
  const m = nyMinuteOfDay(now);
  return m >= w.startMinute && m < w.endMinute;
}

function minuteLabel(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Rules that need no size: halts, staleness, breaker, windows, counts, liquidity, correlation. */
export function gateChecks(input: RiskInput): RuleCheck[] {
  const { candidate: c, limits, controls, account } = input;
  const out: RuleCheck[] = [];
  out.push(
    check(
      'overseer_halt',
      !controls.halted,
      controls.halted ? 'halted' : 'running',
      'running',
      controls.halted ? `trading halted: ${controls.haltReason ?? 'overseer'}` : 'trading running',
    ),
  );
  const symHalted = controls.haltedSymbols.has(c.symbol);
  out.push(
    check(
      'symbol_halted',
      !symHalted,
      symHalted ? 'halted' : 'running',
      'running',
      `${c.symbol} ${symHalted ? 'halted' : 'running'}`,
    ),
  );
  const disabled = controls.disabledStrategies.has(c.strategy);
  out.push(
    check(
      'strategy_disabled',
      !disabled,
      disabled ? 'disabled' : 'enabled',
      'enabled',
      `${c.strategy} ${disabled ? 'disabled' : 'enabled'}`,
    ),
  );
  const feedOk = input.feedAgeMs !== null && input.feedAgeMs <= limits.maxFeedAgeMs;
  out.push(
    check(
      'stale_pricing_feed',
      feedOk,
      input.feedAgeMs,
      limits.maxFeedAgeMs,
      `pricing feed age ${input.feedAgeMs ?? 'unknown'} ms (limit ${limits.maxFeedAgeMs} ms)`,
    ),
  );
  const anaOk = input.analyticsAgeMs !== null && input.analyticsAgeMs <= limits.maxAnalyticsAgeMs;
  out.push(
    check(
      'stale_analytics',
      anaOk,
      input.analyticsAgeMs,
      limits.maxAnalyticsAgeMs,
      `analytics heartbeat age ${input.analyticsAgeMs ?? 'unknown'} ms (limit ${limits.maxAnalyticsAgeMs} ms)`,
    ),
  );
  const lossFloor = -limits.dailyLossLimit * account.startOfDayEquity;
  out.push(
    check(
      'daily_loss_breaker',
      account.dayPnl > lossFloor,
      round(account.dayPnl),
      round(lossFloor),
      `day P&L ${round(account.dayPnl)} vs breaker ${round(lossFloor)}`,
    ),
  );
  const window =
    c.strategy === 'moc_imbalance'
      ? limits.moc.window
      : (limits.strategyWindows[c.strategy] ?? limits.defaultWindow);
  const minute = nyMinuteOfDay(input.now);
  // The windows are wall-clock minutes of a regular session: outside one (before the open, after
  // a half day's 13:00 close, a weekend or holiday) the market is closed whatever the minute.
  const open = isMarketOpen(input.now);
  out.push(
    check(
      c.strategy === 'moc_imbalance' ? 'moc_window' : 'time_window',
      open && inWindow(input.now, window),
      open ? minuteLabel(minute) : `${minuteLabel(minute)} closed`,
      window.label,
      `${minuteLabel(minute)} ET vs window ${window.label}${open ? '' : ' (market closed: no regular session now)'}`,
    ),
  );
  out.push(
    check(
      'max_concurrent_trades',
      input.positions.length < limits.maxConcurrentTrades,
      input.positions.length + 1,
      limits.maxConcurrentTrades,
      `${input.positions.length} open, limit ${limits.maxConcurrentTrades}`,
    ),
  );
  if (c.strategy === 'gamma_scalp_0dte') {
    out.push(
      check(
        'zero_dte_liquidity',
        gradeAtLeast(c.liquidityGrade, limits.zeroDte.minLiquidity),
        c.liquidityGrade,
        limits.zeroDte.minLiquidity,
        `liquidity ${c.liquidityGrade}, need ${limits.zeroDte.minLiquidity} or better`,
      ),
    );
  }
  if (c.strategy === 'swing') {
    const swings = input.positions.filter((p) => p.strategy === 'swing');
    out.push(
      check(
        'swing_max_positions',
        swings.length < limits.swing.maxPositions,
        swings.length + 1,
        limits.swing.maxPositions,
        `${swings.length} swing positions open, limit ${limits.swing.maxPositions}`,
      ),
    );
    let worst = 0;
    for (const p of swings) {
      const r = input.correlation(c.symbol, p.symbol);
      if (r !== null && r > worst) worst = r;
    }
    out.push(
      check(
        'swing_correlation',
        worst <= limits.swing.maxCorrelation,
        round(worst, 3),
        limits.swing.maxCorrelation,
        `highest correlation with an open swing ${round(worst, 3)}`,
      ),
    );
    out.push(
      check(
        'swing_liquidity',
        gradeAtLeast(c.liquidityGrade, limits.swing.minLiquidity),
        c.liquidityGrade,
        limits.swing.minLiquidity,
        `liquidity ${c.liquidityGrade}, need ${limits.swing.minLiquidity} or better`,
      ),
    );
  }
  const own = limits.strategyLimits[c.strategy];
  if (own?.maxPositions !== undefined) {
    const open = input.positions.filter((p) => p.strategy === c.strategy).length;
    out.push(
      check(
        'strategy_positions',
        open < own.maxPositions,
        open + 1,
        own.maxPositions,
        `${open} ${c.strategy} positions open, its limit ${own.maxPositions}`,
      ),
    );
  }
  if (c.direction !== 'neutral') {
    const correlated = input.positions.filter((p) => {
      if (p.direction !== c.direction) return false;
      const r = input.correlation(c.symbol, p.symbol);
      return r !== null && r > limits.maxCorrelation;
    }).length;
    out.push(
      check(
        'correlated_positions',
        correlated < limits.maxCorrelatedPositions,
        correlated + 1,
        limits.maxCorrelatedPositions,
        `${correlated} open ${c.direction} positions correlated > ${limits.maxCorrelation}`,
      ),
    );
  }
  return out;
}

/** Caps whose binding at zero no later rule reports: the sizing itself rejects. */
const SIZE_CAPS_WITHOUT_RULE = new Set(['candidate', 'kelly', 'risk_per_trade', 'overseer_taper']);

export interface Sizing {
  quantity: number;
  /** Which cap bound the size, for the record. */
  boundBy: string;
  caps: Record<string, number>;
}

/** Caps the size by Kelly, per-trade risk, the strategy's own cap and the per-strategy limits. */
export function sizeOrder(input: RiskInput, betFraction: number): Sizing {
  const { candidate: c, limits, account } = input;
  const rpc = riskPerContract(c);
  const caps: Record<string, number> = {
    candidate: c.maxContracts,
    kelly: Math.floor((betFraction * account.equity) / rpc),
    risk_per_trade: Math.floor((limits.maxRiskPerTrade * account.equity) / rpc),
  };
  if (c.strategy === 'gamma_scalp_0dte') {
    const held = input.positions
      .filter((p) => p.strategy === 'gamma_scalp_0dte' && p.symbol === c.symbol)
      .reduce((s, p) => s + p.contracts, 0);
    caps.zero_dte_contracts = Math.max(0, limits.zeroDte.maxContracts - held);
    const d = Math.abs(c.greeksPerUnit.delta) * CONTRACT_MULTIPLIER;
    if (d > 0) caps.zero_dte_delta = Math.floor(limits.zeroDte.maxAbsDelta / d);
  }
  if (c.strategy === 'moc_imbalance') {
    const notional = Math.abs(c.entry) * CONTRACT_MULTIPLIER;
    if (notional > 0) caps.moc_notional = Math.floor(limits.moc.maxNotional / notional);
  }
  // Room left under the portfolio limits: size down to fit rather than reject a trade that fits smaller.
  const sum = (f: (p: RiskPosition) => number): number =>
    input.positions.reduce((s, p) => s + f(p), 0);
  const room = (held: number, perUnit: number, limit: number): number => {
    const u = perUnit * CONTRACT_MULTIPLIER;
    const h = held * CONTRACT_MULTIPLIER;
    if (u === 0) return Infinity;
    // |h + q·u| ≤ limit, q ≥ 0
    const q = u > 0 ? (limit - h) / u : (limit + h) / -u;
    return Math.max(0, Math.floor(q + 1e-9));
  };
  caps.net_delta = room(
    sum((p) => p.greeks.delta),
    c.greeksPerUnit.delta,
    limits.maxNetDelta,
  );
  caps.net_gamma = room(
    sum((p) => p.greeks.gamma),
    c.greeksPerUnit.gamma,
    limits.maxNetGamma,
  );
  if (c.greeksPerUnit.theta < 0) {
    const book = thetaBookOf(c.strategy, limits);
    const thetaHeld =
      input.positions.filter(book.holds).reduce((s, p) => s + p.greeks.theta, 0) *
      CONTRACT_MULTIPLIER;
    caps.net_theta = Math.max(
      0,
      Math.floor(
        (thetaHeld - book.minNetTheta) / (-c.greeksPerUnit.theta * CONTRACT_MULTIPLIER) + 1e-9,
      ),
    );
  }
  const own = limits.strategyLimits[c.strategy];
  if (own?.maxContracts !== undefined) caps.strategy_contracts = own.maxContracts;
  caps.portfolio_heat = Math.max(
    0,
    Math.floor((limits.maxHeat * account.equity - sum((p) => p.riskDollars ?? 0)) / rpc + 1e-9),
  );
  caps.buying_power = Math.max(0, Math.floor(account.buyingPower / capitalPerContract(c) + 1e-9));
  let quantity = Infinity;
  let boundBy = 'candidate';
  for (const [k, v] of Object.entries(caps)) {
    if (v < quantity) {
      quantity = v;
      boundBy = k;
    }
  }
  const tapered = Math.floor(quantity * input.controls.sizeMultiplier);
  if (tapered < quantity) {
    boundBy = 'overseer_taper';
    quantity = tapered;
  }
  return { quantity: Math.max(0, quantity), boundBy, caps };
}

/** Rules on the sized order: per-strategy caps, exposure after the order, heat, buying power. */
export function sizedChecks(input: RiskInput, quantity: number, sizing: Sizing): RuleCheck[] {
  const { candidate: c, limits, account } = input;
  const q = Math.max(1, quantity);
  const out: RuleCheck[] = [];
  out.push(
    check(
      'kelly_size',
      // A size of zero forced by a portfolio cap is reported by that cap's own rule below.
      quantity >= 1 || !SIZE_CAPS_WITHOUT_RULE.has(sizing.boundBy),
      quantity,
      '≥ 1',
      `sized to ${quantity} contract(s), bound by ${sizing.boundBy}`,
    ),
  );
  if (c.strategy === 'gamma_scalp_0dte') {
    const held = input.positions
      .filter((p) => p.strategy === 'gamma_scalp_0dte' && p.symbol === c.symbol)
      .reduce((s, p) => s + p.contracts, 0);
    out.push(
      check(
        'zero_dte_contracts',
        held + q <= limits.zeroDte.maxContracts,
        held + q,
        limits.zeroDte.maxContracts,
        `${held} held + ${q} new 0DTE contracts on ${c.symbol}`,
      ),
    );
    const d = Math.abs(c.greeksPerUnit.delta) * CONTRACT_MULTIPLIER * q;
    out.push(
      check(
        'zero_dte_delta',
        d <= limits.zeroDte.maxAbsDelta,
        round(d),
        limits.zeroDte.maxAbsDelta,
        `order |delta| ${round(d)}`,
      ),
    );
  }
  if (c.strategy === 'moc_imbalance') {
    const notional = Math.abs(c.entry) * CONTRACT_MULTIPLIER * q;
    out.push(
      check(
        'moc_notional',
        notional <= limits.moc.maxNotional,
        round(notional),
        limits.moc.maxNotional,
        `order notional $${round(notional)}`,
      ),
    );
  }
  const sum = (f: (p: RiskPosition) => number): number =>
    input.positions.reduce((s, p) => s + f(p), 0);
  const delta = (sum((p) => p.greeks.delta) + c.greeksPerUnit.delta * q) * CONTRACT_MULTIPLIER;
  const gamma = (sum((p) => p.greeks.gamma) + c.greeksPerUnit.gamma * q) * CONTRACT_MULTIPLIER;
  const book = thetaBookOf(c.strategy, limits);
  const theta =
    (input.positions.filter(book.holds).reduce((s, p) => s + p.greeks.theta, 0) +
      c.greeksPerUnit.theta * q) *
    CONTRACT_MULTIPLIER;
  out.push(
    check(
      'net_delta',
      Math.abs(delta) <= limits.maxNetDelta,
      round(delta),
      limits.maxNetDelta,
      `net delta after order ${round(delta)}`,
    ),
  );
  out.push(
    check(
      'net_gamma',
      Math.abs(gamma) <= limits.maxNetGamma,
      round(gamma),
      limits.maxNetGamma,
      `net gamma after order ${round(gamma)}`,
    ),
  );
  out.push(
    check(
      'net_theta',
      theta >= book.minNetTheta,
      round(theta),
      book.minNetTheta,
      `${book.label} book net theta after order ${round(theta)} $/day`,
    ),
  );
  const own = limits.strategyLimits[c.strategy];
  if (own?.maxContracts !== undefined)
    out.push(
      check(
        'strategy_contracts',
        q <= own.maxContracts,
        q,
        own.maxContracts,
        `${q} contract(s) of ${c.strategy} (its per-order limit ${own.maxContracts})`,
      ),
    );
  const heat = sum((p) => p.riskDollars ?? 0) + riskPerContract(c) * q;
  const heatPct = account.equity > 0 ? heat / account.equity : Infinity;
  out.push(
    check(
      'portfolio_heat',
      heatPct <= limits.maxHeat,
      round(heatPct, 4),
      limits.maxHeat,
      `heat after order ${round(heatPct * 100)}% of equity`,
    ),
  );
  const capital = capitalPerContract(c) * q;
  out.push(
    check(
      'buying_power',
      capital <= account.buyingPower,
      round(capital),
      round(account.buyingPower),
      `order needs $${round(capital)}, $${round(account.buyingPower)} available`,
    ),
  );
  return out;
}
