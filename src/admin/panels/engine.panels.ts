import type { Clock } from '../../common/clock.js';
import type { EngineRepository } from '../../engine/storage/engine-repository.js';
import type { AdminPanel } from '../portal/admin-panel.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Published signals with their lifecycle and outcome. */
export function signalsPanel(repo: () => EngineRepository): AdminPanel {
  return {
    id: 'signals',
    title: 'Signals',
    description: 'Every signal the engine published, newest first, with its lifecycle and outcome.',
    figures: async () => {
      const signals = await repo().listSignals();
      const closed = signals.filter((s) => s.outcome);
      const wins = closed.filter((s) => s.outcome?.win).length;
      return {
        signals: signals.length,
        active: signals.filter((s) => s.status === 'active').length,
        closed: closed.length,
        'win rate': closed.length ? `${((wins / closed.length) * 100).toFixed(0)}%` : '—',
      };
    },
    table: async () => {
      const signals = (await repo().listSignals()).slice(-200).reverse();
      return {
        columns: [
          'id',
          'created',
          'strategy',
          'symbol',
          'direction',
          'status',
          'entry / stop / target',
          'why',
          'outcome',
        ],
        rows: signals.map((s) => [
          s.id,
          iso(s.createdAt),
          s.strategy,
          s.symbol,
          s.direction,
          s.status,
          s.published
            ? `${s.published.entry.toFixed(2)} / ${s.published.stop.toFixed(2)} / ${s.published.target.toFixed(2)} × ${s.published.size}`
            : '—',
          s.explanation.triggeredBy.join('\n'),
          s.outcome ? `${(s.outcome.returnPct * 100).toFixed(0)}% (${s.outcome.reason})` : '—',
        ]),
      };
    },
  };
}

/** Every risk verdict that rejected a candidate, with the rule, the value and the limit. */
export function riskPanel(repo: () => EngineRepository, clock: Clock): AdminPanel {
  return {
    id: 'risk',
    title: 'Risk verdicts',
    description:
      'Candidates the risk rules rejected in the last 24 hours (engine clock), newest first.',
    figures: async () => {
      const verdicts = await repo().listVerdicts({ from: clock.now() - 86_400_000 });
      return {
        evaluated: verdicts.length,
        rejected: verdicts.filter((v) => v.rejections.length > 0).length,
      };
    },
    table: async () => {
      const verdicts = (await repo().listVerdicts({ from: clock.now() - 86_400_000 }))
        .filter((v) => v.rejections.length > 0)
        .slice(-300)
        .reverse();
      return {
        columns: ['candidate', 'at', 'symbol', 'strategy', 'setup', 'rejected by'],
        rows: verdicts.map((v) => [
          v.candidateKey,
          iso(v.evaluatedAt),
          v.symbol,
          v.strategy,
          v.setup,
          v.rejections
            .map((r) => `${r.rule}: ${r.message} (value ${r.value}, limit ${r.limit})`)
            .join('\n'),
        ]),
      };
    },
  };
}

/** The overseer's alert stream. */
export function alertsPanel(repo: () => EngineRepository): AdminPanel {
  return {
    id: 'alerts',
    title: 'Overseer alerts',
    description:
      'Halts, tapers, paper-only switches, disabled strategies and warnings, newest first.',
    table: async () => ({
      columns: ['at', 'level', 'kind', 'action', 'symbol', 'strategy', 'message'],
      rows: (await repo().listAlerts(300)).map((a) => [
        iso(a.at),
        a.level,
        a.kind,
        a.action,
        a.symbol,
        a.strategy,
        a.message,
      ]),
    }),
  };
}
