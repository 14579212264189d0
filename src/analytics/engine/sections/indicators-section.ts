/**
 * The snapshot's technical view of the underlying from its bars: RSI, MACD, Bollinger, session
 * VWAP, ATR, SMA/EMA on 1-minute closes, support/resistance from 5-minute bars, and momentum.
 */
import {
  newYorkDayStartMs,
  newYorkInstantOfLocal,
  newYorkLocalMs,
} from '../../../common/new-york-time.js';
import type { AnalyticsSnapshot } from '../../analytics-snapshot.js';
import { atr, bollinger, ema, macd, rsi, sma, vwap } from '../../indicators/indicators.js';
import { supportResistance } from '../../indicators/support-resistance.js';
import type { ProviderIndicators } from '../../../market-data/provider-series.js';
import type { SymbolState } from '../symbol-state.js';

/** 09:30, when session VWAP starts counting. */
const SESSION_OPEN_MS_OF_DAY = (9 * 60 + 30) * 60_000;

export type IndicatorsSection = Pick<
  AnalyticsSnapshot,
  'indicators' | 'supportResistance' | 'momentum'
> & {
  /** 1-minute closes, oldest first (the regime's moving-average slope reads them). */
  closes: number[];
};

/**
 * `provider`: a live provider's latest RSI / MACD / Bollinger, used where the bars are still too
 * few for our own (a cold start); our own, from the same bars, win once there are enough.
 */
export function indicatorsSection(
  s: SymbolState,
  asOfMs: number,
  provider: ProviderIndicators = {},
): IndicatorsSection {
  const bars1m = s.bars1m.bars();
  const closes = bars1m.map((b) => b.close);
  const sessionStart = newYorkInstantOfLocal(
    newYorkLocalMs(newYorkDayStartMs(asOfMs)) + SESSION_OPEN_MS_OF_DAY,
  );
  const sessionBars = bars1m.filter((b) => b.start >= sessionStart && b.volume > 0);
  return {
    indicators: {
      rsi14: rsi(closes, 14) ?? provider.rsi14 ?? null,
      macd: macd(closes) ?? provider.macd ?? null,
      bollinger: bollinger(closes, 20, 2) ?? provider.bollinger ?? null,
      vwap: sessionBars.length > 0 ? vwap(sessionBars) : null,
      atr14: atr(bars1m, 14),
      sma20: sma(closes, 20),
      ema20: ema(closes, 20),
    },
    supportResistance: supportResistance(s.bars5m.bars().slice(-120)),
    momentum: {
      return1m: barReturn(closes, 1),
      return5m: barReturn(closes, 5),
      return15m: barReturn(closes, 15),
    },
    closes,
  };
}

function barReturn(closes: readonly number[], bars: number): number | null {
  const n = closes.length;
  if (n <= bars) return null;
  const before = closes[n - 1 - bars];
  return before > 0 ? closes[n - 1] / before - 1 : null;
}
