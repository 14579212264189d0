import { z } from 'zod';
import { bool, int } from '../schema-helpers.js';

export const coreConfig = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('Runtime mode.'),
  PORT: int(3000, 'HTTP port of the API (0 = any free port).', { min: 0, max: 65535 }),
  ROLE: z
    .enum(['all', 'api', 'worker', 'ingest'])
    .default('all')
    .describe('Process role: all | api (HTTP) | worker (queue consumers) | ingest (market data).'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Minimum log level of the JSON logs.'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .describe('PostgreSQL URL. Unset: embedded PostgreSQL (PGlite) with its data under DATA_DIR.'),
  DATA_DIR: z
    .string()
    .default('.data')
    .describe('Directory for the embedded database, raw payload archive and recordings.'),
  EMBEDDED_DB_IN_MEMORY: bool(
    false,
    'Keep the embedded database in memory (tests, throwaway demos).',
  ),
  EMBEDDED_DB_PORT: int(0, 'Port of the embedded PostgreSQL socket server (0 = any free port).', {
    min: 0,
    max: 65535,
  }),
  REDIS_URL: z
    .string()
    .url()
    .optional()
    .describe(
      'Redis URL for Bull queues and caches. Unset: in-process delay queue (one process only).',
    ),
  QUEUE_PREFIX: z
    .string()
    .default('')
    .describe(
      'Redis key prefix of the Bull queues and shared rate limits. Unset: gammadesk:<database name>, so deployments with other databases never share jobs on one Redis.',
    ),
  SHUTDOWN_GRACE_MS: int(10_000, 'How long shutdown waits for in-flight work before exiting.', {
    min: 0,
  }),
  ADMIN_API_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe(
      'Bearer token for /api/admin (operator API) and the analytics API. Unset: the operator API is disabled.',
    ),
  METRICS_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe(
      'Bearer token of GET /metrics (Prometheus: authorization.credentials). Unset: /metrics is not served in production (404) and open outside it.',
    ),
});
