/**
 * /why SIGNAL_ID, in plain words, at the reader's tier — the deterministic template writer.
 * A tier hears about a signal no earlier than its delivery delay allows, and only through its
 * own view type: Basic and Free never see the engine's reasons, which carry exact numbers.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../common/clock.js';
import type { Tier } from '../vocabulary/tier.js';
import { basicView, freeView } from '../distribution/views.js';
import type { TierPolicy } from '../distribution/tier-policy.js';
import type { EngineRepository } from '../engine/storage/engine-repository.js';
import type { SignalExplainer } from '../subscribers/insight-ports.js';

const STRATEGY_WORDS: Record<string, string> = {
  gamma_scalp_0dte: '0DTE gamma scalp',
  overnight_1dte: '1DTE overnight',
  moc_imbalance: 'market-on-close imbalance',
  swing: 'swing',
  gex_squeeze: 'negative-gamma squeeze',
  gex_wall_premium: 'premium selling at a gamma wall',
  gex_iron_condor: 'iron condor between gamma walls',
  gex_flip_vol: 'gamma-flip volatility',
  scalp: 'scalp',
  momentum_breakout: 'momentum breakout',
  volume_spike: 'volume spike',
};

export class TemplateWhyExplainer implements SignalExplainer {
  constructor(
    private readonly repository: EngineRepository,
    private readonly policy: TierPolicy,
    private readonly clock: Clock,
  ) {}

  async explain(signalId: string, tier: Tier): Promise<string | null> {
    const record = await this.repository.getSignal(signalId);
    const signal = record?.published;
    if (!record || !signal) return null;
    const availableAt = signal.publishedAt + this.policy.rules[tier].delayMs;
    if (this.clock.now() < availableAt) {
      const at = DateTime.fromMillis(availableAt, { zone: 'America/New_York' }).toFormat(
        'HH:mm:ss',
      );
      return `${signalId} reaches the ${tier} tier at ${at} ET.`;
    }
    const strategy = STRATEGY_WORDS[signal.strategy] ?? signal.strategy;
    if (tier === 'free') {
      return `${freeView(signal).headline} — a ${strategy} setup. Premium members see the contract, levels and every reason.`;
    }
    if (tier === 'basic') {
      return `${basicView(signal).headline} — a ${strategy} setup, ${signal.direction}. Trailing stop active. Premium members see the exact contract, entry, stop, target and the reasons.`;
    }
    const e = record.explanation;
    const lines = [
      `${signalId}: ${strategy} on ${signal.symbol}, ${signal.direction}, confidence ${(signal.confidence * 100).toFixed(0)}%.`,
      `Why: ${e.triggeredBy.join('; ')}.`,
    ];
    if (e.counterfactuals.length > 0)
      lines.push(`Would not have fired if: ${e.counterfactuals.join('; ')}.`);
    if (e.regime) {
      const hit = e.regimeHitRate
        ? `, this setup has won ${e.regimeHitRate.wins} of ${e.regimeHitRate.trades} in it so far`
        : '';
      lines.push(
        `Regime: ${e.regime.label} (${(e.regime.confidence * 100).toFixed(0)}% confidence)${hit}.`,
      );
    }
    if (signal.riskFactors.length > 0) lines.push(`Risks: ${signal.riskFactors.join('; ')}.`);
    lines.push(`Data as of ${new Date(e.dataAsOf).toISOString()} (snapshot ${e.snapshotId}).`);
    return lines.join('\n');
  }
}
