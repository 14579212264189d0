import type { Clock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import type { AppConfig } from '../../../src/config/schema.js';
import type { Database } from '../../../src/database/database.js';
import { OutboxSender } from '../../../src/distribution/adapters/outbox.js';
import type { ChannelSender } from '../../../src/distribution/channel-sender.js';
import { DeliveryStore } from '../../../src/distribution/delivery-store.js';
import {
  DistributionEngine,
  type DeliveryJobData,
  type DistributionLogger,
  type DistributionSettings,
} from '../../../src/distribution/distribution-engine.js';
import { settingsFromConfig } from '../../../src/distribution/distribution.service.js';
import { TemplateRenderer } from '../../../src/distribution/renderer.js';
import { SenderRegistry, sendersFromConfig } from '../../../src/distribution/senders.js';
import type { SignalNarratives } from '../../../src/distribution/signal-narratives.js';
import { tierPolicyFromConfig } from '../../../src/distribution/tier-policy.js';
import { createDelayQueue, type QueueBackend } from '../../../src/queue/queue-factory.js';
import type { RecipientDirectory } from '../../../src/subscribers/recipient-directory.js';

export function distributionConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ NODE_ENV: 'test', ...env });
}

/** A DistributionEngine over a real database with the chosen clock, queue and channels. */
export function buildEngine(options: {
  db: Database;
  clock: Clock;
  directory: RecipientDirectory | null;
  env?: Record<string, string>;
  queue?: QueueBackend;
  renderer?: TemplateRenderer;
  outboxOnly?: boolean;
  /** One sender for every channel (a recording fake platform). */
  sender?: ChannelSender;
  settings?: Partial<DistributionSettings>;
  logger?: DistributionLogger;
  /** Model narratives for signals (none: the template text only). */
  narratives?: SignalNarratives;
}): DistributionEngine {
  const config = distributionConfig(options.env);
  const ds = options.db.dataSource;
  return new DistributionEngine({
    clock: options.clock,
    store: new DeliveryStore(ds),
    policy: tierPolicyFromConfig(config),
    directory: options.directory,
    senders: options.sender
      ? new SenderRegistry(options.sender)
      : options.outboxOnly
        ? new SenderRegistry(new OutboxSender(ds, options.clock))
        : sendersFromConfig(config, ds, options.clock),
    queue: createDelayQueue<DeliveryJobData>(
      'deliveries',
      options.clock,
      options.queue ?? { kind: 'in-process' },
    ),
    renderer: options.renderer ?? new TemplateRenderer(),
    settings: { ...settingsFromConfig(config), ...options.settings },
    logger: options.logger,
    ...(options.narratives ? { narratives: options.narratives } : {}),
  });
}

export async function waitFor(
  cond: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A logger that keeps every line, for assertions on what was logged. */
export function recordingLogger(): DistributionLogger & {
  lines: { level: 'info' | 'warn' | 'error'; msg: string; detail: Record<string, unknown> }[];
} {
  const lines: {
    level: 'info' | 'warn' | 'error';
    msg: string;
    detail: Record<string, unknown>;
  }[] = [];
  return {
    lines,
    info: (detail, msg) => void lines.push({ level: 'info', msg, detail }),
    warn: (detail, msg) => void lines.push({ level: 'warn', msg, detail }),
    error: (detail, msg) => void lines.push({ level: 'error', msg, detail }),
  };
}
