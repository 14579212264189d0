import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import { roleRuns } from '../common/roles.js';
import { CONFIG_SLICE, type DistributionConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE, METRICS_REGISTRY, SIGNAL_BUS } from '../core/tokens.js';
import {
  createDelayQueue,
  queueBackendFromConfig,
  type QueueBackend,
} from '../queue/queue-factory.js';
import type { SignalBus } from '../signals/signal.js';
import {
  RECIPIENT_DIRECTORY,
  type RecipientDirectory,
} from '../subscribers/recipient-directory.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { DeliveryStore } from './delivery-store.js';
import {
  DistributionEngine,
  type DeliveryJobData,
  type DistributionSettings,
} from './distribution-engine.js';
import { subscribeToSignals } from './intake.js';
import { TemplateRenderer } from './renderer.js';
import {
  operatorChannels,
  sendersFromConfig,
  type OperatorChannel,
  type SenderRegistry,
} from './senders.js';
import { OperatorAlertPlanner, type OperatorAlertRequest } from './operator-alert-delivery.js';
import { tierPolicyFromConfig, type TierPolicy } from './tier-policy.js';
import type { DelayQueue } from '../queue/delay-queue.js';
import { delayQueueToken, QUEUE_PROCESSORS } from '../queue/queue.module.js';
import { DELIVERY_QUEUE } from './delivery-queue.js';
import { NARRATIVE_SERVICE } from '../narrative/writer/create-narrative-service.js';
import type { NarrativeService } from '../narrative/writer/narrative-service.js';
import { SIGNAL_RECORD_READER, type SignalRecordReader } from '../signals/signal-record.js';
import {
  NarrativeServiceSignalNarratives,
  templateSignalNarratives,
  type SignalNarratives,
} from './signal-narratives.js';
import { DIGEST_SUMMARIES, type DigestSummaries } from './digest.js';

/** Options of DistributionModule.forRoot (tests and the demo choose the parts). */
export interface DistributionOptions {
  /** Overrides the RECIPIENT_DIRECTORY provider (tests: an in-memory directory). */
  directory?: RecipientDirectory;
  senders?: SenderRegistry;
  queue?: QueueBackend;
  /** Consume queue jobs in this process (default: the ROLE runs queue consumers). */
  consume?: boolean;
  /** Subscribe to the signal bus (default true). */
  subscribe?: boolean;
  /** Run the reconciler (default: whenever consuming). */
  reconcile?: boolean;
  settings?: Partial<DistributionSettings>;
  /** Overrides the narratives (default: NARRATIVE_SERVICE if provided, else the template writer). */
  narratives?: SignalNarratives;
  /** Overrides which operators' channels alerts are planned to (default: those configured). */
  operatorChannels?: OperatorChannel[];
}

export const DISTRIBUTION_OPTIONS = Symbol('DistributionOptions');

export function settingsFromConfig(
  config: Pick<
    DistributionConfig,
    | 'DISTRIBUTION_BATCH_SIZE'
    | 'DISTRIBUTION_MAX_ATTEMPTS'
    | 'DISTRIBUTION_BACKOFF_BASE_MS'
    | 'DISTRIBUTION_BACKOFF_MAX_MS'
    | 'DISTRIBUTION_CONCURRENCY'
    | 'DISTRIBUTION_RECONCILE_INTERVAL_MS'
    | 'DISTRIBUTION_SENDING_LEASE_MS'
    | 'SHUTDOWN_GRACE_MS'
  >,
): DistributionSettings {
  return {
    batchSize: config.DISTRIBUTION_BATCH_SIZE,
    maxAttempts: config.DISTRIBUTION_MAX_ATTEMPTS,
    backoffBaseMs: config.DISTRIBUTION_BACKOFF_BASE_MS,
    backoffMaxMs: config.DISTRIBUTION_BACKOFF_MAX_MS,
    concurrency: config.DISTRIBUTION_CONCURRENCY,
    reconcileIntervalMs: config.DISTRIBUTION_RECONCILE_INTERVAL_MS,
    sendingLeaseMs: config.DISTRIBUTION_SENDING_LEASE_MS,
    // Half the shutdown grace: the rest closes HTTP, the queue and the database.
    drainMs: Math.floor(config.SHUTDOWN_GRACE_MS / 2),
  };
}

