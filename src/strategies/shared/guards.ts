/**
 * Small pure helpers the strategies share: cooldowns kept in strategy state (so a setup that
 * stays true does not re-fire on every snapshot), portfolio look-ups over the context's open
 * positions, and New York session times from the exchange calendar.
 */
import { nextTradingDay, nyInstant, nyMinutes, sessionFor } from '../../common/market-calendar.js';
import type { StrategyName } from '../../vocabulary/trading.js';
import type { SessionInfo, StrategyContext } from '../strategy-context.js';

/** When each (symbol, setup) last produced a candidate, ms. */
export interface CooldownState {
  lastFiredAt: Record<string, number>;
}

export function emptyCooldown(): CooldownState {
  return { lastFiredAt: {} };
}

function key(symbol: string, setup: string): string {
  return `${symbol}|${setup}`;
}

export function coolingDown(
  state: CooldownState,
  symbol: string,
  setup: string,
  now: number,
  cooldownMs: number,
): boolean {
  const last = state.lastFiredAt[key(symbol, setup)];
  return last !== undefined && now - last < cooldownMs && now >= last;
}

/** New state with the (symbol, setup) marked as fired at `now`. */
export function markFired<S extends CooldownState>(
  state: S,
  symbol: string,
  setup: string,
  now: number,
): S {
  return { ...state, lastFiredAt: { ...state.lastFiredAt, [key(symbol, setup)]: now } };
}

/** Contracts this strategy already holds on the symbol. */
export function heldContracts(
  context: StrategyContext,
  strategy: StrategyName,
  symbol: string,
): number {
  let n = 0;
  for (const p of context.openPositions) {
    if (p.strategy === strategy && p.symbol === symbol) n += p.contracts;
  }
  return n;
}

export function hasPosition(
  context: StrategyContext,
  strategy: StrategyName,
  symbol: string,
): boolean {
  return context.openPositions.some((p) => p.strategy === strategy && p.symbol === symbol);
}

/** Distinct symbols this strategy holds. */
export function symbolsHeld(context: StrategyContext, strategy: StrategyName): Set<string> {
  return new Set(context.openPositions.filter((p) => p.strategy === strategy).map((p) => p.symbol));
}

/** Σ riskDollars of open positions (portfolio heat in dollars). */
export function heatDollars(context: StrategyContext): number {
  return context.openPositions.reduce((s, p) => s + (p.riskDollars ?? 0), 0);
}

/** Σ capitalUsed of open positions. */
export function capitalUsed(context: StrategyContext): number {
  return context.openPositions.reduce((s, p) => s + (p.capitalUsed ?? 0), 0);
}

/** True while the regular session is open at `now`. */
export function sessionOpen(context: StrategyContext): boolean {
  return context.now >= context.session.openAt && context.now < context.session.closeAt;
}

/** Minutes left until today's close (negative after it). */
export function minutesToClose(context: StrategyContext): number {
  return (context.session.closeAt - context.now) / 60_000;
}

/** Minutes since today's open (negative before it). */
export function minutesSinceOpen(context: StrategyContext): number {
  return (context.now - context.session.openAt) / 60_000;
}

/** New York minutes since midnight of `now` (09:30 → 570). */
export function nyMinuteOfDay(now: number): number {
  return nyMinutes(now);
}

/** Parses 'HH:mm' to minutes since midnight. */
export function hhmmToMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** The instant of a New York wall-clock time on the session's date. */
export function atSessionTime(session: SessionInfo, hhmm: string): number {
  return nyInstant(session.date, hhmm);
}

/** The session after today's: from the context when given, else from the exchange calendar. */
export function followingSession(context: StrategyContext): SessionInfo {
  if (context.nextSession) return context.nextSession;
  const next = sessionFor(nextTradingDay(context.session.date));
  if (!next) throw new Error(`no session after ${context.session.date}`);
  return next;
}

/** The date `n` trading days after the session's date (n = 0 → the same date). */
export function tradingDaysAfter(date: string, n: number): string {
  let d = date;
  for (let i = 0; i < n; i++) d = nextTradingDay(d);
  return d;
}

/** The session n trading days after today's (the exchange calendar). */
export function sessionAfter(date: string, n: number): SessionInfo {
  const s = sessionFor(tradingDaysAfter(date, n));
  if (!s) throw new Error(`no session ${n} trading days after ${date}`);
  return s;
}
