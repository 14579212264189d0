/**
 * Each channel's state for start-up logs and /health: `ok` (its credentials answered the probe),
 * `disabled` (DISTRIBUTION_DISABLED_CHANNELS), `outbox` (no credentials: the embedded default) or
 * `failing` with a short reason. Probes run at start-up and again when /health finds them older
 * than `maxAgeMs` (in the background: /health answers from the last results at once).
 */
import type { Clock } from '../common/clock.js';
import { withTimeout } from '../common/timeout.js';
import type { SenderRegistry } from './senders.js';
import type { TierChannel } from './tier-policy.js';

export type ChannelStateName = 'ok' | 'disabled' | 'outbox' | 'failing';

export interface ChannelState {
  state: ChannelStateName;
  /** Why a channel is failing: the platform's short answer, URLs and tokens cut out. */
  reason?: string;
}

export type ChannelStates = Record<TierChannel, ChannelState>;

const PROBE_TIMEOUT_MS = 5_000;
const REASON_LENGTH = 160;

export class ChannelHealth {
  private last: ChannelStates | null = null;
  private checkedAt = 0;
  private running: Promise<ChannelStates> | null = null;

  constructor(
    private readonly registry: SenderRegistry,
    private readonly clock: Clock,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** Probes every configured channel now. */
  refresh(): Promise<ChannelStates> {
    this.running ??= this.probeAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The last states (probing first if never probed), refreshed in the background when stale. */
  async current(): Promise<ChannelStates> {
    if (!this.last) return this.refresh();
    if (this.clock.now() - this.checkedAt > this.maxAgeMs) void this.refresh();
    return this.last;
  }

  private async probeAll(): Promise<ChannelStates> {
    const entries = await Promise.all(
      this.registry.channels().map(async ({ channel, disabled, adapter }) => {
        if (disabled) return [channel, { state: 'disabled' }] as const;
        if (!adapter) return [channel, { state: 'outbox' }] as const;
        if (!adapter.probe) return [channel, { state: 'ok' }] as const;
        try {
          await withTimeout(
            adapter.probe(),
            PROBE_TIMEOUT_MS,
            `no answer within ${PROBE_TIMEOUT_MS} ms`,
          );
          return [channel, { state: 'ok' }] as const;
        } catch (err) {
          return [channel, { state: 'failing', reason: shortReason(err) }] as const;
        }
      }),
    );
    this.last = Object.fromEntries(entries) as ChannelStates;
    this.checkedAt = this.clock.now();
    return this.last;
  }
}

/** The error's message without URLs (webhook and bot URLs carry their tokens), shortened. */
export function shortReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message
    .replace(/[a-z]+:\/\/\S+/gi, '<url>')
    .replace(/bot\d+:[\w-]+/gi, 'bot<token>')
    .slice(0, REASON_LENGTH);
}
