import type { Clock } from '../common/clock.js';
import { BullDelayQueue, type BullDelayQueueOptions } from './bull-delay-queue.js';
import type { DelayQueue } from './delay-queue.js';
import { InProcessDelayQueue } from './in-process-delay-queue.js';

export type QueueBackend =
  | ({ kind: 'bull'; redisUrl: string; prefix: string } & Omit<
      BullDelayQueueOptions,
      'redisUrl' | 'prefix'
    >)
  | { kind: 'in-process' };

/** Bull when REDIS_URL is set, the in-process queue otherwise. */
export function queueBackendFromConfig(config: {
  REDIS_URL?: string;
  QUEUE_PREFIX: string;
}): QueueBackend {
  return config.REDIS_URL
    ? { kind: 'bull', redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }
    : { kind: 'in-process' };
}

export function createDelayQueue<T>(
  name: string,
  clock: Clock,
  backend: QueueBackend,
): DelayQueue<T> {
  if (backend.kind === 'bull') {
    const { kind: _kind, ...options } = backend;
    return new BullDelayQueue<T>(name, clock, options);
  }
  return new InProcessDelayQueue<T>(name, clock);
}
