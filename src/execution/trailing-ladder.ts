/**
 * The trailing-stop ladder, as one pure step function evaluated on every tick — the same in
 * replay, backtest and live. Everything is in return on premium r = (value − entry) / |entry| of
 * the position's closing value, so debit and credit trades (and any number of legs) share it.
 *
 *  - Before the first rung: the stop trails `initialTrail` (15%) below the best value seen:
 *    stopR = (1 + peakR)·(1 − trail) − 1.
 *  - Rungs: once the best return reached +100% the stop locks +50%; at +200% it locks +100%; at
 *    +300% it locks +200%. From the first rung on, the stop is the highest rung's lock (the ladder
 *    replaces the trail).
 *  - Once green (best return > 0) the stop is never below breakeven: the trade never closes red.
 *  - The stop only ever moves up. The exit fires when the current return is at or below the stop.
 */
export interface LadderRung {
  /** Best return that arms the rung, e.g. 1 = +100%. */
  gain: number;
  /** Return locked once armed, e.g. 0.5 = +50%. */
  lock: number;
}

export interface LadderConfig {
  initialTrail: number;
  rungs: LadderRung[];
}

export const DEFAULT_LADDER: LadderConfig = {
  initialTrail: 0.15,
  rungs: [
    { gain: 1, lock: 0.5 },
    { gain: 2, lock: 1 },
    { gain: 3, lock: 2 },
  ],
};

export interface LadderState {
  /** Best return seen. */
  peakReturn: number;
  /** Current stop, as a return. */
  stopReturn: number;
  /** Index of the highest rung armed, −1 = none yet. */
  rung: number;
  green: boolean;
}

export type LadderEvent =
  | { kind: 'hold' }
  | { kind: 'stop_moved'; from: number; to: number; reason: string }
  | { kind: 'exit'; stopReturn: number; atReturn: number; reason: string };

export interface LadderStep {
  state: LadderState;
  events: LadderEvent[];
}

export function parseRungs(text: string): LadderRung[] {
  const rungs = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const [g, l] = part.split(':').map(Number);
      if (!Number.isFinite(g) || !Number.isFinite(l) || l >= g) {
        throw new Error(`bad ladder rung "${part}" (want gain:lock with lock < gain)`);
      }
      return { gain: g, lock: l };
    });
  return rungs.sort((a, b) => a.gain - b.gain);
}

export function initialLadderState(config: LadderConfig = DEFAULT_LADDER): LadderState {
  return { peakReturn: 0, stopReturn: -config.initialTrail, rung: -1, green: false };
}

/** One tick: the new state plus what happened (stop moved, exit). Never mutates its input. */
export function ladderStep(
  state: LadderState,
  currentReturn: number,
  config: LadderConfig = DEFAULT_LADDER,
): LadderStep {
  const events: LadderEvent[] = [];
  const peakReturn = Math.max(state.peakReturn, currentReturn);
  let rung = state.rung;
  for (let i = config.rungs.length - 1; i > rung; i--) {
    if (peakReturn >= config.rungs[i].gain) {
      rung = i;
      break;
    }
  }
  const green = state.green || peakReturn > 0;
  let candidate =
    rung >= 0 ? config.rungs[rung].lock : (1 + peakReturn) * (1 - config.initialTrail) - 1;
  if (green) candidate = Math.max(candidate, 0);
  const stopReturn = Math.max(state.stopReturn, candidate);
  if (stopReturn > state.stopReturn + 1e-12) {
    const reason =
      rung > state.rung
        ? `reached +${pct(config.rungs[rung].gain)}: lock +${pct(config.rungs[rung].lock)}`
        : green && candidate === 0 && !state.green
          ? 'trade is green: stop to breakeven'
          : `trail ${pct(config.initialTrail)} below best +${pct(peakReturn)}`;
    events.push({ kind: 'stop_moved', from: state.stopReturn, to: stopReturn, reason });
  }
  const next: LadderState = { peakReturn, stopReturn, rung, green };
  if (currentReturn <= stopReturn) {
    events.push({
      kind: 'exit',
      stopReturn,
      atReturn: currentReturn,
      reason:
        rung >= 0
          ? `ladder stop at +${pct(stopReturn)} hit`
          : green
            ? `trailing stop at ${stopReturn >= 0 ? '+' : ''}${pct(stopReturn)} hit`
            : `initial ${pct(config.initialTrail)} stop hit`,
    });
  }
  if (events.length === 0) events.push({ kind: 'hold' });
  return { state: next, events };
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
