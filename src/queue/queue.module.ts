import { BullModule, getQueueToken } from '@nestjs/bull';
import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type Bull from 'bull';
import { CLOCK, type Clock } from '../common/clock.js';
import { BullDelayQueue, bullQueueSettings } from './bull-delay-queue.js';
import { InProcessDelayQueue } from './in-process-delay-queue.js';
import type { QueueBackend } from './queue-factory.js';

/** The DelayQueue named `name` (the port every module uses, whichever backend is behind it). */
export const delayQueueToken = (name: string): string => `DelayQueue:${name}`;

/**
 * True when @nestjs/bull processors (providers decorated with @Processor) consume the queues, so
 * their owners must not also call DelayQueue.process().
 */
export const QUEUE_PROCESSORS = Symbol('QueueProcessors');

/**
 * The app's delay queues. With Redis: @nestjs/bull (BullModule.forRootAsync + registerQueue), each
 * queue wrapped in the DelayQueue port; the ROLE's processors are providers (see app.module.ts).
 * Embedded (no Redis): the in-process queue behind the same port, consumed through process().
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(
    backend: QueueBackend,
    names: readonly string[],
    options: { processors: boolean },
  ): DynamicModule {
    const tokens = names.map(delayQueueToken);
    if (backend.kind === 'in-process') {
      const providers: Provider[] = names.map((name) => ({
        provide: delayQueueToken(name),
        useFactory: (clock: Clock) => new InProcessDelayQueue(name, clock),
        inject: [CLOCK],
      }));
      providers.push({ provide: QUEUE_PROCESSORS, useValue: false });
      return { module: QueueModule, providers, exports: [...tokens, QUEUE_PROCESSORS] };
    }
    const providers: Provider[] = names.map((name) => ({
      provide: delayQueueToken(name),
      useFactory: (queue: Bull.Queue, clock: Clock) =>
        new BullDelayQueue(name, clock, backend, queue),
      inject: [getQueueToken(name), CLOCK],
    }));
    providers.push({ provide: QUEUE_PROCESSORS, useValue: options.processors });
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          useFactory: () => ({
            url: backend.redisUrl,
            prefix: backend.prefix,
            settings: bullQueueSettings(backend),
          }),
        }),
        BullModule.registerQueue(...names.map((name) => ({ name }))),
      ],
      providers,
      exports: [...tokens, QUEUE_PROCESSORS, BullModule],
    };
  }
}
