import { Module, type DynamicModule } from '@nestjs/common';
import { AdminTokenGuard } from '../admin/admin-token.guard.js';
import { DeliveriesController } from '../admin/deliveries.controller.js';
import {
  DISTRIBUTION_OPTIONS,
  DistributionService,
  type DistributionOptions,
} from './distribution.service.js';

/** Tiered distribution: plan, queue, send, reconcile; operator API under /api/admin/deliveries. */
@Module({})
export class DistributionModule {
  static forRoot(options: DistributionOptions = {}): DynamicModule {
    return {
      module: DistributionModule,
      controllers: [DeliveriesController],
      providers: [
        { provide: DISTRIBUTION_OPTIONS, useValue: options },
        DistributionService,
        AdminTokenGuard,
      ],
      exports: [DistributionService],
    };
  }
}
