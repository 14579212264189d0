/**
 * A signal's portal page: its three tier renderings as subscribers see them (Discord embed,
 * Telegram message, the email in a sandboxed frame), each tier's narrative with its fact-check
 * verdict, the delivery timeline per channel and tier (promised against actual), and the
 * candidates risk rejected around it with their rule verdicts.
 */
import type { DeliveryRow } from '../../../distribution/delivery-records.js';
import type { DeliveryQueries } from '../../../distribution/delivery-queries.js';
import type { Rendered, TemplateRenderer } from '../../../distribution/renderer.js';
import type { TierPolicy } from '../../../distribution/tier-policy.js';
import type { EngineRepository } from '../../../engine/storage/engine-repository.js';
import type { NarrativeResult } from '../../../narrative/writer/narrative-service.js';
import type { PublishedSignal } from '../../../signals/signal.js';
import { TIERS, type Tier } from '../../../vocabulary/tier.js';
import { at, seconds } from '../page-format.js';
import { discordPreviewHtml, telegramPreviewHtml } from './message-previews.js';
import { timelineChart } from './timeline-chart.js';

export interface SignalPageDeps {
  deliveries: DeliveryQueries;
  policy: TierPolicy;
  renderer: TemplateRenderer;
  /** A tier's narrative of a signal (the same writer and cache deliveries use). */
  narrative: (tier: Tier, signal: PublishedSignal) => Promise<NarrativeResult>;
  /** Null when the engine's records are not readable in this process. */
  engine: EngineRepository | null;
}

/** The narrative's fact-check verdict in words. */
export function factCheckVerdict(r: NarrativeResult): { ok: boolean; words: string } {
  if (r.source === 'model')
    return { ok: true, words: `model text (${r.model}), fact-check passed` };
  const f = r.fallback;
  if (!f) return { ok: true, words: 'template text, written from the facts (no model)' };
  switch (f.kind) {
    case 'fact_check':
      return {
        ok: false,
        words: `model text failed the fact-check (${[...f.unmatched.map((u) => u.text), ...f.machineTokens].join(', ')}): template text sent`,
      };
    case 'budget_exceeded':
      return { ok: true, words: `template text: the model took longer than ${f.budgetMs} ms` };
    case 'spend_cap':
      return { ok: true, words: `template text: daily model spend cap reached` };
    case 'writer_error':
      return { ok: false, words: `template text: the model failed (${f.error})` };
    case 'internal_error':
      return { ok: false, words: `template text: ${f.message}` };
  }
}

export function renderFor(
  deps: Pick<SignalPageDeps, 'renderer' | 'policy'>,
  signal: PublishedSignal,
  tier: Tier,
  channel: 'discord' | 'telegram' | 'email',
  narrative: string,
): Rendered {
  return deps.renderer.render({
    tier,
    channel,
    signal,
    update: null,
    delayMs: deps.policy.rules[tier].delayMs,
    narrative,
    unsubscribeUrl: null,
  });
}

export type SignalPage = NonNullable<Awaited<ReturnType<typeof signalPage>>>;

