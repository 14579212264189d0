/**
 * `gammadesk archive export --date YYYY-MM-DD [--dir DIR]` — write one New York day's archive
 *   files and manifest (ARCHIVE_DIR, DATA_DIR/archive when unset).
 * `gammadesk archive run --date YYYY-MM-DD` — the daily job by hand: export the day, move hot
 *   rows older than ARCHIVE_HOT_DAYS, purge what is past ARCHIVE_RETENTION_YEARS.
 * `gammadesk archive verify DIR|s3://BUCKET/PREFIX` — re-check every manifest in a directory or
 *   a bucket (ARCHIVE_S3_ENDPOINT, _REGION and credentials apply; exit 1 on any problem).
 */
import type { Command } from 'commander';
import type { Clock } from '../../common/clock.js';
import { DirectorySink } from '../../archive/adapters/directory-sink.js';
import { DATE_RE, nyDateOf } from '../../archive/archive-days.js';
import type { ArchiveJob } from '../../archive/archive-job.js';
import { parseS3Url } from '../../archive/adapters/s3-sink.js';
import type { ArchiveSink } from '../../archive/archive-sink.js';
import { createArchiveJob, s3Sink } from '../../archive/archive.composition.js';
import { loadConfig } from '../../config/config.js';
import { describeArchiveVerify, verifyArchive } from '../../archive/manifest.js';
import { defaultDatabaseCliDeps, withDatabase, type DatabaseCliDeps } from '../cli-database.js';
import { CliError } from '../cli-error.js';

export type ArchiveCliDeps = DatabaseCliDeps;

function dateOf(value: string | undefined, clock: Clock): string {
  if (value === undefined) return nyDateOf(clock.now());
  if (!DATE_RE.test(value) || Number.isNaN(Date.parse(value)))
    throw new CliError(`--date must be a date YYYY-MM-DD, got "${value}"`, 2);
  return value;
}

function withJob<T>(
  deps: ArchiveCliDeps,
  dir: string | undefined,
  fn: (job: ArchiveJob, clock: Clock) => Promise<T>,
): Promise<T> {
  return withDatabase(deps, (database, config, clock) => {
    const sink = dir ? new DirectorySink(dir) : undefined;
    return fn(createArchiveJob({ dataSource: database.dataSource, clock, config, sink }), clock);
  });
}

const messageOf = (err: unknown): string =>
  err instanceof Error
    ? err.name === 'Error'
      ? err.message
      : `${err.name}: ${err.message}`
    : String(err);

/** A directory path, or a bucket by `s3://bucket/prefix` with the configured endpoint and keys. */
function sinkAt(where: string, deps: ArchiveCliDeps): ArchiveSink {
  if (!where.startsWith('s3://')) return new DirectorySink(where);
  const bucket = parseS3Url(where);
  if (!bucket) throw new CliError(`not a bucket address s3://bucket/prefix: "${where}"`, 2);
  try {
    return s3Sink(loadConfig(deps.env()), bucket.bucket, bucket.prefix);
  } catch (err) {
    throw new CliError(messageOf(err), 2);
  }
}

export function registerArchiveCommands(
  program: Command,
  deps: ArchiveCliDeps = defaultDatabaseCliDeps,
): void {
  const archive = program
    .command('archive')
    .description('The compliance archive: daily files with manifests, the hot-row move, verify');

  archive
    .command('export')
    .description("Write one New York day's archive files and manifest")
    .option('--date <date>', 'New York date YYYY-MM-DD (default: today)')
    .option('--dir <dir>', 'archive directory (default ARCHIVE_DIR, or DATA_DIR/archive)')
    .action(async (opts: { date?: string; dir?: string }) => {
      const m = await withJob(deps, opts.dir, (job, clock) =>
        job.exportDay(dateOf(opts.date, clock)),
      );
      const rows = m.files.reduce((n, f) => n + f.rows, 0);
      deps.write(`exported ${m.date}: ${m.files.length} files, ${rows} rows\n`);
      for (const f of m.files) deps.write(`  ${f.stream}: ${f.rows} rows, sha256 ${f.sha256}\n`);
      if (m.absent.length) deps.write(`  not in this database yet: ${m.absent.join(', ')}\n`);
    });

  archive
    .command('run')
    .description('The daily job by hand: export the day, move old hot rows, purge past retention')
    .option('--date <date>', 'New York date YYYY-MM-DD (default: today)')
    .action(async (opts: { date?: string }) => {
      const r = await withJob(deps, undefined, (job, clock) =>
        job.runDaily(dateOf(opts.date, clock)),
      );
      deps.write(`exported ${r.exported.date}; moved ${r.moved.length} days to the archive tables`);
      deps.write(`; purged ${r.purged.rows} rows and ${r.purged.days.length} days\n`);
    });

  archive
    .command('verify')
    .description(
      'Re-check every manifest in an archive directory or bucket (s3://bucket/prefix); exit 1 on any problem',
    )
    .argument('<where>', 'archive directory, or s3://bucket/prefix')
    .action(async (where: string) => {
      const sink = sinkAt(where, deps);
      try {
        const report = await verifyArchive(sink).catch((err: unknown) => {
          throw new CliError(`cannot read the archive at ${where}: ${messageOf(err)}`, 1);
        });
        const text = describeArchiveVerify(report);
        if (report.problems.length || report.days === 0)
          throw new CliError(report.days === 0 ? `no archive days in ${where}` : text, 1);
        deps.write(`${text}\n`);
      } finally {
        if ('close' in sink && typeof sink.close === 'function') sink.close();
      }
    });
}
