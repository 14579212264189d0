/**
 * Facts for the common narratives, built from what each audience may read:
 * - Premium: the published signal, its explanation record (triggers, risks, counterfactuals,
 *   regime, hit rate), its key levels and the spot it stood on.
 * - Basic / Free: only the fields of the tier's own view (symbol, direction, setup and the tier's
 *   headline); nothing else is passed in, so nothing else can reach a model.
 * - Regime context: the analytics snapshot's regime and levels, for reports.
 */
import { DateTime } from 'luxon';
import type { AnalyticsSnapshot } from '../../analytics/analytics-snapshot.js';
import type { SignalExplanation } from '../../signals/signal-record.js';
import type { PublishedSignal } from '../../signals/signal.js';
import type { Direction } from '../../vocabulary/trading.js';
import { regimeInWords } from '../../vocabulary/regime-words.js';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';
import { newYorkMsOfDay } from '../../common/new-york-time.js';
import { roundTo } from './fact-check.js';
import { narrativeFacts, type NarrativeFacts, type NarrativeNumber } from './facts.js';
import { inPlainWords, strategyInWords } from './plain-words.js';

export interface PremiumSignalContext {
  /** Underlying price when the signal fired (the analytics snapshot's spot). */
  spot?: number;
  /** What voids the setup, in words. */
  invalidation?: string;
}

/** A Premium signal's facts: everything the Premium tier reads about it. */
export function premiumSignalFacts(
  signal: PublishedSignal,
  explanation: SignalExplanation,
  context: PremiumSignalContext = {},
): NarrativeFacts {
  const leg = signal.legs[0];
  const inputs = explanation.inputs;
  const num = (name: string): number | undefined =>
    typeof inputs[name] === 'number' ? (inputs[name] as number) : undefined;
  const numbers: NarrativeNumber[] = [
    { label: 'confidence', value: Math.round(signal.confidence * 100), unit: 'pct' },
    { label: 'contracts', value: signal.size, unit: 'count' },
    { label: 'published at', value: minutesOfDay(signal.publishedAt), unit: 'time' },
  ];
  const hit = explanation.regimeHitRate;
  if (hit) {
    numbers.push(
      { label: 'wins in this regime', value: hit.wins, unit: 'count' },
      { label: 'trades in this regime', value: hit.trades, unit: 'count' },
    );
  }
  const netGex = num('netGex');
  const flip = signal.levels.gammaFlip;
  const spot = context.spot;
  return narrativeFacts({
    kind: 'signal',
    audience: 'premium',
    subject: {
      symbol: signal.symbol,
      direction: signal.direction,
      setup: strategyInWords(signal.strategy),
      ...(leg ? { contract: { strike: leg.strike, right: leg.right, expiry: leg.expiry } } : {}),
    },
    move: signalMove(num('move'), inputs.moveBasis, num('return15m')),
    levels: {
      ...(spot !== undefined ? { spot } : {}),
      ...(flip !== undefined ? { gammaFlip: flip } : {}),
      ...(signal.levels.callWall !== undefined ? { callWall: signal.levels.callWall } : {}),
      ...(signal.levels.putWall !== undefined ? { putWall: signal.levels.putWall } : {}),
      ...(signal.levels.maxPain !== undefined ? { maxPain: signal.levels.maxPain } : {}),
      ...(netGex !== undefined ? { dealerGamma: netGex < 0 ? 'short' : 'long' } : {}),
    },
    trade: { entry: signal.entry, stop: signal.stop, target: signal.target },
    ...(explanation.regime
      ? {
          regime: {
            label: regimeInWords(explanation.regime.label),
            confidencePct: Math.round(explanation.regime.confidence * 100),
          },
        }
      : {}),
    points: signal.triggeredBy.map(inPlainWords),
    risks: signal.riskFactors.map((r) => inPlainWords(r.replace(/^[a-z0-9_ ]+:\s*/i, ''))),
    ...(context.invalidation ? { invalidation: inPlainWords(context.invalidation) } : {}),
    counterfactuals: explanation.counterfactuals.map(inPlainWords),
    numbers,
  });
}

function signalMove(
  move: number | undefined,
  basis: unknown,
  return15m: number | undefined,
): NarrativeFacts['move'] {
  if (move !== undefined)
    return { pct: move * 100, of: basis === 'option' ? 'contract' : 'underlying' };
  if (return15m !== undefined) return { pct: return15m * 100, minutes: 15, of: 'underlying' };
  return undefined;
}

/** The fields a Basic or Free view shows of a signal (the tier's own headline included). */
export interface LowerTierSignalView {
  tier: 'basic' | 'free';
  symbol: string;
  direction: Direction;
  /** Strategy id or words; written in words. */
  strategy: string;
  /** The tier's headline ("SPY calls around 440", "Bullish SPY setup triggered"). */
  headline: string;
}

export function lowerTierSignalFacts(view: LowerTierSignalView): NarrativeFacts {
  return narrativeFacts({
    kind: 'signal',
    audience: view.tier,
    subject: {
      symbol: view.symbol,
      direction: view.direction,
      setup: strategyInWords(view.strategy),
    },
    points: [view.headline],
  });
}

/** A report's regime context for one symbol, from its latest analytics snapshot. */
export function regimeContextFacts(
  snapshot: Pick<
    AnalyticsSnapshot,
    'symbol' | 'spot' | 'gex' | 'regime' | 'maxPainBias' | 'expectedMove' | 'ivRank'
  >,
): NarrativeFacts {
  const g = snapshot.gex;
  const numbers: NarrativeNumber[] = [{ label: 'net GEX', value: g.total, unit: 'usd' }];
  const points: string[] = [];
  if (snapshot.expectedMove) {
    const m = snapshot.expectedMove;
    numbers.push(
      { label: 'expected move', value: m.dollars, unit: 'usd' },
      { label: 'expected move', value: m.pct * 100, unit: 'pct' },
    );
    const expiry = DateTime.fromISO(m.expiry, { zone: NEW_YORK_ZONE });
    numbers.push({
      label: 'expected move expiry',
      value: expiry.year * 10000 + expiry.month * 100 + expiry.day,
      unit: 'date',
    });
    points.push(
      `options price a move of about ${roundTo(m.pct * 100, 1)}% by ${expiry.toFormat('LLLL d')}`,
    );
  }
  if (snapshot.ivRank !== null)
    numbers.push({ label: 'IV rank', value: snapshot.ivRank, unit: 'count' });
  return narrativeFacts({
    kind: 'regime_context',
    audience: 'report',
    subject: { symbol: snapshot.symbol },
    regime: {
      label: regimeInWords(snapshot.regime.label),
      confidencePct: Math.round(snapshot.regime.confidence * 100),
    },
    levels: {
      spot: snapshot.spot,
      ...(g.flip !== null ? { gammaFlip: g.flip } : {}),
      ...(g.callWalls[0] !== undefined ? { callWall: g.callWalls[0] } : {}),
      ...(g.putWalls[0] !== undefined ? { putWall: g.putWalls[0] } : {}),
      ...(snapshot.maxPainBias ? { maxPain: snapshot.maxPainBias.strike } : {}),
      dealerGamma: g.total < 0 ? 'short' : 'long',
    },
    points,
    numbers,
  });
}

function minutesOfDay(ms: number): number {
  return Math.floor(newYorkMsOfDay(ms) / 60_000);
}
