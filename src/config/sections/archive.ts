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
      'archive: directory of the daily gzip JSON-lines files and manifests (when ARCHIVE_S3_BUCKET is unset). Unset: DATA_DIR/archive.',
    ),
  ARCHIVE_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
    .optional()
    .describe(
      'archive: S3-compatible bucket of the daily files instead of the directory. Unset: the directory.',
    ),
  ARCHIVE_S3_PREFIX: z
    .string()
    .regex(/^[\w./-]*$/, 'expected a key prefix of letters, digits, ".", "_", "-" and "/"')
    .default('')
    .describe('archive: key prefix of the days in the bucket, e.g. gammadesk/archive.'),
  ARCHIVE_S3_ENDPOINT: z
    .string()
    .url()
    .optional()
    .describe(
      'archive: endpoint of an S3-compatible service (MinIO, R2, a local fake); unset: AWS S3. Set: path-style addressing.',
    ),
  ARCHIVE_S3_REGION: z.string().default('us-east-1').describe('archive: the bucket region.'),
  ARCHIVE_S3_ACCESS_KEY_ID: z
    .string()
    .optional()
    .describe(
      'archive: access key id for the bucket; unset: the AWS SDK default credentials (environment, profile, instance role).',
    ),
  ARCHIVE_S3_SECRET_ACCESS_KEY: z
    .string()
    .optional()
    .describe('archive: secret access key paired with ARCHIVE_S3_ACCESS_KEY_ID.'),
  ARCHIVE_RUN_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (24-hour, New York time)')
    .default('16:45')
    .describe(
      'archive: New York time (engine clock) of the daily export, move and purge on trading days.',
    ),
});
