/**
 * The fact check every model text passes before use: each number written in it must match a
 * number of the facts, within the rounding the text shows.
 *
 * The rule. A number written with d decimals matches a fact when the fact, rounded to d decimals,
 * equals it (545.86 may be written 545.9 or 546, never 545.8 or 547; 6.67% as 6.7% or 7%); a number
 * of 1,000 or more also matches within 0.5% of the fact (12,345 contracts as "12,300"). Signs are
 * ignored (prose says "fell 6.7%" for −6.67). Scale words count: "$1.2B" / "1.2 billion" is
 * 1.2 × 10⁹ at one decimal of billions. A percentage matches only a `pct` fact; a time ("10:35",
 * "2:05 pm") only a `time` fact; a date ("2026-03-02", "March 2") only a `date` fact.
 *
 * Multiples count as numbers ("3x", "1.5x"). Not numbers, skipped: digits glued to other letters
 * ("0DTE", "1st", "Q3"), index names ("S&P 500",
 * "Nasdaq-100", "Russell 2000"), and spelled-out numbers ("three minutes") — these are ignored,
 * not parsed, so the check is about figures a reader would act on.
 */
import type { NarrativeNumber } from './facts.js';

export type WrittenNumberKind = 'number' | 'percent' | 'time' | 'date';

export interface WrittenNumber {
  /** As it appears in the text. */
  text: string;
  index: number;
  kind: WrittenNumberKind;
  /** Unsigned value in the written scale (1.2 for "$1.2B"); time: minutes after midnight. */
  value: number;
  decimals: number;
  /** Multiplier of scale words (1e9 for "B"/"billion"). */
  scale: number;
  /** Times without am/pm may be either half of the day; dates: month and day (and year). */
  altValues?: number[];
  date?: { month: number; day: number; year?: number };
}

export interface UnmatchedNumber {
  text: string;
  index: number;
  kind: WrittenNumberKind;
}

export interface FactCheckResult {
  ok: boolean;
  /** Numbers found in the text. */
  checked: number;
  unmatched: UnmatchedNumber[];
}

const NOT_NUMBERS = /S&P\s*500|Nasdaq[- ]?100|Russell\s*2000|Dow\s*30/gi;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';

const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  trillion: 1e12,
};

/** One scanner, alternatives in priority order: ISO date, month-name date, time, number. */
const TOKEN = new RegExp(
  [
    String.raw`(?<iso>\b\d{4}-\d{2}-\d{2}\b)`,
    String.raw`(?<named>\b(?:${MONTH_NAME})\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?)`,
    String.raw`(?<time>(?<![\w.])\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?(?![A-Za-z]))?|(?<![\w.])\d{1,2}\s*[ap]\.?m\.?(?![A-Za-z]))`,
    String.raw`(?<num>(?<![A-Za-z0-9_.])\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(?:thousand|million|billion|trillion|bn|[kKMBT])(?![A-Za-z0-9]))?(?:\s?%|\s+percent\b|x)?(?![A-Za-z0-9]))`,
  ].join('|'),
  'g',
);

/** Every number written in a text, parsed. */
export function writtenNumbers(text: string): WrittenNumber[] {
  const cleaned = text.replace(NOT_NUMBERS, (m) => 'x'.repeat(m.length));
  const out: WrittenNumber[] = [];
  for (const m of cleaned.matchAll(TOKEN)) {
    const g = m.groups ?? {};
    const raw = text.slice(m.index, m.index + m[0].length);
    const base = { text: raw, index: m.index, decimals: 0, scale: 1 };
    if (g.iso) {
      const [y, mo, d] = g.iso.split('-').map(Number);
      out.push({
        ...base,
        kind: 'date',
        value: y * 10000 + mo * 100 + d,
        date: { year: y, month: mo, day: d },
      });
    } else if (g.named) {
      const nm = /^([A-Za-z]+)\.?\s+(\d{1,2})\D*?(?:,?\s+(\d{4}))?$/.exec(g.named);
      const month = MONTHS.indexOf((nm?.[1] ?? '').slice(0, 3).toLowerCase()) + 1;
      const day = Number(nm?.[2]);
      const year = nm?.[3] ? Number(nm[3]) : undefined;
      out.push({ ...base, kind: 'date', value: month * 100 + day, date: { month, day, year } });
    } else if (g.time) {
      out.push(parseTime(g.time, base));
    } else if (g.num) {
      out.push(parseNumber(g.num, base));
    }
  }
  return out;
}

