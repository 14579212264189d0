/**
 * Which strategies run, switchable while the app runs. The engine asks `isEnabled` for each
 * strategy on every step, so a switch takes effect at the next snapshot; the operator API and the
 * portal flip strategies through `setEnabled` on the same registry. STRATEGIES_ENABLED gives each
 * strategy's configured state; a switch overrides it until switched back (`list` shows both).
 *
 * Switches can be kept in a `StrategySwitchStore` (PostgreSQL in the app) so they survive a
 * restart and reach the other processes: `refresh()` reads the store again (the engine calls it
 * on its ticks), `setEnabled` writes it before the switch is visible here.
 */
import type { StrategyName } from '../vocabulary/trading.js';
import { isStrategyName, STRATEGY_NAMES } from './registry.js';

/** Nest token of the app's StrategyRegistry (provided and exported by EngineModule). */
export const STRATEGY_REGISTRY = Symbol('StrategyRegistry');

export interface StrategyStatus {
  name: StrategyName;
  /** Whether the engine evaluates it now. */
  enabled: boolean;
  /** Whether STRATEGIES_ENABLED enables it (the state without a switch). */
  configured: boolean;
  /** The last switch's author and time (ms), null when never switched. */
  changedBy: string | null;
  changedAt: number | null;
}

/** A stored switch: one strategy's override of its configured state. */
export interface StrategySwitch {
  name: StrategyName;
  enabled: boolean;
  changedBy: string;
  changedAt: number;
}

/** Where switches are kept across restarts and processes. */
export interface StrategySwitchStore {
  load(): Promise<StrategySwitch[]>;
  save(change: StrategySwitch): Promise<void>;
}

export interface StrategyRegistry {
  /** Every strategy, in the registry's order, with its state. */
  list(): StrategyStatus[];
  isEnabled(name: StrategyName): boolean;
  /** Switches a strategy on or off (stored first when there is a store); throws on unknown names. */
  setEnabled(name: string, enabled: boolean, by: string): Promise<StrategyStatus>;
  /** Reads the stored switches again (switches made by another process). */
  refresh(): Promise<void>;
}

export class UnknownStrategyError extends Error {
  constructor(readonly strategy: string) {
    super(`unknown strategy "${strategy}"; known: ${STRATEGY_NAMES.join(', ')}`);
    this.name = 'UnknownStrategyError';
  }
}

/** The registry over the configured names, with switches kept in memory and optionally stored. */
export class SwitchableStrategyRegistry implements StrategyRegistry {
  private readonly configured: ReadonlySet<StrategyName>;
  private readonly switches = new Map<StrategyName, StrategySwitch>();

  constructor(
    /** The configured strategies: STRATEGIES_ENABLED's names ("all" = every strategy). */
    configured: readonly string[],
    private readonly clock: { now(): number },
    private readonly store?: StrategySwitchStore,
  ) {
    const all = configured.includes('all');
    this.configured = new Set(STRATEGY_NAMES.filter((n) => all || configured.includes(n)));
  }

  list(): StrategyStatus[] {
    return STRATEGY_NAMES.map((name) => this.status(name));
  }

  isEnabled(name: StrategyName): boolean {
    return this.switches.get(name)?.enabled ?? this.configured.has(name);
  }

  async setEnabled(name: string, enabled: boolean, by: string): Promise<StrategyStatus> {
    if (!isStrategyName(name)) throw new UnknownStrategyError(name);
    const change: StrategySwitch = { name, enabled, changedBy: by, changedAt: this.clock.now() };
    await this.store?.save(change);
    this.switches.set(name, change);
    return this.status(name);
  }

  async refresh(): Promise<void> {
    if (!this.store) return;
    const stored = await this.store.load();
    this.switches.clear();
    for (const s of stored) if (isStrategyName(s.name)) this.switches.set(s.name, s);
  }

  private status(name: StrategyName): StrategyStatus {
    const s = this.switches.get(name);
    return {
      name,
      enabled: this.isEnabled(name),
      configured: this.configured.has(name),
      changedBy: s?.changedBy ?? null,
      changedAt: s?.changedAt ?? null,
    };
  }
}
