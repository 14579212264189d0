import { z } from 'zod';
import { bool, int } from '../schema-helpers.js';

/** Reports: the scheduled pre-market, intraday and close notes and their QA gate. */
export const reportsConfig = z.object({
  REPORTS_ENABLED: bool(
    true,
    'reports: build, store and deliver the pre-market (08:30), intraday (13:00) and close (16:10) reports on trading days (New York time, engine clock).',
  ),
  REPORTS_REQUIRE_APPROVAL: bool(
    false,
    'reports: a close report waits for an operator to approve it (no auto-approval).',
  ),
  REPORTS_AUTO_APPROVE_MINUTES: int(
    10,
    'reports: minutes (engine clock) after which a close report nobody approved or held is approved automatically.',
    { min: 0, max: 1440 },
  ),
});
