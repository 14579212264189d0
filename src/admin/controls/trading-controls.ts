import {
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  Optional,
  ServiceUnavailableException,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Clock } from '../../common/clock.js';
import { roleRuns } from '../../common/roles.js';
import { CONFIG_SLICE, type AdminConfig } from '../../config/slices.js';
import { CLOCK, DATABASE } from '../../core/tokens.js';
import type { Database } from '../../database/database.js';
import { EngineService } from '../../engine/engine.service.js';
import { MANUAL_QUEUE, PostgresManualQueue } from '../../engine/storage/postgres-manual-queue.js';
import type { ManualQueueEntry } from '../../risk/manual-queue.js';
import {
  applyOperatorState,
  OPERATOR_DEFAULTS,
  OperatorStateStore,
  type OperatorState,
} from '../../overseer/operator-state.js';
import {
  STRATEGY_REGISTRY,
  UnknownStrategyError,
  type StrategyRegistry,
  type StrategyStatus,
} from '../../strategies/strategy-registry.js';
import type { StrategyName } from '../../vocabulary/trading.js';
import { ADMIN_ACCESS, type AdminAccess } from '../access/access.js';
import type { HeaderControls } from '../portal/portal-pages.js';
import { manualEntryJson } from './manual-queue-view.js';
import { haltIsMarketClosed } from './market-closed.js';
import { OPERATOR_ALERTS, type OperatorAlerts } from './operator-alerts.js';

/** How often the stored switches are read again (app clock): switches made elsewhere apply within it. */
export const CONTROLS_REFRESH_MS = 1000;

/**
 * The trading controls of the portal and the operator API: halt / resume, paper-only, manual
 * mode, taper, strategy switches (the engine's StrategyRegistry) and the manual queue. A change
 * is stored, applied at once to the engine in this process, read again every second by the engine
 * in every other process, and audited with its before and after.
 */
