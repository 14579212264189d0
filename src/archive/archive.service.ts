import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import { roleRuns } from '../common/roles.js';
import { CONFIG_SLICE, type ArchiveConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE } from '../core/tokens.js';
import type { ArchiveJob } from './archive-job.js';
import { ArchiveScheduler } from './archive-scheduler.js';
import { createArchiveJob } from './archive.composition.js';

/**
 * Nest face of the compliance archive: runs the daily job after the close on the engine clock,
 * in the process role that runs queue consumers (`all` or `worker`).
 */
@Injectable()
export class ArchiveService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly job: ArchiveJob;
  private readonly scheduler: ArchiveScheduler;
  private readonly runs: boolean;

  constructor(
    @Inject(CONFIG_SLICE.archive) config: ArchiveConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(DATA_SOURCE) dataSource: DataSource,
  ) {
    const log = new Logger('Archive');
    this.job = createArchiveJob({ dataSource, clock, config });
    this.runs = roleRuns(config.ROLE, 'queue-consumers');
    this.scheduler = new ArchiveScheduler({
      clock,
      runAt: config.ARCHIVE_RUN_AT,
      run: async (date) => {
        const r = await this.job.runDaily(date);
        log.log({
          msg: 'archive: day exported',
          date,
          location: this.job.location,
          rows: r.exported.files.reduce((n, f) => n + f.rows, 0),
          movedDays: r.moved.length,
          purgedRows: r.purged.rows,
        });
      },
      log: {
        info: (d, m) => log.log({ ...d, msg: m }),
        error: (d, m) => log.error({ ...d, msg: m }),
      },
    });
  }

  onApplicationBootstrap(): void {
    if (this.runs) this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}
