import type { Clock } from '../../common/clock.js';
import { TIERS } from '../../vocabulary/tier.js';
import type { DistributionService } from '../../distribution/distribution.service.js';
import { scanMessage } from '../../distribution/leak-scanner.js';
import { TemplateRenderer } from '../../distribution/renderer.js';
import type { PublishedSignal } from '../../signals/signal.js';
import type { AdminPanel } from '../portal/admin-panel.js';

const iso = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString());

/** The delivery ledger: what went to whom, when it was promised, when it went; dead letters resend. */
export function deliveriesPanel(distribution: () => DistributionService, clock: Clock): AdminPanel {
  return {
    id: 'deliveries',
    title: 'Deliveries',
    description:
      'The ledger of the last 24 hours (engine clock): promised and sent times, attempts, the exact text sent (outbox). Dead letters can be resent.',
    figures: async () => ({ ...(await distribution().store.countByStatus()) }),
    table: async () => {
      const rows = await distribution().store.list({
        since: clock.now() - 86_400_000,
        limit: 100_000,
      });
      return {
        columns: [
          'id',
          'signal',
          'tier',
          'channel',
          'recipient',
          'promised',
          'sent',
          'late (ms)',
          'status',
          'attempts',
          'text / last error',
        ],
        rows: rows
          .slice(-300)
          .reverse()
          .map((r) => [
            r.id,
            r.signalId,
            r.tier,
            r.channel,
            r.recipient,
            iso(r.promisedAt),
            iso(r.sentAt),
            r.sentAt === null ? null : r.sentAt - r.promisedAt,
            r.status,
            r.attempts,
            r.status === 'sent' ? (r.text ?? '') : (r.lastError ?? ''),
          ]),
      };
    },
    actions: {
      resend: {
        label: 'Resend',
        run: async (id) => {
          const row = await distribution().engine.resend(id);
          return row
            ? `Delivery ${id} is scheduled again.`
            : `Delivery ${id} cannot be resent (only dead or blocked rows can).`;
        },
      },
    },
  };
}

/**
 * Content QA: the latest signal rendered for every tier and channel exactly as it would be sent,
 * with the leak scanner's verdict on each lower-tier message.
 */
export function contentQaPanel(distribution: () => DistributionService): AdminPanel {
  let renderer: TemplateRenderer | null = null;
  return {
    id: 'content',
    title: 'Content QA',
    description:
      'The most recent signal rendered for each tier and channel, with the leak scanner verdict (a lower tier must carry no premium-only number).',
    table: async () => {
      renderer ??= new TemplateRenderer();
      const latest: { signal: PublishedSignal }[] = await distribution().dataSource.query(
        `SELECT signal FROM distribution_event WHERE kind = 'signal' ORDER BY event_at DESC, id DESC LIMIT 1`,
      );
      const signal = latest[0]?.signal ?? null;
      if (!signal) return { columns: ['tier', 'channel', 'leak scan', 'message'], rows: [] };
      const { policy } = distribution();
      const rows: (string | number | null)[][] = [];
      for (const tier of TIERS) {
        for (const channel of policy.rules[tier].channels) {
          const r = renderer.render({
            tier,
            channel,
            signal,
            update: null,
            delayMs: policy.rules[tier].delayMs,
          });
          const leaks = scanMessage({
            tier,
            signal,
            update: null,
            parts: r.parts,
            safeFragments: r.safeFragments,
          });
          rows.push([
            `${tier} · ${signal.id}`,
            channel,
            leaks.length === 0
              ? 'clean'
              : `BLOCKED: ${leaks.map((l) => JSON.stringify(l)).join('; ')}`,
            r.text,
          ]);
        }
      }
      return { columns: ['tier', 'channel', 'leak scan', 'message'], rows };
    },
  };
}
