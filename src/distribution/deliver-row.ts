/**
 * One claimed row: render its tier's view, scan it for leaks, send it, and say what happened
 * (sent, retry after some wall time, or final: dead / blocked, already recorded).
 */
import { SendError } from './channel-sender.js';
import type { DistributionEngineDeps, DistributionLogger } from './distribution-deps.js';
import type { DeliveryRow, SentRecord, SignalEvent, StoredEvent } from './delivery-records.js';
import { scanMessage, type LeakFinding } from './leak-scanner.js';
import { scanDigest } from './digest.js';
import { DigestComposer } from './digest-composer.js';
import { RenderError, type Rendered } from './renderer.js';
import type { RetryPolicy } from './retry-policy.js';
import type { DistributionAlerts } from './alerts.js';
import { templateSignalNarratives, type SignalNarratives } from './signal-narratives.js';
import { ReportDeliveryComposer } from './report-delivery.js';
import type { ChannelSender, OutgoingAttachment } from './channel-sender.js';
import { operatorAlertMessage } from './operator-alert-delivery.js';
import type { TierChannel } from './tier-policy.js';
import type { Tier } from '../vocabulary/tier.js';

export interface RowOutcome {
  /** Wall ms until the row may be tried again; null when it needs no retry. */
  retryWallMs: number | null;
  /** The send to record (the caller marks the row sent). */
  sent?: SentRecord;
  /** The platform answered 429: the job's other rows should wait as well. */
  rateLimited?: boolean;
}

const NO_RETRY: RowOutcome = { retryWallMs: null };

/** Messages rendered ahead kept at most (a plan's take theirs within milliseconds). */
const AHEAD = 64;

type EventContent = Pick<SignalEvent, 'signal' | 'update'>;

/** A broadcast row's message depends on its tier, channel and event only. */
const aheadKey = (tier: Tier, channel: TierChannel, e: EventContent) =>
  [tier, channel, e.signal.id, e.update?.kind ?? 'signal', e.update?.at ?? ''].join('|');

export class RowDeliverer {
  private readonly narratives: SignalNarratives;
  private readonly digests: DigestComposer;
  private readonly reports: ReportDeliveryComposer;

  /** Broadcast messages rendered while their plan's insert was in flight (see renderAhead). */
  private readonly ahead = new Map<string, Promise<Rendered | null>>();

  constructor(
    private readonly deps: DistributionEngineDeps,
    private readonly retry: RetryPolicy,
    private readonly alerts: DistributionAlerts,
    private readonly log: DistributionLogger,
  ) {
    this.narratives = deps.narratives ?? templateSignalNarratives(deps.clock);
    this.digests = new DigestComposer(deps, this.narratives);
    this.reports = new ReportDeliveryComposer(deps);
  }

  async deliver(row: DeliveryRow, event: StoredEvent): Promise<RowOutcome> {
    if (event.digest) {
      const { rendered, signals } = await this.digests.render(row, event);
      if (await this.blockedByScanner(row, scanDigest(row.tier, signals, rendered), rendered))
        return NO_RETRY;
      return this.send(row, rendered);
    }
    if (event.report) {
      const { rendered, attachments, findings } = await this.reports.compose(row, event);
      if (await this.blockedByScanner(row, findings, rendered)) return NO_RETRY;
      return this.send(row, rendered, attachments);
    }
    if (event.operatorAlert) {
      // The operators' own channel: no tier view, nothing a subscriber may not see.
      const rendered = operatorAlertMessage(row.channel, event.operatorAlert);
      return this.send(row, rendered, undefined, this.deps.senders.operator(row.channel));
    }
    const rendered = await this.render(row, event);
    if (!rendered) return NO_RETRY;
    const findings = scanMessage({
      tier: row.tier,
      signal: event.signal,
      update: event.update,
      parts: rendered.parts,
      safeFragments: rendered.safeFragments,
    });
    if (await this.blockedByScanner(row, findings, rendered)) return NO_RETRY;
    return this.send(row, rendered);
  }

  /**
   * Renders a broadcast message (narrative and template) while its plan's insert is in flight, so
   * the send that follows the commit does not wait for them. A failure here is left to the row's
   * own render, which records it.
   */
  renderAhead(tier: Tier, channel: TierChannel, event: EventContent): void {
    const key = aheadKey(tier, channel, event);
    if (this.ahead.has(key)) return;
    const rendered = (async () => {
      const narrative = event.update
        ? undefined
        : await this.narratives.narrativeFor(tier, event.signal).catch(() => undefined);
      try {
        return this.renderInput(tier, channel, event, null, narrative);
      } catch {
        return null;
      }
    })();
    this.ahead.set(key, rendered);
    if (this.ahead.size > AHEAD) this.ahead.delete(this.ahead.keys().next().value!);
  }

