import { Module, type DynamicModule } from '@nestjs/common';
import {
  DISTRIBUTION_OPTIONS,
  DistributionService,
  type DistributionOptions,
} from './distribution.service.js';
import { DIGEST_SUMMARIES } from './digest.js';
import { NarrativeApprovalBinding } from './narrative-approval.binding.js';
import { ReportDeliveryBinding } from './report-delivery.binding.js';
import { REPORT_CLOSE_SUMMARIES } from '../reports/reports.tokens.js';

/**
 * Tiered distribution: plan, queue, send, reconcile (its operator API is served by admin). With
 * the reports module in the app, released reports are delivered too and digests carry the close
 * report's summary. Model narratives an editor approves follow as Premium narrative updates.
 */
@Module({})
export class DistributionModule {
  static forRoot(options: DistributionOptions = {}): DynamicModule {
    return {
      module: DistributionModule,
      providers: [
        { provide: DISTRIBUTION_OPTIONS, useValue: options },
        {
          provide: DIGEST_SUMMARIES,
          inject: [{ token: REPORT_CLOSE_SUMMARIES, optional: true }],
          useFactory: (summaries: unknown) => summaries ?? null,
        },
        DistributionService,
        ReportDeliveryBinding,
        NarrativeApprovalBinding,
      ],
      exports: [DistributionService],
    };
  }
}
