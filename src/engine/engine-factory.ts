/**
 * Builds a TradingEngine from the engine's configuration. The backtester, the replay and the live
 * EngineModule all build through here, so every run uses the same rules and the same parameters.
 */
import { AnalyticsEngine } from '../analytics/engine/analytics-engine.js';
import { analyticsEngineOptions } from '../analytics/engine/engine-options.js';
import type { Clock } from '../common/clock.js';
import type { Heartbeats } from '../common/heartbeats.js';
import type { AnalyticsConfig } from '../config/sections/analytics.js';
import type { EngineConfig } from '../config/sections/engine.js';
import type { StrategiesConfig } from '../config/sections/strategies.js';
import type { Broker } from '../execution/broker.js';
import { PaperBroker, parseGradeMap } from '../execution/paper-broker.js';
import { parseRungs } from '../execution/trailing-ladder.js';
import { DEFAULT_OVERSEER_CONFIG, Overseer } from '../overseer/overseer.js';
import type { ManualQueueStore } from '../risk/manual-queue.js';
import { riskLimitsFromConfig } from '../risk/risk-limits.js';
import type { EngineRepository } from './storage/engine-repository.js';
import type { AlertRecord } from '../overseer/alerts.js';
import type { SignalBus } from '../signals/signal.js';
import type { Strategy } from '../strategies/strategy.js';
import { strategySettingsFromConfig } from '../strategies/strategy-settings.js';
import {
  SwitchableStrategyRegistry,
  type StrategyRegistry,
} from '../strategies/strategy-registry.js';
import { AnalyticsEngineStage } from './analytics-stage.js';
import type { AnalyticsStage } from './market-step.js';
import { TradingEngine, type EngineEvent } from './trading-engine.js';

export interface BuildEngineOptions {
  clock: Clock;
  /**
   * The engine's settings, and the ANALYTICS_* and STRATEGIES_* / STRATEGY_* ones when the caller
   * has them (the app, the CLI); absent strategy settings mean every strategy with its defaults.
   */
  config: EngineConfig & Partial<AnalyticsConfig> & Partial<StrategiesConfig>;
  repository: EngineRepository;
  bus: SignalBus;
  /** Strategies to run instead of the configured ones (tests, demos); settings are still checked. */
  strategies?: Strategy[];
  /**
   * Which strategies run (switchable while running); default: one over STRATEGIES_ENABLED (or
   * over `strategies` when given). The engine can run every strategy the registry may switch on.
   */
  registry?: StrategyRegistry;
  analytics?: AnalyticsStage;
  broker?: Broker;
  heartbeats?: Heartbeats;
  onEvent?: (e: EngineEvent) => void;
  /** Where overseer alerts go besides the in-memory ring (the app: the repository). */
  onAlert?: (a: AlertRecord) => void;
  /** Where manual mode's candidates wait (the app: PostgreSQL); default in memory. */
  manualQueue?: ManualQueueStore;
}

/** Builds the engine; a ConfigError lists every invalid strategy setting. */
export function buildEngine(o: BuildEngineOptions): TradingEngine {
  const c = o.config;
  const settings = strategySettingsFromConfig({
    ...c,
    STRATEGIES_ENABLED: c.STRATEGIES_ENABLED ?? ['all'],
  });
  const overseer = new Overseer(
    {
      ...DEFAULT_OVERSEER_CONFIG,
      maxDataAgeMs: c.OVERSEER_MAX_DATA_AGE_MS,
      maxSlippage: c.OVERSEER_MAX_SLIPPAGE,
      maxRegimeUncertainty: c.OVERSEER_MAX_REGIME_UNCERTAINTY,
      decayMinTrades: c.OVERSEER_DECAY_MIN_TRADES,
      decayRatio: c.OVERSEER_DECAY_RATIO,
      alertBuffer: c.OVERSEER_ALERT_BUFFER,
      repeatAfterMs: c.OVERSEER_ALERT_MIN_INTERVAL_MS,
      regimeUncertaintyExit: c.OVERSEER_REGIME_UNCERTAINTY_EXIT,
    },
    o.onAlert,
  );
  return new TradingEngine({
    clock: o.clock,
    analytics:
      o.analytics ??
      new AnalyticsEngineStage(new AnalyticsEngine(o.clock, analyticsEngineOptions(c))),
    strategies: o.strategies ?? settings.available,
    registry:
      o.registry ??
      new SwitchableStrategyRegistry(
        o.strategies ? o.strategies.map((s) => s.name) : (c.STRATEGIES_ENABLED ?? ['all']),
        o.clock,
      ),
    evaluation: { confluence: settings.confluence, ensemble: settings.ensemble },
    broker:
      o.broker ??
      new PaperBroker({
        slippageByGrade: parseGradeMap(c.PAPER_SLIPPAGE_BY_GRADE),
        displayedSizeByGrade: parseGradeMap(c.PAPER_DISPLAYED_SIZE_BY_GRADE),
      }),
    repository: o.repository,
    bus: o.bus,
    overseer,
    limits: riskLimitsFromConfig(c),
    manualQueue: o.manualQueue,
    ladder: { initialTrail: c.LADDER_INITIAL_TRAIL, rungs: parseRungs(c.LADDER_RUNGS) },
    startEquity: c.ENGINE_START_EQUITY,
    heartbeats: o.heartbeats,
    onEvent: o.onEvent,
  });
}