/**
 * Nest face of the delivery pipeline: subscribes to the signal bus (publish → plan; update →
 * follow-up plan), runs the queue consumer and reconciler where the ROLE says so, and serves the
 * ledger to the operator API.
 */
@Injectable()
export class DistributionService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly engine: DistributionEngine;
  /** Each tier's delay and channels, as configured (the admin portal's content QA shows them). */
  readonly policy: TierPolicy;
  private readonly logger = new Logger('Distribution');
  private readonly operatorAlerts: OperatorAlertPlanner;

  constructor(
    @Inject(CONFIG_SLICE.distribution) private readonly config: DistributionConfig,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(DATA_SOURCE) readonly dataSource: DataSource,
    @Inject(SIGNAL_BUS) private readonly bus: SignalBus,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(DISTRIBUTION_OPTIONS) private readonly options: DistributionOptions,
    @Optional() @Inject(RECIPIENT_DIRECTORY) directory: RecipientDirectory | null,
    @Optional() @Inject(delayQueueToken(DELIVERY_QUEUE)) queue: DelayQueue<DeliveryJobData> | null,
    @Optional() @Inject(QUEUE_PROCESSORS) private readonly processors: boolean | null,
    @Optional() @Inject(NARRATIVE_SERVICE) narrativeService: NarrativeService | null,
    @Optional() @Inject(SIGNAL_RECORD_READER) records: SignalRecordReader | null,
    @Optional() @Inject(DIGEST_SUMMARIES) digestSummaries: DigestSummaries | null,
  ) {
    const store = new DeliveryStore(dataSource);
    this.policy = tierPolicyFromConfig(config);
    const log = this.logger;
    this.engine = new DistributionEngine({
      clock,
      store,
      policy: this.policy,
      directory: options.directory ?? directory ?? null,
      senders: options.senders ?? sendersFromConfig(config, dataSource, clock),
      // The app's queue (QueueModule: @nestjs/bull or in-process); tests may choose their own.
      queue:
        !options.queue && queue
          ? queue
          : createDelayQueue<DeliveryJobData>(
              DELIVERY_QUEUE,
              clock,
              options.queue ?? queueBackendFromConfig(config),
            ),
      renderer: new TemplateRenderer(undefined, {}, { publicBaseUrl: config.PUBLIC_BASE_URL }),
      narratives:
        options.narratives ??
        (narrativeService
          ? new NarrativeServiceSignalNarratives(narrativeService, records ?? null)
          : templateSignalNarratives(clock, records ?? null)),
      digestSummaries: digestSummaries ?? null,
      metrics: new DeliveryMetrics(registry, store),
      settings: { ...settingsFromConfig(config), ...options.settings },
      logger: {
        info: (d, m) => log.log({ ...d, msg: m }),
        warn: (d, m) => log.warn({ ...d, msg: m }),
        error: (d, m) => log.error({ ...d, msg: m }),
      },
    });
    this.operatorAlerts = new OperatorAlertPlanner(
      { clock, store, queue: this.engine.queue },
      options.operatorChannels ?? operatorChannels(config),
    );
  }

  get store(): DeliveryStore {
    return this.engine.store;
  }

  /** Whether operator alerts have a channel to go to (OPERATOR_DISCORD_WEBHOOK_URL / _TELEGRAM_CHAT_ID). */
  get operatorAlertsEnabled(): boolean {
    return this.operatorAlerts.enabled;
  }

  /** Plans an operator alert as deliveries to the operators' channels (null: none configured). */
  planOperatorAlert(alert: OperatorAlertRequest): Promise<{ eventId: string } | null> {
    return this.operatorAlerts.plan(alert);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.subscribe ?? true) {
      subscribeToSignals(this.bus, this.engine);
    }
    const consume = this.options.consume ?? roleRuns(this.config.ROLE, 'queue-consumers');
    // With @nestjs/bull the processor provider (delivery-processor.ts) consumes the queue.
    const byProcessor = !this.options.queue && this.processors === true;
    await this.engine.start({
      consume: consume && !byProcessor,
      reconcile: this.options.reconcile ?? consume,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.engine.stop();
  }
}
