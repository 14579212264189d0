/**
 * The last line of defence behind structural redaction: every message for a lower tier is scanned
 * before it is sent for any number only a higher tier may see. Numbers are compared by value, so
 * 440, 440.00, 440.0 and $440 all match a strike of 440; $1.25, 1.25 and 1.250 match an entry of
 * 1.25; "1,250" matches 1250. OCC contract symbols (which encode the exact strike) are matched as
 * text. Strings our own code produced (freshness stamp, footer, timestamps, unsubscribe links) are
 * cut out first, and numbers the tier's own view legitimately carries (the rounded strike, a
 * return percentage) are allowed.
 */
import type { Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import { outcomeWords, basicView } from './views.js';

export interface ForbiddenNumber {
  field: string;
  value: number;
}

export interface LeakFinding {
  field: string;
  token: string;
}

/** Premium-only numbers of a signal (and of an update to it). */
export function premiumOnlyNumbers(
  signal: PublishedSignal,
  update: SignalUpdate | null = null,
): ForbiddenNumber[] {
  const out: ForbiddenNumber[] = [
    { field: 'entry', value: signal.entry },
    { field: 'stop', value: signal.stop },
    { field: 'target', value: signal.target },
    { field: 'size', value: signal.size },
  ];
  signal.legs.forEach((l, i) => {
    out.push({ field: `legs[${i}].strike`, value: l.strike });
    out.push({ field: `legs[${i}].quantity`, value: l.quantity });
  });
  for (const [name, value] of Object.entries(signal.levels)) {
    out.push({ field: `levels.${name}`, value });
  }
  if (update?.newStop !== undefined) out.push({ field: 'update.newStop', value: update.newStop });
  if (update?.exitPrice !== undefined) {
    out.push({ field: 'update.exitPrice', value: update.exitPrice });
  }
  return out.filter((f) => Number.isFinite(f.value));
}

/** Numbers a tier's own view carries; they may appear even if a premium number shares the value. */
export function allowedNumbers(
  tier: Tier,
  signal: PublishedSignal,
  update: SignalUpdate | null = null,
): number[] {
  const allowed: number[] = [];
  if (tier === 'basic') allowed.push(basicView(signal).strikeAround);
  if (update && outcomeWords(update.returnPct)) {
    allowed.push(Math.abs(Math.round((update.returnPct ?? 0) * 100)));
  }
  return allowed;
}

/**
 * Undo what could hide a number from the regex: numeric HTML entities (&#52;&#52;&#48;), Markdown
 * escapes (1\\.25); and drop tag names such as <h2> that are not content.
 */
function normalise(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/\\(.)/g, '$1')
    .replace(/<\/?[a-z][a-z0-9]*/gi, '<');
}

const NUMBER = /\d[\d,]*(?:\.\d+)?|\.\d+/g;

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9 || Math.abs(a - Number(b.toFixed(2))) < 1e-9;
}

export function scanForLeaks(input: {
  texts: string[];
  forbidden: ForbiddenNumber[];
  allowed?: number[];
  safeFragments?: string[];
  forbiddenStrings?: { field: string; value: string }[];
}): LeakFinding[] {
  const findings: LeakFinding[] = [];
  const allowed = input.allowed ?? [];
  const fragments = [...(input.safeFragments ?? [])]
    .filter((f) => f.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const original of input.texts) {
    for (const s of input.forbiddenStrings ?? []) {
      if (s.value && original.toUpperCase().includes(s.value.toUpperCase())) {
        findings.push({ field: s.field, token: s.value });
      }
    }
    let text = normalise(original);
    for (const f of fragments) text = text.split(normalise(f)).join(' ');
    for (const match of text.matchAll(NUMBER)) {
      const token = match[0];
      const value = Number(token.replace(/,/g, ''));
      if (!Number.isFinite(value)) continue;
      if (allowed.some((a) => sameValue(value, a))) continue;
      const hit = input.forbidden.find((f) => sameValue(value, f.value));
      if (hit) findings.push({ field: hit.field, token });
    }
  }
  return findings;
}

/** Scans a rendered lower-tier message; premium messages are not scanned (they carry it all). */
export function scanMessage(input: {
  tier: Tier;
  signal: PublishedSignal;
  update: SignalUpdate | null;
  parts: string[];
  safeFragments: string[];
}): LeakFinding[] {
  if (input.tier === 'premium') return [];
  return scanForLeaks({
    texts: input.parts,
    forbidden: premiumOnlyNumbers(input.signal, input.update),
    allowed: allowedNumbers(input.tier, input.signal, input.update),
    safeFragments: input.safeFragments,
    forbiddenStrings: input.signal.legs.map((l, i) => ({
      field: `legs[${i}].occSymbol`,
      value: l.occSymbol.replace(/\s+/g, ''),
    })),
  });
}
