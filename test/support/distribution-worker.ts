/**
 * A distribution worker process for crash tests: consumes the Bull delivery queue and runs the
 * reconciler against a test schema. Started with `node test/support/run-ts.mjs <this file>`;
 * configured through environment variables; tells its parent "ready" over IPC.
 */
import { SystemClock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { Database } from '../../src/database/database.js';
import { DeliveryStore } from '../../src/distribution/delivery-store.js';
import {
  DistributionEngine,
  type DeliveryJobData,
} from '../../src/distribution/distribution-engine.js';
import { settingsFromConfig } from '../../src/distribution/distribution.service.js';
import { TemplateRenderer } from '../../src/distribution/renderer.js';
import { sendersFromConfig } from '../../src/distribution/senders.js';
import { tierPolicyFromConfig } from '../../src/distribution/tier-policy.js';
import { BullDelayQueue } from '../../src/queue/bull-delay-queue.js';
import { InMemoryRecipientDirectory } from './recipients.js';

export async function main(): Promise<void> {
  const env = process.env;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: env.GD_DATABASE_URL,
    SMTP_URL: env.GD_SMTP_URL,
    SMTP_POOL_SIZE: env.GD_SMTP_POOL_SIZE ?? '5',
    DISTRIBUTION_SENDING_LEASE_MS: env.GD_LEASE_MS ?? '3000',
    DISTRIBUTION_RECONCILE_INTERVAL_MS: env.GD_RECONCILE_MS ?? '500',
  });
  const clock = new SystemClock();
  const db = await Database.open(config, { schema: env.GD_SCHEMA, runMigrations: false });
  const queue = new BullDelayQueue<DeliveryJobData>('deliveries', clock, {
    redisUrl: env.GD_REDIS_URL!,
    prefix: env.GD_QUEUE_PREFIX!,
    lockDurationMs: 2_000,
    stalledIntervalMs: 500,
  });
  const engine = new DistributionEngine({
    clock,
    store: new DeliveryStore(db.dataSource),
    policy: tierPolicyFromConfig(config),
    directory: new InMemoryRecipientDirectory(),
    senders: sendersFromConfig(config, db.dataSource, clock),
    queue,
    renderer: new TemplateRenderer(),
    settings: settingsFromConfig(config),
  });
  await engine.start({ consume: true, reconcile: true });
  process.send?.('ready');
  process.on('SIGTERM', () => {
    void engine
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}
