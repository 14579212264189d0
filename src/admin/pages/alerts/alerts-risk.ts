/**
 * The "Alerts & risk" page: the overseer's recent alerts (level, what, when) and the day's risk
 * rejections grouped by rule. The day is the New York day the engine clock is in.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../../../common/clock.js';
import type { EngineRepository, VerdictRecord } from '../../../engine/storage/engine-repository.js';
import { NEW_YORK_ZONE } from '../../../vocabulary/units.js';
import { at } from '../page-format.js';

/** How many alerts the page lists (newest first). */
export const ALERTS_SHOWN = 100;

export interface AlertRow {
  at: string;
  level: string;
  what: string;
  action: string;
  where: string;
}

export interface RuleRejections {
  rule: string;
  count: number;
  /** The rejected candidates under this rule, newest first. */
  items: { at: string; symbol: string; strategy: string; setup: string; detail: string }[];
}

export interface AlertsRiskPage {
  available: boolean;
  day: string;
  alerts: AlertRow[];
  evaluated: number;
  rejected: number;
  rules: RuleRejections[];
}

/** Verdicts that rejected a candidate, grouped by the rule that refused (most frequent first). */
export function groupRejections(verdicts: VerdictRecord[]): RuleRejections[] {
  const byRule = new Map<string, RuleRejections>();
  const newestFirst = [...verdicts].sort((a, b) => b.evaluatedAt - a.evaluatedAt);
  for (const v of newestFirst) {
    for (const r of v.rejections) {
      const group = byRule.get(r.rule) ?? { rule: r.rule, count: 0, items: [] };
      group.count += 1;
      group.items.push({
        at: at(v.evaluatedAt),
        symbol: v.symbol,
        strategy: v.strategy,
        setup: v.setup,
        detail: `${r.message} (value ${String(r.value ?? '—')}, limit ${String(r.limit ?? '—')})`,
      });
      byRule.set(r.rule, group);
    }
  }
  return [...byRule.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

export async function alertsRiskPage(deps: {
  clock: Clock;
  engine: EngineRepository | null;
}): Promise<AlertsRiskPage> {
  const now = deps.clock.now();
  const dayStart = DateTime.fromMillis(now, { zone: NEW_YORK_ZONE }).startOf('day');
  const day = dayStart.toFormat('cccc d LLLL yyyy');
  if (!deps.engine) {
    return { available: false, day, alerts: [], evaluated: 0, rejected: 0, rules: [] };
  }
  const [alerts, verdicts] = await Promise.all([
    deps.engine.listAlerts(ALERTS_SHOWN),
    deps.engine.listVerdicts({ from: dayStart.toMillis(), to: now }),
  ]);
  const rejectedVerdicts = verdicts.filter((v) => v.rejections.length > 0);
  return {
    available: true,
    day,
    alerts: [...alerts]
      .sort((a, b) => b.at - a.at)
      .map((a) => ({
        at: at(a.at),
        level: a.level,
        what: a.message,
        action: a.action,
        where: [a.symbol, a.strategy].filter((x): x is string => !!x).join(' · ') || '—',
      })),
    evaluated: verdicts.length,
    rejected: rejectedVerdicts.length,
    rules: groupRejections(rejectedVerdicts),
  };
}
