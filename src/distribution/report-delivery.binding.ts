/**
 * Delivery subscribes to the reports' QA gate: each released report is planned through the
 * pipeline (report-delivery.ts). Without the reports module in the app there is nothing to bind.
 */
import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG_SLICE, type DistributionConfig } from '../config/slices.js';
import { REPORT_GATE } from '../reports/reports.tokens.js';
import type { ReportGate } from '../reports/review/report-gate.js';
import {
  RECIPIENT_DIRECTORY,
  type RecipientDirectory,
} from '../subscribers/recipient-directory.js';
import {
  DISTRIBUTION_OPTIONS,
  DistributionService,
  type DistributionOptions,
} from './distribution.service.js';
import { ReportDeliveryPlanner } from './report-delivery.js';

@Injectable()
export class ReportDeliveryBinding implements OnApplicationBootstrap {
  constructor(
    @Inject(DistributionService) private readonly distribution: DistributionService,
    @Inject(CONFIG_SLICE.distribution) private readonly config: DistributionConfig,
    @Inject(DISTRIBUTION_OPTIONS) private readonly options: DistributionOptions,
    @Optional() @Inject(RECIPIENT_DIRECTORY) private readonly directory: RecipientDirectory | null,
    @Optional() @Inject(REPORT_GATE) private readonly gate: ReportGate | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.gate) return;
    const d = this.distribution;
    const planner = new ReportDeliveryPlanner({
      clock: d.clock,
      store: d.store,
      queue: d.engine.queue,
      policy: d.policy,
      directory: this.options.directory ?? this.directory ?? null,
      settings: {
        batchSize: this.options.settings?.batchSize ?? this.config.DISTRIBUTION_BATCH_SIZE,
      },
    });
    this.gate.onRelease(async (r) => {
      await planner.plan(r);
    });
  }
}
