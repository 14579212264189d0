/**
 * The prompt a model is given: only the facts of one audience, every number labelled, and the
 * instruction to write a few plain sentences using no other number.
 */
import {
  labelledNumbers,
  type NarrativeAudience,
  type NarrativeFacts,
  type NarrativeNumber,
} from './facts.js';
import { inPlainWords } from './plain-words.js';
import type { NarrativePrompt } from './writer-port.js';

const READERS: Record<NarrativeAudience, string> = {
  premium: 'paying Premium subscribers who trade options intraday',
  basic: 'Basic subscribers (they see rounded levels, not exact entries)',
  free: 'free followers reading a short teaser',
  operator: 'the desk operators who watch risk and the signal engine',
  report: 'readers of a market report',
};

const KINDS = {
  signal: 'a trade signal that was just published',
  operator_alert: 'an operator alert',
  regime_context: 'the market regime context',
} as const;

const SYSTEM = [
  'You write short market commentary for {readers}.',
  'Write 2 to 4 plain sentences of prose. No JSON, no markdown, no headings, no bullet lists, no tables.',
  'Use only the facts given. Every number you write must be one of the numbers listed, as given or rounded; never compute, estimate or invent a price, level, percentage, count, date or time.',
  'Never write option symbols or identifiers with underscores; name setups in words.',
  'Do not give advice beyond the facts and do not add disclaimers.',
].join(' ');

export function buildPrompt(facts: NarrativeFacts, maxOutputTokens: number): NarrativePrompt {
  return {
    system: SYSTEM.replace('{readers}', READERS[facts.audience]),
    user: factsAsText(facts),
    maxOutputTokens,
  };
}

/** The facts as labelled lines (plain words only). */
export function factsAsText(facts: NarrativeFacts): string {
  const s = facts.subject;
  const lines = [`Write about ${KINDS[facts.kind]}.`, `Symbol: ${s.symbol}`];
  if (facts.headline) lines.push(`What happened: ${inPlainWords(facts.headline)}`);
  if (s.direction) lines.push(`Direction: ${s.direction}`);
  if (s.setup) lines.push(`Setup: ${inPlainWords(s.setup)}`);
  if (s.contract) {
    const expiry = s.contract.expiry ? ` expiring ${s.contract.expiry}` : '';
    lines.push(`Contract: the ${s.contract.strike} ${s.contract.right}${expiry}`);
  }
  if (facts.move) {
    const what = facts.move.of === 'contract' ? 'The option premium' : 'The price';
    const volume = facts.move.heavyVolume ? ' on heavy volume' : '';
    const window = facts.move.minutes === undefined ? '' : ` in ${facts.move.minutes} minutes`;
    lines.push(`Move: ${what} moved ${facts.move.pct}%${window}${volume}`);
  }
  if (facts.levels?.dealerGamma) lines.push(`Dealers are ${facts.levels.dealerGamma} gamma.`);
  if (facts.regime) lines.push(`Regime: ${inPlainWords(facts.regime.label)}`);
  section(lines, 'Numbers you may use', labelledNumbers(facts).map(numberLine));
  section(lines, 'Why it matters', facts.points);
  section(lines, 'Risks', facts.risks);
  if (facts.invalidation) lines.push(`Invalid if: ${inPlainWords(facts.invalidation)}`);
  section(lines, 'Would not have happened if', facts.counterfactuals);
  return lines.join('\n');
}

function section(lines: string[], title: string, items: string[]): void {
  if (items.length === 0) return;
  lines.push(`${title}:`, ...items.map((i) => `- ${inPlainWords(i)}`));
}

function numberLine(n: NarrativeNumber): string {
  return `${n.label}: ${formatFactValue(n)}`;
}

/** A fact's value as the prompt shows it (times as HH:MM, dates as YYYY-MM-DD). */
export function formatFactValue(n: NarrativeNumber): string {
  if (n.unit === 'time') {
    const h = Math.floor(n.value / 60);
    const m = n.value % 60;
    return `${h}:${String(m).padStart(2, '0')} New York time`;
  }
  if (n.unit === 'date') {
    const v = String(n.value);
    return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  }
  if (n.unit === 'pct') return `${n.value}%`;
  if (n.unit === 'usd') return usd(n.value);
  if (n.unit === 'minutes') return `${n.value} minutes`;
  return String(n.value);
}

function usd(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${sign}$${+(abs / 1e9).toFixed(2)} billion`;
  if (abs >= 1e6) return `${sign}$${+(abs / 1e6).toFixed(2)} million`;
  return `${sign}$${abs}`;
}