  /** The rendered message, or null when the template failed (the row is dead-lettered). */
  private async render(row: DeliveryRow, event: SignalEvent): Promise<Rendered | null> {
    const labels = { tier: row.tier, channel: row.channel };
    const { store, metrics, clock } = this.deps;
    if (row.recipient === '') {
      const key = aheadKey(row.tier, row.channel, event);
      const ahead = await this.ahead.get(key);
      this.ahead.delete(key);
      if (ahead) return ahead;
    }
    const narrative = event.update ? undefined : await this.narrative(row, event);
    try {
      return this.renderInput(row.tier, row.channel, event, row.unsubscribeUrl, narrative);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await store.markFailed(row.id, 'dead', `render: ${message}`);
      await store.recordAlert(row.id, 'render_failed', { error: message, ...labels }, clock.now());
      metrics?.outcomes.inc({ ...labels, outcome: 'dead' });
      this.log.error({ deliveryId: row.id, err: message }, 'render failed');
      if (!(err instanceof RenderError)) throw err;
      return null;
    }
  }

  private renderInput(
    tier: Tier,
    channel: TierChannel,
    event: EventContent,
    unsubscribeUrl: string | null,
    narrative: string | undefined,
  ): Rendered {
    return this.deps.renderer.render({
      tier,
      channel,
      signal: event.signal,
      update: event.update,
      delayMs: this.deps.policy.rules[tier].delayMs,
      unsubscribeUrl,
      ...(narrative !== undefined ? { narrative } : {}),
    });
  }

  /**
   * The tier's narrative in sentences (cached by signal and tier, never past the writer's budget).
   * Should the writer fail, the message goes out without it: Premium with the signal's own text.
   */
  private async narrative(row: DeliveryRow, event: SignalEvent): Promise<string | undefined> {
    try {
      return await this.narratives.narrativeFor(row.tier, event.signal);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn({ deliveryId: row.id, err: message }, 'narrative failed; sent without it');
      return undefined;
    }
  }

  /** Whether the leak scanner found a forbidden number (the row is then blocked and alerted). */
  private async blockedByScanner(
    row: DeliveryRow,
    findings: LeakFinding[],
    rendered: Rendered,
  ): Promise<boolean> {
    if (findings.length === 0) return false;
    const labels = { tier: row.tier, channel: row.channel };
    const { store, metrics, clock } = this.deps;
    const fields = [...new Set(findings.map((f) => f.field))];
    // Alert first: whoever sees the row blocked can also see why.
    await store.recordAlert(
      row.id,
      'leak_blocked',
      { findings, ...labels, signalId: row.signalId },
      clock.now(),
    );
    await store.markFailed(row.id, 'blocked', `leak blocked: ${fields.join(', ')}`, rendered.text);
    metrics?.leaksBlocked.inc(labels);
    metrics?.outcomes.inc({ ...labels, outcome: 'blocked' });
    this.log.error({ deliveryId: row.id, findings, ...labels }, 'leak scanner blocked a message');
    return true;
  }

  private async send(
    row: DeliveryRow,
    rendered: Rendered,
    attachments?: OutgoingAttachment[],
    chosen?: ChannelSender,
  ): Promise<RowOutcome> {
    const labels = { tier: row.tier, channel: row.channel };
    const { store, metrics, clock } = this.deps;
    const sender = chosen ?? this.deps.senders.resolve(row.channel, row.tier, row.recipient !== '');
    try {
      const result = await sender.send({
        deliveryId: row.id,
        tier: row.tier,
        recipient: row.recipient,
        address: row.address,
        message: rendered.message,
        text: rendered.text,
        idempotencyKey: `gd-${row.id}`,
        unsubscribe: row.unsubscribeUrl ? { url: row.unsubscribeUrl } : null,
        ...((attachments ?? rendered.attachments)?.length
          ? { attachments: attachments ?? rendered.attachments }
          : {}),
      });
      const sentAt = clock.now();
      metrics?.lateness.observe(labels, (sentAt - row.promisedAt) / 1000);
      metrics?.outcomes.inc({ ...labels, outcome: 'sent' });
      return {
        retryWallMs: null,
        sent: {
          id: row.id,
          sentAt,
          providerMessageId: result.providerMessageId,
          via: sender.via,
          text: rendered.text,
        },
      };
    } catch (err) {
      const e =
        err instanceof SendError
          ? err
          : new SendError('transient', err instanceof Error ? err.message : String(err));
      const final = this.retry.isFinal(e, row.attempts);
      const refund = !this.retry.countsAsAttempt(e);
      const error = `${e.kind}: ${e.message}`;
      await store.markFailed(row.id, final ? 'dead' : 'scheduled', error, null, refund);
      metrics?.outcomes.inc({ ...labels, outcome: final ? 'dead' : 'retry' });
      this.log.warn(
        { deliveryId: row.id, attempt: row.attempts, kind: e.kind, err: e.message, final },
        'send failed',
      );
      if (final) {
        await this.alerts.raise(
          'dead_letter',
          { ...labels, signalId: row.signalId, kind: row.kind, attempts: row.attempts, error },
          row.id,
        );
        return NO_RETRY;
      }
      if (refund) return { retryWallMs: this.retry.delayMs(e, row.attempts), rateLimited: true };
      return { retryWallMs: this.retry.delayMs(e, row.attempts) };
    }
  }
}
