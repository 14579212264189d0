/**
 * A signal's narrative per tier, for the renderer: Premium from the published signal and its
 * explanation record, Basic and Free from the fields of their own view only (so no writer — and no
 * model — ever reads a number the tier may not show). The NarrativeService behind it caches by
 * (signal, tier) and never waits past its budget; the leak scanner runs on the rendered result.
 */
import type { Clock } from '../common/clock.js';
import { TemplateNarrativeWriter } from '../narrative/adapters/template.js';
import {
  NarrativeService,
  type NarrativeServiceLog,
} from '../narrative/writer/narrative-service.js';
import type { NarrativeFacts } from '../narrative/writer/facts.js';
import { lowerTierSignalFacts, premiumSignalFacts } from '../narrative/writer/signal-facts.js';
import type { SignalExplanation, SignalRecordReader } from '../signals/signal-record.js';
import type { PublishedSignal } from '../signals/signal.js';
import type { Tier } from '../vocabulary/tier.js';
import type { Direction } from '../vocabulary/trading.js';
import { basicView, freeView } from './views.js';

const RECENT = 300;

/** The narrative port of distribution's deps. */
export interface SignalNarratives {
  /** The tier's narrative of a signal, in plain sentences. */
  narrativeFor(tier: Tier, signal: PublishedSignal): Promise<string>;
  /**
   * Tells `listener` when a model's text arrives after its signal's budget (the message went out
   * with the template text) and passed the fact check: once per (signal, tier).
   */
  onLateNarrative?(listener: LateNarrativeListener): void;
}

export type LateNarrativeListener = (tier: Tier, signal: PublishedSignal, text: string) => void;

export class NarrativeServiceSignalNarratives implements SignalNarratives {
  /** Recent narratives by (signal, tier): a fan-out's rows read the record and facts once. */
  private readonly recent = new Map<string, Promise<string>>();
  private readonly lateListeners: LateNarrativeListener[] = [];

  constructor(
    private readonly service: NarrativeService,
    /** The signal's explanation record (the engine's); without it Premium facts come from the signal. */
    private readonly records: SignalRecordReader | null = null,
  ) {}

  narrativeFor(tier: Tier, signal: PublishedSignal): Promise<string> {
    const key = `${signal.id}:${tier}`;
    let text = this.recent.get(key);
    if (!text) {
      text = this.facts(tier, signal)
        .then((facts) => this.service.signalNarrative(signal.id, tier, facts))
        .then((r) => {
          if (r.late) void r.late.then((late) => this.lateArrived(tier, signal, late?.text));
          return r.text;
        });
      text.catch(() => this.recent.delete(key));
      this.recent.set(key, text);
      if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value!);
    }
    return text;
  }

  onLateNarrative(listener: LateNarrativeListener): void {
    this.lateListeners.push(listener);
  }

  private lateArrived(tier: Tier, signal: PublishedSignal, text: string | undefined): void {
    if (text === undefined) return; // the model failed or its text did not pass the check
    for (const listener of this.lateListeners) listener(tier, signal, text);
  }

  private facts(tier: Tier, signal: PublishedSignal): Promise<NarrativeFacts> {
    return signalNarrativeFacts(tier, signal, this.records);
  }
}

/** The facts a tier's narrative of a signal is written from (the admin portal shows the same). */
export async function signalNarrativeFacts(
  tier: Tier,
  signal: PublishedSignal,
  records: SignalRecordReader | null,
): Promise<NarrativeFacts> {
  if (tier === 'premium') {
    const record = records ? await records.getSignal(signal.id) : null;
    return premiumSignalFacts(signal, record?.explanation ?? explanationOf(signal));
  }
  if (tier === 'basic') {
    const v = basicView(signal);
    return lowerTierSignalFacts({ ...viewSubject(v.symbol, v.direction, v.headline), tier });
  }
  const v = freeView(signal);
  return lowerTierSignalFacts({
    ...viewSubject(v.symbol, directionOfWord(v.directionWord), v.headline),
    tier,
  });
}

/** The default: the template writer (immediate, no model, no cost). */
export function templateSignalNarratives(
  clock: Clock,
  records: SignalRecordReader | null = null,
  log?: NarrativeServiceLog,
): SignalNarratives {
  return new NarrativeServiceSignalNarratives(templateNarrativeService(clock, log), records);
}

/** A NarrativeService on the template writer (immediate, no model, no cost). */
export function templateNarrativeService(
  clock: Clock,
  log?: NarrativeServiceLog,
): NarrativeService {
  return new NarrativeService({
    writer: new TemplateNarrativeWriter(),
    clock,
    settings: {
      budgetMs: 0,
      reportBudgetMs: 0,
      maxOutputTokens: 0,
      dailySpendCapUsd: 0,
      prices: { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
    },
    ...(log ? { log } : {}),
  });
}

/** A view carries no strategy: the lower tiers' text names no setup. */
function viewSubject(symbol: string, direction: Direction, headline: string) {
  return { symbol, direction, strategy: '', headline };
}

function directionOfWord(word: string): Direction {
  const w = word.toLowerCase();
  return w === 'bullish' || w === 'bearish' ? w : 'neutral';
}

/** Without the engine's record (a signal from elsewhere): what the signal itself explains. */
function explanationOf(signal: PublishedSignal): SignalExplanation {
  return {
    candidateKey: signal.id,
    strategy: signal.strategy,
    setup: signal.strategy,
    symbol: signal.symbol,
    triggeredBy: signal.triggeredBy,
    inputs: {},
    snapshotId: '',
    dataAsOf: signal.dataAsOf,
    feedTimestamps: {},
    counterfactuals: [],
    regime: null,
    regimeHitRate: null,
    risk: { checks: [], quantity: signal.size, kellyFraction: 0, winRate: 0 },
  };
}
