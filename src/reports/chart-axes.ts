/**
 * Axis labels that never repeat. ECharts picks "nice" tick steps (1, 2, 3 or 5 × 10ⁿ) from the
 * data's range; a label format that rounds coarser than the step prints two ticks alike ("$0.03,
 * $0.03" on a spread axis of a few cents, "$2M, $2M" on a 0.5M step). These formatters take their
 * unit and decimals from the values the axis will show, so each tick reads differently.
 */

const UNITS = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
] as const;

export interface CompactAxis {
  /** Divide by this and append `suffix`. */
  divisor: number;
  suffix: string;
  decimals: number;
}

/**
 * Unit and decimals for an axis over `values` (zero included unless `scale`: a value axis starts
 * at zero by default). The finest step ECharts picks for ~5 split lines is about range / 10.
 */
export function compactAxis(values: readonly number[], scale = false): CompactAxis {
  const xs = values.filter((v) => Number.isFinite(v));
  const all = scale || xs.length === 0 ? xs : [...xs, 0];
  const max = all.length ? Math.max(...all) : 0;
  const min = all.length ? Math.min(...all) : 0;
  const biggest = Math.max(Math.abs(max), Math.abs(min));
  const [divisor, suffix] = UNITS.find(([d]) => biggest >= d) ?? [1, ''];
  const step = (max - min) / divisor / 10;
  const decimals = step > 0 ? Math.min(4, Math.max(0, Math.ceil(-Math.log10(step)))) : 0;
  return { divisor, suffix, decimals };
}

/** A number in the axis's unit: "1.5M", "350K", "−0.25". Trailing zeros are kept: ticks align. */
export function formatCompact(v: number, axis: CompactAxis, prefix = '', absolute = false): string {
  if (v === 0) return `${prefix}0`;
  const x = (absolute ? Math.abs(v) : v) / axis.divisor;
  const text = `${prefix}${Math.abs(x).toFixed(axis.decimals)}${axis.suffix}`;
  return x < 0 && Number(Math.abs(x).toFixed(axis.decimals)) !== 0 ? `−${text}` : text;
}

/** An ECharts axisLabel formatter for money over `values` ("$1.5B", "−$200"). */
export function moneyAxisLabel(values: readonly number[]): { formatter: (v: number) => string } {
  const axis = compactAxis(values);
  return { formatter: (v: number) => formatCompact(v, axis, '$') };
}

/** Counts over `values`, shown without sign (open interest drawn below the axis reads positive). */
export function countAxisLabel(values: readonly number[]): { formatter: (v: number) => string } {
  const axis = compactAxis(values);
  return { formatter: (v: number) => formatCompact(v, axis, '', true) };
}
