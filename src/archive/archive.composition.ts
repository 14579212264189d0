/**
 * The archive's services from a deps object: the app module, the CLI, the demo and tests build
 * them the same way. The sink is the S3-compatible bucket ARCHIVE_S3_BUCKET when set, else the
 * directory ARCHIVE_DIR (DATA_DIR/archive when unset).
 */
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { ArchiveConfig } from '../config/slices.js';
import { DirectorySink } from './adapters/directory-sink.js';
import { S3Sink } from './adapters/s3-sink.js';
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

type S3Settings = Pick<
  ArchiveConfig,
  | 'ARCHIVE_S3_PREFIX'
  | 'ARCHIVE_S3_ENDPOINT'
  | 'ARCHIVE_S3_REGION'
  | 'ARCHIVE_S3_ACCESS_KEY_ID'
  | 'ARCHIVE_S3_SECRET_ACCESS_KEY'
>;

/** A bucket sink with the configured endpoint, region and credentials (`bucket`, `prefix` given). */
export function s3Sink(config: S3Settings, bucket: string, prefix: string): S3Sink {
  const id = config.ARCHIVE_S3_ACCESS_KEY_ID;
  const secret = config.ARCHIVE_S3_SECRET_ACCESS_KEY;
  if (Boolean(id) !== Boolean(secret))
    throw new Error(
      'ARCHIVE_S3_ACCESS_KEY_ID and ARCHIVE_S3_SECRET_ACCESS_KEY go together: set both, or neither for the default AWS credentials',
    );
  return new S3Sink({
    bucket,
    prefix,
    endpoint: config.ARCHIVE_S3_ENDPOINT,
    region: config.ARCHIVE_S3_REGION,
    credentials: id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined,
  });
}

/** The configured sink: the bucket when ARCHIVE_S3_BUCKET is set, else the directory. */
export function configuredSink(config: ArchiveConfig): ArchiveSink {
  return config.ARCHIVE_S3_BUCKET
    ? s3Sink(config, config.ARCHIVE_S3_BUCKET, config.ARCHIVE_S3_PREFIX)
    : new DirectorySink(archiveDirectory(config));
}

export function createArchiveJob(deps: ArchiveDeps): ArchiveJob {
  return new ArchiveJob({
    dataSource: deps.dataSource,
    sink: deps.sink ?? configuredSink(deps.config),
    clock: deps.clock,
    retentionYears: deps.config.ARCHIVE_RETENTION_YEARS,
    hotDays: deps.config.ARCHIVE_HOT_DAYS,
    moveHooks: deps.moveHooks,
  });
}