function parseTime(raw: string, base: Omit<WrittenNumber, 'kind' | 'value'>): WrittenNumber {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?/i.exec(raw);
  let hour = Number(m?.[1] ?? 0);
  const minute = Number(m?.[2] ?? 0);
  const half = m?.[3]?.toLowerCase();
  if (half === 'p' && hour < 12) hour += 12;
  if (half === 'a' && hour === 12) hour = 0;
  const value = hour * 60 + minute;
  const altValues = !half && hour >= 1 && hour < 12 ? [value + 720] : undefined;
  return { ...base, kind: 'time', value, altValues };
}

function parseNumber(raw: string, base: Omit<WrittenNumber, 'kind' | 'value'>): WrittenNumber {
  const m = /([\d,]+)(?:\.(\d+))?(?:\s?([A-Za-z]+))?/.exec(raw);
  const whole = (m?.[1] ?? '0').replace(/,/g, '');
  const fraction = m?.[2] ?? '';
  const scaleWord = m?.[3]?.toLowerCase();
  const percent = /%|percent/.test(raw);
  return {
    ...base,
    kind: percent ? 'percent' : 'number',
    value: Number(fraction ? `${whole}.${fraction}` : whole),
    decimals: fraction.length,
    scale: scaleWord && scaleWord !== 'percent' ? (SCALES[scaleWord] ?? 1) : 1,
  };
}

/** Whether a written number states a fact within the rounding it shows (see the module note). */
export function matchesFact(written: WrittenNumber, fact: NarrativeNumber): boolean {
  if (written.kind === 'time') {
    return (
      fact.unit === 'time' && [written.value, ...(written.altValues ?? [])].includes(fact.value)
    );
  }
  if (written.kind === 'date') {
    if (fact.unit !== 'date' || !written.date) return false;
    const year = Math.floor(fact.value / 10000);
    const month = Math.floor(fact.value / 100) % 100;
    const day = fact.value % 100;
    return (
      written.date.month === month &&
      written.date.day === day &&
      (written.date.year === undefined || written.date.year === year)
    );
  }
  if (fact.unit === 'time' || fact.unit === 'date') return false;
  if (written.kind === 'percent' && fact.unit !== 'pct') return false;
  const factAbs = Math.abs(fact.value);
  const scaled = factAbs / written.scale;
  if (sameAfterRounding(scaled, written.value, written.decimals)) return true;
  return factAbs >= 1000 && Math.abs(written.value * written.scale - factAbs) <= 0.005 * factAbs;
}

/** Rounds half up at `decimals`, as people do (1.005 → 1.01, where binary toFixed gives 1.00). */
export function roundTo(value: number, decimals: number): number {
  const p = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * p * (1 + 1e-12))) / p;
}

function sameAfterRounding(fact: number, written: number, decimals: number): boolean {
  const p = 10 ** decimals;
  const rounded = roundTo(fact, decimals);
  return Math.abs(rounded - written) < 0.5 / p / 1e6 + Number.EPSILON * Math.abs(written) * 4;
}

/** Checks a text against the facts' numbers; `unmatched` lists each number no fact supports. */
export function checkFacts(text: string, facts: readonly NarrativeNumber[]): FactCheckResult {
  const found = writtenNumbers(text);
  const unmatched = found
    .filter((w) => !facts.some((f) => matchesFact(w, f)))
    .map(({ text: t, index, kind }) => ({ text: t, index, kind }));
  return { ok: unmatched.length === 0, checked: found.length, unmatched };
}
