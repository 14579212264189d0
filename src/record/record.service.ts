import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import { CONFIG_SLICE, type RecordConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE, SIGNAL_BUS } from '../core/tokens.js';
import { IngestService } from '../market-data/ingest.service.js';
import type { SignalBus } from '../signals/signal.js';
import type { ChainHead } from './chain-store.js';
import { createRecordServices, type RecordServices } from './record.composition.js';

/**
 * Nest face of the track record: chains every signal published on the bus (and records the
 * legs' quotes from ingest's chains while the tiers' windows are open), and serves the chain head
 * and the results to the page and to reports.
 */
@Injectable()
export class RecordService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly services: RecordServices;
  private readonly log = new Logger('Record');
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(CONFIG_SLICE.record) config: RecordConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(SIGNAL_BUS) private readonly bus: SignalBus,
    @Optional() @Inject(IngestService) private readonly ingest: IngestService | null,
  ) {
    const log = new Logger('Record');
    this.services = createRecordServices({
      dataSource,
      clock,
      config,
      log: {
        warn: (d, m) => log.warn({ ...d, msg: m }),
        error: (d, m) => log.error({ ...d, msg: m }),
      },
      alert: (m, d) => log.error({ ...d, alert: true, msg: m }),
    });
  }

  onApplicationBootstrap(): void {
    this.services.recorder.attach(this.bus);
    this.unsubscribe =
      this.ingest?.onSnapshot((snapshot) => this.services.recorder.onSnapshot(snapshot)) ?? null;
    // Entries a crash kept out of the chain: appended in the background, never holding start-up.
    void this.services.backfill().then(
      (added) => {
        if (added.length)
          this.log.warn({
            msg: 'record: appended chain entries lost in a crash',
            entries: added.length,
            first: `${added[0].kind} ${added[0].signalId}`,
          });
      },
      (err: unknown) => this.log.error({ msg: 'record: chain backfill failed', err: String(err) }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    // Bounded: a database that stays down must not hold the shutdown.
    await this.services.recorder.stop(5_000);
  }

  /** The chain head a close report prints (and a reader keeps). */
  chainHead(): Promise<ChainHead> {
    return this.services.store.head();
  }
}
