/**
 * The archive's services from a deps object: the app module, the CLI, the demo and tests build
 * them the same way. The sink is the directory ARCHIVE_DIR (DATA_DIR/archive when unset); an
 * S3-compatible bucket adapter is not built yet.
 */
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { ArchiveConfig } from '../config/slices.js';
import { DirectorySink } from './adapters/directory-sink.js';
import { ArchiveJob } from './archive-job.js';
import type { ArchiveSink } from './archive-sink.js';
import type { MoveHooks } from './hot-mover.js';

export interface ArchiveDeps {
  dataSource: DataSource;
  clock: Clock;
  config: ArchiveConfig;
  /** Overrides the configured directory (tests, `archive export --dir`). */
  sink?: ArchiveSink;
  moveHooks?: MoveHooks;
}

export function archiveDirectory(config: Pick<ArchiveConfig, 'ARCHIVE_DIR' | 'DATA_DIR'>): string {
  return config.ARCHIVE_DIR || join(config.DATA_DIR, 'archive');
}

export function createArchiveJob(deps: ArchiveDeps): ArchiveJob {
  return new ArchiveJob({
    dataSource: deps.dataSource,
    sink: deps.sink ?? new DirectorySink(archiveDirectory(deps.config)),
    clock: deps.clock,
    retentionYears: deps.config.ARCHIVE_RETENTION_YEARS,
    hotDays: deps.config.ARCHIVE_HOT_DAYS,
    moveHooks: deps.moveHooks,
  });
}
