/**
 * Alerts on a change of state, not on every check: a condition enters when its level rises above
 * `enter`, leaves when it falls below the lower `exit`, and an entry is announced at most once per
 * `minIntervalMs` (an entry inside the interval is taken silently, so a flapping condition is
 * announced once). Keys are whatever the caller watches (symbol and kind, for instance).
 */
import type { AnomalyFlag } from '../analytics-snapshot.js';

export interface HysteresisOptions {
  /** Level above which the condition enters. */
  enter: number;
  /** Level below which it leaves (≤ enter). */
  exit: number;
  /** Entries announced at most once per this long, ms. */
  minIntervalMs: number;
}

/** What one observation did: entered (announce), entered silently, left, or nothing. */
export type HysteresisChange = 'enter' | 'enter_quiet' | 'exit' | null;

interface KeyState {
  active: boolean;
  lastAnnouncedAt: number;
}

export class HysteresisGate {
  private readonly states = new Map<string, KeyState>();

  constructor(private readonly options: HysteresisOptions) {
    if (!(options.exit <= options.enter))
      throw new Error(
        `hysteresis: exit (${options.exit}) must not exceed enter (${options.enter})`,
      );
    if (!(options.minIntervalMs >= 0))
      throw new Error(`hysteresis: minIntervalMs must be ≥ 0, got ${options.minIntervalMs}`);
  }

  /** Feeds one observation of `key`'s level at `at`. */
  update(key: string, level: number, at: number): HysteresisChange {
    let s = this.states.get(key);
    if (!s) {
      s = { active: false, lastAnnouncedAt: -Infinity };
      this.states.set(key, s);
    }
    if (!s.active) {
      if (!(level > this.options.enter)) return null;
      s.active = true;
      if (at - s.lastAnnouncedAt < this.options.minIntervalMs) return 'enter_quiet';
      s.lastAnnouncedAt = at;
      return 'enter';
    }
    if (level < this.options.exit) {
      s.active = false;
      return 'exit';
    }
    return null;
  }

  isActive(key: string): boolean {
    return this.states.get(key)?.active ?? false;
  }
}

/**
 * Which of a snapshot's anomaly flags are news: a (symbol, kind) flag is announced when it
 * appears, not again while it stays on every snapshot, and again after it has cleared and the
 * interval has passed. For loggers and alert channels; the snapshot keeps every flag (state).
 */
export class AnomalyAlertGate {
  private readonly gate: HysteresisGate;
  private readonly seen = new Map<string, Set<AnomalyFlag['kind']>>();

  constructor(minIntervalMs = 300_000) {
    this.gate = new HysteresisGate({ enter: 0.5, exit: 0.5, minIntervalMs });
  }

  admit(symbol: string, at: number, flags: readonly AnomalyFlag[]): AnomalyFlag[] {
    const present = new Set(flags.map((f) => f.kind));
    const known = this.seen.get(symbol) ?? new Set<AnomalyFlag['kind']>();
    this.seen.set(symbol, known);
    const out: AnomalyFlag[] = [];
    for (const kind of known) if (!present.has(kind)) this.gate.update(`${symbol}|${kind}`, 0, at);
    for (const f of flags) {
      known.add(f.kind);
      if (this.gate.update(`${symbol}|${f.kind}`, 1, at) === 'enter') out.push(f);
    }
    return out;
  }
}