@Injectable()
export class TradingControls implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Controls');
  private readonly store: OperatorStateStore;
  private current: OperatorState = OPERATOR_DEFAULTS;
  private enabledSeen = new Map<StrategyName, boolean>();
  private running = false;
  /** The manual queue, in PostgreSQL: listed and decided from any process. */
  private readonly queue: PostgresManualQueue;
  /** Whether this process's engine trades (takes approved candidates and executes them). */
  private readonly executes: boolean;
  private waitingCount = 0;
  /** Approvals are taken one pass at a time (the loop and a portal approval may meet). */
  private applying: Promise<void> = Promise.resolve();

  constructor(
    @Inject(DATABASE) database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ADMIN_ACCESS) private readonly access: AdminAccess,
    @Inject(CONFIG_SLICE.admin) config: AdminConfig,
    @Optional() @Inject(EngineService) private readonly engine?: EngineService,
    @Optional() @Inject(STRATEGY_REGISTRY) private readonly registry?: StrategyRegistry,
    @Optional() @Inject(OPERATOR_ALERTS) private readonly alerts?: OperatorAlerts,
    @Optional() @Inject(MANUAL_QUEUE) queue?: PostgresManualQueue,
  ) {
    this.store = new OperatorStateStore(database.dataSource);
    this.queue = queue ?? new PostgresManualQueue(database.dataSource);
    this.executes = engine !== undefined && roleRuns(config.ROLE, 'market-data');
  }

  async onModuleInit(): Promise<void> {
    const overseer = this.engine?.engine.overseer;
    if (overseer) this.alerts?.prime(overseer.alerts(500));
    this.enabledSeen = new Map(this.strategies().map((s) => [s.name, s.enabled]));
    await this.refresh();
    this.running = true;
    void this.loop();
  }

  onApplicationShutdown(): void {
    this.running = false;
  }

  state(): OperatorState {
    return this.current;
  }

  strategies(): StrategyStatus[] {
    return this.registry?.list() ?? [];
  }

  /** What the header of every portal page shows. */
  header(): HeaderControls {
    const live = this.engine?.engine.overseer.controls;
    const haltReason = live ? (live.haltReason ?? null) : this.current.haltReason;
    const halted = live?.halted ?? this.current.halted;
    return {
      halted,
      haltReason,
      marketClosed: live !== undefined && haltIsMarketClosed(halted, haltReason, this.clock.now()),
      paperOnly: live?.paperOnly ?? this.current.paperOnly,
      manualMode: this.current.manualMode,
      taper: live?.sizeMultiplier ?? this.current.taper,
      disabledStrategies: this.strategies()
        .filter((s) => !s.enabled)
        .map((s) => s.name),
      waiting: this.waitingCount,
    };
  }

  /** Changes switches: stored, applied here at once, audited. Returns the state before and after. */
  async change(
    patch: Partial<OperatorState>,
    actor: string,
    action: string,
    note: string | null = null,
  ): Promise<{ before: OperatorState; after: OperatorState }> {
    const before = this.current;
    const after: OperatorState = { ...before, ...patch };
    await this.store.save(after, actor, this.clock.now());
    this.apply(after);
    await this.access.audit.record({
      actor,
      action,
      target: 'trading',
      before: { ...before },
      after: note === null ? { ...after } : { ...after, note },
    });
    return { before, after };
  }

  async setStrategy(name: string, enabled: boolean, actor: string): Promise<StrategyStatus> {
    const registry = this.requireRegistry();
    const before = registry.list().find((s) => s.name === name);
    if (!before) throw new NotFoundException(`unknown strategy "${name}"`);
    try {
      const after = await registry.setEnabled(name, enabled, actor);
      this.noticeStrategies();
      await this.access.audit.record({
        actor,
        action: enabled ? 'strategy.enable' : 'strategy.disable',
        target: name,
        before: { enabled: before.enabled },
        after: { enabled: after.enabled },
      });
      return after;
    } catch (err) {
      if (err instanceof UnknownStrategyError) throw new NotFoundException(err.message);
      throw err;
    }
  }

  /** Reads the stored switches (and strategy switches) again and applies what changed. */
  async refresh(): Promise<void> {
    const stored = await this.store.load();
    this.apply(stored?.state ?? OPERATOR_DEFAULTS);
    if (this.registry) {
      await this.registry.refresh();
      this.noticeStrategies();
    }
    const overseer = this.engine?.engine.overseer;
    if (overseer && this.alerts) await this.alerts.relay(overseer.alerts(100));
    if (this.executes) await this.applyApprovals();
    this.waitingCount = await this.queue.waiting(this.clock.now());
  }

  /** Candidates waiting for a decision, oldest first (from any process). */
  pendingCandidates(): Promise<ManualQueueEntry[]> {
    return this.queue.pending(this.clock.now());
  }

  /**
   * Approves or rejects a manually queued candidate (stored, so any process may decide); audited.
   * Where the engine trades, an approval executes at once at the current quotes and its signal
   * is returned; elsewhere the engine takes it within a second (signalId null here).
   */
  async decide(
    id: string,
    verb: 'approve' | 'reject',
    actor: string,
  ): Promise<{ signalId: string | null }> {
    const entry = await this.queue.decide(id, verb, actor, this.clock.now());
    if (!entry) throw new NotFoundException(`no queued candidate ${id}`);
    let signalId: string | null = null;
    if (verb === 'approve' && this.executes) {
      await this.applyApprovals();
      signalId = (await this.queue.outcome(id))?.signalId ?? null;
    }
    this.waitingCount = await this.queue.waiting(this.clock.now());
    const view = manualEntryJson(entry);
    await this.access.audit.record({
      actor,
      action: `manual_queue.${verb}`,
      target: id,
      before: {
        strategy: view.strategy,
        symbol: view.symbol,
        quantity: view.quantity,
        legs: view.legs,
        status: view.verdict.status,
      },
      after: { decision: verb, signalId },
    });
    return { signalId };
  }

  /** Executes the approved candidates (this process's engine trades), one pass at a time. */
  private applyApprovals(): Promise<void> {
    const engine = this.engine;
    if (!engine) return Promise.resolve();
    const pass = this.applying.then(async () => {
      for (const id of await this.queue.approved()) {
        const signalId = await engine
          .exclusive((e) => e.approveManual(id))
          .catch((err: unknown) => {
            this.logger.error(
              `${id} was approved but failed to execute: ${err instanceof Error ? err.message : String(err)}`,
            );
            return null;
          });
        await this.queue.settle(id, signalId);
        if (!signalId)
          this.logger.warn(`${id} was approved but not executed (expired, or no quotes for it)`);
      }
    });
    this.applying = pass.catch(() => undefined);
    return pass;
  }

  /** Whether an approval made here is executed here at once. */
  executesHere(): boolean {
    return this.executes;
  }

  requireEngineOrNull(): EngineService | null {
    return this.engine ?? null;
  }

  requireEngine(): EngineService {
    if (!this.engine)
      throw new ServiceUnavailableException('the engine does not run in this process');
    return this.engine;
  }

  private requireRegistry(): StrategyRegistry {
    if (!this.registry)
      throw new ServiceUnavailableException('the engine does not run in this process');
    return this.registry;
  }

  private apply(next: OperatorState): void {
    const overseer = this.engine?.engine.overseer;
    if (overseer) applyOperatorState(overseer, this.current, next, this.clock.now());
    this.current = next;
  }

  /** Strategy switches reach the overseer too, so the operators' channels hear of them. */
  private noticeStrategies(): void {
    const overseer = this.engine?.engine.overseer;
    for (const s of this.strategies()) {
      const seen = this.enabledSeen.get(s.name);
      this.enabledSeen.set(s.name, s.enabled);
      if (!overseer || seen === undefined || seen === s.enabled) continue;
      if (s.enabled) overseer.enableStrategy(this.clock.now(), s.name);
      else
        overseer.disableStrategy(
          this.clock.now(),
          s.name,
          `switched off by ${s.changedBy ?? 'operator'}`,
        );
    }
  }

  private async loop(): Promise<void> {
    // A replay's scaled clock runs faster than the wall: read once a wall second all the same.
    const speed = (this.clock as { speed?: unknown }).speed;
    const every = CONTROLS_REFRESH_MS * (typeof speed === 'number' && speed > 1 ? speed : 1);
    while (this.running) {
      await this.clock.sleep(every);
      if (!this.running) break;
      await this.refresh().catch((err: unknown) =>
        this.logger.warn(
          `operator controls not read: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    }
  }
}
