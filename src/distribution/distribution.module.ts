import { Module, type DynamicModule } from '@nestjs/common';
import {
  DISTRIBUTION_OPTIONS,
  DistributionService,
  type DistributionOptions,
} from './distribution.service.js';

/** Tiered distribution: plan, queue, send, reconcile (its operator API is served by admin). */
@Module({})
export class DistributionModule {
  static forRoot(options: DistributionOptions = {}): DynamicModule {
    return {
      module: DistributionModule,
      providers: [{ provide: DISTRIBUTION_OPTIONS, useValue: options }, DistributionService],
      exports: [DistributionService],
    };
  }
}
