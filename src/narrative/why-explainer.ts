/**
 * /why SIGNAL_ID, in plain words, at the reader's tier — the deterministic template writer.
 * Built from the signal's own record (the published signal and its explanation) through the
 * SignalRecordReader port. A tier hears about a signal no earlier than its delivery delay allows,
 * and only through its own headline: Basic and Free never see the engine's reasons, which carry
 * exact numbers.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../common/clock.js';
import type { TiersConfig } from '../config/slices.js';
import type { SignalRecordReader } from '../signals/signal-record.js';
import { basicHeadline, freeHeadline } from '../signals/tier-headlines.js';
import type { SignalExplainer } from '../subscribers/insight-ports.js';
import { regimeInWords } from '../vocabulary/regime-words.js';
import type { Tier } from '../vocabulary/tier.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import { strategyInWords } from './writer/plain-words.js';

/** How long after publication each tier may hear of a signal (the delivery delays), ms. */
export interface TierDelays {
  rules: Record<Tier, { delayMs: number }>;
}

/** The delivery delays from the DISTRIBUTION_DELAY_*_S settings. */
export function tierDelaysFromConfig(config: TiersConfig): TierDelays {
  return {
    rules: {
      premium: { delayMs: config.DISTRIBUTION_DELAY_PREMIUM_S * 1000 },
      basic: { delayMs: config.DISTRIBUTION_DELAY_BASIC_S * 1000 },
      free: { delayMs: config.DISTRIBUTION_DELAY_FREE_S * 1000 },
    },
  };
}

export class TemplateWhyExplainer implements SignalExplainer {
  constructor(
    private readonly signals: SignalRecordReader,
    private readonly delays: TierDelays,
    private readonly clock: Clock,
  ) {}

  async explain(signalId: string, tier: Tier): Promise<string | null> {
    const record = await this.signals.getSignal(signalId);
    const signal = record?.published;
    if (!record || !signal) return null;
    const availableAt = signal.publishedAt + this.delays.rules[tier].delayMs;
    if (this.clock.now() < availableAt) {
      const at = DateTime.fromMillis(availableAt, { zone: NEW_YORK_ZONE }).toFormat('HH:mm:ss');
      return `${signalId} reaches the ${tier} tier at ${at} ET.`;
    }
    const strategy = strategyInWords(signal.strategy);
    if (tier === 'free') {
      return `${freeHeadline(signal)} — a ${strategy} setup. Premium members see the contract, levels and every reason.`;
    }
    if (tier === 'basic') {
      return `${basicHeadline(signal)} — a ${strategy} setup, ${signal.direction}. Trailing stop active. Premium members see the exact contract, entry, stop, target and the reasons.`;
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
        `Regime: ${regimeInWords(e.regime.label)} (${(e.regime.confidence * 100).toFixed(0)}% confidence)${hit}.`,
      );
    }
    if (signal.riskFactors.length > 0) lines.push(`Risks: ${signal.riskFactors.join('; ')}.`);
    lines.push(`Data as of ${new Date(e.dataAsOf).toISOString()} (snapshot ${e.snapshotId}).`);
    return lines.join('\n');
  }
}
