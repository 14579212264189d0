/**
 * The snapshot each caller may see: the latest for the operator and Premium; for Basic the latest
 * whose as-of is at least DISTRIBUTION_DELAY_BASIC_S old, redacted (basic-view.ts).
 *
 * AnalyticsService keeps only the latest snapshot per symbol, so this keeps a short history: every
 * snapshot this process analyses, and every latest one it reads (a ROLE=api process reads Redis),
 * back to the newest one older than the Basic delay.
 */
import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Clock } from '../../common/clock.js';
import { CONFIG_SLICE, type AnalyticsConfig } from '../../config/slices.js';
import { CLOCK } from '../../core/tokens.js';
import type { AnalyticsSnapshot } from '../analytics-snapshot.js';
import { AnalyticsService } from '../analytics.service.js';
import { seesLive, type AnalyticsCaller } from './api-caller.js';
import { basicSnapshot } from './basic-view.js';

const SYMBOL = /^[A-Za-z][A-Za-z0-9.]{0,9}$/;
/** Snapshots kept per symbol at most (a chain every second for a minute's delay fits). */
const MAX_KEPT = 120;

@Injectable()
export class TieredSnapshots implements OnModuleInit, OnModuleDestroy {
  private readonly history = new Map<string, AnalyticsSnapshot[]>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(AnalyticsService) private readonly service: AnalyticsService,
    @Inject(CONFIG_SLICE.analytics) private readonly config: AnalyticsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.service.onSnapshot((s) => this.record(s));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Resolves a path symbol to the caller's snapshot, or throws 400/404. */
  async forCaller(raw: string, caller: AnalyticsCaller): Promise<AnalyticsSnapshot> {
    if (!SYMBOL.test(raw)) {
      throw new BadRequestException(
        `"${raw}" is not a ticker symbol (letters, digits, dot; max 10)`,
      );
    }
    const symbol = raw.toUpperCase();
    const latest = await this.service.latest(symbol);
    if (!latest) throw new NotFoundException(`No analytics for symbol ${symbol}`);
    const s = await this.snapshotOf(symbol, caller);
    if (!s) {
      const delay = this.config.DISTRIBUTION_DELAY_BASIC_S;
      throw new NotFoundException(
        `No ${symbol} analytics at least ${delay} s old yet (the Basic delay); Premium sees them live`,
      );
    }
    return s;
  }

  /** The caller's snapshot of a symbol, or null when there is none (yet) for their tier. */
  async snapshotOf(symbol: string, caller: AnalyticsCaller): Promise<AnalyticsSnapshot | null> {
    const latest = await this.service.latest(symbol);
    if (seesLive(caller) || !latest) return latest;
    this.record(latest);
    const delayed = this.delayed(symbol, this.config.DISTRIBUTION_DELAY_BASIC_S * 1000);
    return delayed && basicSnapshot(delayed);
  }

  private delayed(symbol: string, delayMs: number): AnalyticsSnapshot | null {
    const cutoff = this.clock.now() - delayMs;
    const kept = this.history.get(symbol) ?? [];
    for (let i = kept.length - 1; i >= 0; i--) if (kept[i].asOf <= cutoff) return kept[i];
    return null;
  }

  private record(s: AnalyticsSnapshot): void {
    const kept = this.history.get(s.symbol) ?? [];
    const last = kept.at(-1);
    if (last && (last.snapshotId === s.snapshotId || last.asOf > s.asOf)) return;
    kept.push(s);
    // Everything before the newest snapshot already old enough for Basic is never served again.
    const cutoff = this.clock.now() - this.config.DISTRIBUTION_DELAY_BASIC_S * 1000;
    let oldestNeeded = 0;
    for (let i = kept.length - 1; i >= 0; i--) {
      if (kept[i].asOf <= cutoff) {
        oldestNeeded = i;
        break;
      }
    }
    kept.splice(0, Math.max(oldestNeeded, kept.length - MAX_KEPT));
    this.history.set(s.symbol, kept);
  }
}