export async function signalPage(deps: SignalPageDeps, id: string) {
  const signal = await deps.deliveries.signalEvent(id);
  if (!signal) return null;
  const record = deps.engine ? await deps.engine.getSignal(id) : null;
  const tiers = await Promise.all(
    TIERS.map(async (tier) => {
      const narrative = await deps.narrative(tier, signal);
      const discord = renderFor(deps, signal, tier, 'discord', narrative.text).message;
      const telegram = renderFor(deps, signal, tier, 'telegram', narrative.text).message;
      const channels = deps.policy.rules[tier].channels;
      return {
        tier,
        delay: `${seconds(deps.policy.rules[tier].delayMs)} s`,
        channels: channels.join(', '),
        discord: discord.channel === 'discord' ? discordPreviewHtml(discord) : '',
        telegram: telegram.channel === 'telegram' ? telegramPreviewHtml(telegram.html) : '',
        emailUrl: `/admin/signals/${encodeURIComponent(id)}/email/${tier}`,
        narrative: narrative.text,
        verdict: factCheckVerdict(narrative),
      };
    }),
  );
  const rows = await deps.deliveries.list({ signalId: id, limit: 5000 });
  const timeline = timelineRows(signal, rows);
  const verdicts = deps.engine ? await rejectedAround(deps.engine, signal) : [];
  return {
    id,
    symbol: signal.symbol,
    strategy: signal.strategy,
    direction: signal.direction,
    publishedAt: at(signal.publishedAt),
    status: record?.status ?? 'unknown',
    outcome: record?.outcome
      ? `${(record.outcome.returnPct * 100).toFixed(0)}% (${record.outcome.reason})`
      : '—',
    explanation: record
      ? {
          triggeredBy: record.explanation.triggeredBy,
          checks: record.explanation.risk.checks.map((c) => ({
            ...c,
            passed: c.passed ? 'pass' : 'fail',
          })),
        }
      : null,
    history: (record?.history ?? []).map((h) => ({ ...h, at: at(h.at), note: h.note ?? '' })),
    tiers,
    timeline: timeline.map((t) => ({
      ...t,
      promisedS: oneDecimal(t.promisedS),
      firstSentS: oneDecimal(t.firstSentS),
      lastSentS: oneDecimal(t.lastSentS),
      lateP50S: oneDecimal(t.lateP50S),
    })),
    timelineChart: timelineChart(timeline),
    rejected: verdicts,
  };
}

const oneDecimal = (v: number | null) => (v === null ? '—' : v.toFixed(1));

export interface TimelineRow {
  tier: Tier;
  channel: string;
  kind: string;
  rows: number;
  sent: number;
  promisedS: number;
  firstSentS: number | null;
  lastSentS: number | null;
  lateP50S: number | null;
  failed: number;
}

/** Per tier × channel × kind: promised against actual, in seconds after publication. */
export function timelineRows(signal: PublishedSignal, rows: DeliveryRow[]): TimelineRow[] {
  const groups = new Map<string, DeliveryRow[]>();
  for (const r of rows) {
    const key = `${r.tier}|${r.channel}|${r.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const order = (t: Tier) => TIERS.indexOf(t);
  return [...groups.values()]
    .map((list) => {
      const sent = list.filter((r) => r.sentAt !== null);
      const sentS = sent.map((r) => (r.sentAt! - signal.publishedAt) / 1000).sort((a, b) => a - b);
      const late = sent.map((r) => (r.sentAt! - r.promisedAt) / 1000).sort((a, b) => a - b);
      return {
        tier: list[0].tier,
        channel: list[0].channel,
        kind: list[0].kind,
        rows: list.length,
        sent: sent.length,
        promisedS: (Math.min(...list.map((r) => r.promisedAt)) - signal.publishedAt) / 1000,
        firstSentS: sentS[0] ?? null,
        lastSentS: sentS.at(-1) ?? null,
        lateP50S: late.length ? late[Math.floor((late.length - 1) / 2)] : null,
        failed: list.filter((r) => r.status === 'dead' || r.status === 'blocked').length,
      };
    })
    .sort((a, b) => order(a.tier) - order(b.tier) || a.promisedS - b.promisedS);
}

/** Candidates the risk rules rejected for the signal's symbol within an hour before it. */
async function rejectedAround(engine: EngineRepository, signal: PublishedSignal) {
  const verdicts = await engine.listVerdicts({
    from: signal.publishedAt - 3_600_000,
    to: signal.publishedAt + 60_000,
  });
  return verdicts
    .filter((v) => v.symbol === signal.symbol && v.rejections.length > 0)
    .slice(-50)
    .reverse()
    .map((v) => ({
      candidate: v.candidateKey,
      at: at(v.evaluatedAt),
      strategy: v.strategy,
      setup: v.setup,
      rejections: v.rejections.map(
        (r) => `${r.rule}: ${r.message} (value ${r.value}, limit ${r.limit})`,
      ),
    }));
}
