import type { Heartbeats } from '../../common/heartbeats.js';
import type { AdminConfig } from '../../config/slices.js';
import type { Database } from '../../database/database.js';
import type { HealthChecks } from '../../health/health-checks.js';
import type { AdminPanel } from '../portal/admin-panel.js';

/** Feeds and dependencies: what /health reports, for a person. */
export function systemPanel(deps: {
  config: Pick<AdminConfig, 'ROLE'>;
  database: Database;
  heartbeats: Heartbeats;
  checks: HealthChecks;
}): AdminPanel {
  return {
    id: 'system',
    title: 'System',
    description: 'Database, queue and feed heartbeats (ages on the engine clock).',
    figures: async () => {
      const checks = await deps.checks.runAll(2_000);
      const failing = Object.entries(checks)
        .filter(([, c]) => !c.ok)
        .map(([n]) => n);
      return {
        role: deps.config.ROLE,
        database: deps.database.kind,
        feeds: deps.heartbeats.all().length,
        'failing checks': failing.length === 0 ? 'none' : failing.join(', '),
      };
    },
    table: async () => ({
      columns: ['feed', 'age (s)', 'last beat (UTC)'],
      rows: deps.heartbeats
        .all()
        .map((h) => [h.feed, (h.ageMs / 1000).toFixed(1), new Date(h.lastBeatAt).toISOString()]),
    }),
  };
}
