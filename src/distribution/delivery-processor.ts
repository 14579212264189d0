import { Process, Processor } from '@nestjs/bull';
import { Inject, type Type } from '@nestjs/common';
import type { Job } from 'bull';
import type { DeliveryJobData } from './distribution-deps.js';
import { DistributionService } from './distribution.service.js';
import { DELIVERY_QUEUE } from './delivery-queue.js';

/**
 * The delivery queue's @nestjs/bull processor, as a provider (added by the app only where the
 * ROLE consumes queues and Bull is the backend). `concurrency` jobs at a time in this process.
 */
export function deliveryProcessor(concurrency: number): Type<unknown> {
  @Processor(DELIVERY_QUEUE)
  class DeliveryProcessor {
    constructor(@Inject(DistributionService) private readonly distribution: DistributionService) {}

    @Process({ concurrency: Math.max(1, concurrency) })
    async deliver(job: Job<DeliveryJobData>): Promise<void> {
      await this.distribution.engine.processJob(job.data.jobKey);
    }
  }
  return DeliveryProcessor;
}
