/**
 * Reports wired to a distribution engine as the app wires them, for the report delivery suites:
 * a simulated SPY day from the engine (seed 7, 5-minute steps) up to `asOf`, the reports on it
 * (no approval needed, auto-approve after 10 minutes), and every release planned onto the engine.
 */
import { engineDaySource } from '../../src/cli/reports/engine-run-day-source.js';
import type { Clock } from '../../src/common/clock.js';
import type { AppConfig } from '../../src/config/schema.js';
import type { Database } from '../../src/database/database.js';
import type { DistributionEngine } from '../../src/distribution/distribution-engine.js';
import { ReportDeliveryPlanner } from '../../src/distribution/report-delivery.js';
import { tierPolicyFromConfig } from '../../src/distribution/tier-policy.js';
import {
  composeReports,
  type Reports,
  type ReportsDeps,
} from '../../src/reports/reports.composition.js';
import type { RecipientDirectory } from '../../src/subscribers/recipient-directory.js';

/**
 * Starts `engine` (consuming, no reconcile) and the reports' gate releasing onto it; stop the
 * gate (`reports.gate.stop()`) and the engine after.
 */
export async function startReportPipeline(o: {
  db: Database;
  clock: Clock;
  config: AppConfig;
  date: string;
  asOf: number;
  engine: DistributionEngine;
  directory: RecipientDirectory;
  chainHead?: ReportsDeps['chainHead'];
}): Promise<Reports> {
  const day = await engineDaySource({
    date: o.date,
    asOf: o.asOf,
    symbols: ['SPY'],
    source: 'simulator',
    seed: 7,
    stepSeconds: 300,
    config: o.config,
  });
  const reports = composeReports({
    clock: o.clock,
    dataSource: o.db.dataSource,
    snapshots: day,
    days: day,
    settings: {
      symbols: ['SPY'],
      startEquity: o.config.ENGINE_START_EQUITY,
      requireApproval: false,
      autoApproveMinutes: 10,
    },
    ...(o.chainHead ? { chainHead: o.chainHead } : {}),
  });
  await o.engine.start({ consume: true, reconcile: false });
  const planner = new ReportDeliveryPlanner({
    clock: o.clock,
    store: o.engine.store,
    queue: o.engine.queue,
    policy: tierPolicyFromConfig(o.config),
    directory: o.directory,
    settings: { batchSize: 100 },
  });
  reports.gate.onRelease(async (r) => {
    await planner.plan(r);
  });
  reports.gate.start();
  return reports;
}
