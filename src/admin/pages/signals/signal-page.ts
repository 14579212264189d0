/**
 * A signal's portal page: its three tier renderings as subscribers see them (Discord embed,
 * Telegram message, the email in a sandboxed frame), each tier's narrative as stored (the text
 * sent, the model's raw text and its fact-check verdict, read from the narrative store so any
 * process shows it, after a restart too), the delivery timeline per channel and tier (promised
 * against actual), and the candidates risk rejected around it with their rule verdicts.
 */
import type { DeliveryRow } from '../../../distribution/delivery-records.js';
import type { DeliveryQueries } from '../../../distribution/delivery-queries.js';
import type { Rendered, TemplateRenderer } from '../../../distribution/renderer.js';
import type { TierPolicy } from '../../../distribution/tier-policy.js';
import type { EngineRepository } from '../../../engine/storage/engine-repository.js';
import { renderTemplateNarrative } from '../../../narrative/adapters/template.js';
import type { NarrativeEntry } from '../../../narrative/store/narrative-store.js';
import type { NarrativeFacts } from '../../../narrative/writer/facts.js';
import type { PublishedSignal } from '../../../signals/signal.js';
import { TIERS, type Tier } from '../../../vocabulary/tier.js';
import { at, seconds } from '../page-format.js';
import { discordPreviewHtml, telegramPreviewHtml } from './message-previews.js';
import { factCheckVerdict } from './narrative-verdict.js';
import { timelineChart } from './timeline-chart.js';

export interface SignalPageDeps {
  deliveries: DeliveryQueries;
  policy: TierPolicy;
  renderer: TemplateRenderer;
  /** The narratives kept for a signal, oldest first (empty when none is stored). */
  narratives: (signalId: string) => Promise<NarrativeEntry[]>;
  /** The facts a tier's narrative is written from (the template text when none is stored). */
  facts: (tier: Tier, signal: PublishedSignal) => Promise<NarrativeFacts>;
  /** Null when the engine's records are not readable in this process. */
  engine: EngineRepository | null;
}

/** A tier's stored narrative (the first: a resend reuses its text), or null. */
export function storedNarrative(entries: NarrativeEntry[], tier: Tier): NarrativeEntry | null {
  return entries.find((e) => e.tier === tier) ?? null;
}

/** The narrative text a tier's message carries: the stored text, else the template's. */
export async function narrativeText(
  deps: Pick<SignalPageDeps, 'narratives' | 'facts'>,
  tier: Tier,
  signal: PublishedSignal,
): Promise<string> {
  const stored = storedNarrative(await deps.narratives(signal.id), tier);
  return stored?.usedText ?? renderTemplateNarrative(await deps.facts(tier, signal));
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
  const entries = await deps.narratives(id);
  const tiers = await Promise.all(
    TIERS.map(async (tier) => {
      const stored = storedNarrative(entries, tier);
      const text = stored?.usedText ?? renderTemplateNarrative(await deps.facts(tier, signal));
      const discord = renderFor(deps, signal, tier, 'discord', text).message;
      const telegram = renderFor(deps, signal, tier, 'telegram', text).message;
      const channels = deps.policy.rules[tier].channels;
      return {
        tier,
        delay: `${seconds(deps.policy.rules[tier].delayMs)} s`,
        channels: channels.join(', '),
        discord: discord.channel === 'discord' ? discordPreviewHtml(discord) : '',
        telegram: telegram.channel === 'telegram' ? telegramPreviewHtml(telegram.html) : '',
        emailUrl: `/admin/signals/${encodeURIComponent(id)}/email/${tier}`,
        narrative: text,
        stored: stored
          ? {
              id: stored.id,
              writer:
                stored.writer === 'template' ? 'template' : `${stored.writer} · ${stored.model}`,
              rawText: stored.rawText,
              verdict: factCheckVerdict(stored),
              review:
                stored.approval === 'none'
                  ? null
                  : stored.sentAt !== null
                    ? 'sent'
                    : stored.approval,
              cost: stored.costUsd > 0 ? `$${stored.costUsd.toFixed(4)}` : null,
              latency: stored.latencyMs === null ? null : `${stored.latencyMs} ms`,
              at: at(stored.createdAt),
            }
          : null,
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
