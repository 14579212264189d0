import { z } from 'zod';
import { int } from '../schema-helpers.js';

/** The compliance archive: retention, when hot rows move, where the daily files go. */
export const archiveConfig = z.object({
  ARCHIVE_RETENTION_YEARS: int(
    7,
    'archive: years every decision (signals, verdicts, fills, deliveries, reports) is kept in the archive tables and files.',
    { min: 1, max: 100 },
  ),
  ARCHIVE_HOT_DAYS: int(
    30,
    'archive: settled rows older than this many days move from the hot tables to the archive_ tables.',
    { min: 1, max: 3650 },
  ),
  ARCHIVE_DIR: z
    .string()
    .default('')
    .describe(
      'archive: directory of the daily gzip JSON-lines files and manifests. Unset: DATA_DIR/archive.',
    ),
  ARCHIVE_RUN_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (24-hour, New York time)')
    .default('16:45')
    .describe(
      'archive: New York time (engine clock) of the daily export, move and purge on trading days.',
    ),
});
