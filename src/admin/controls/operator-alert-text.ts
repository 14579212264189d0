/**
 * An overseer alert as an operator reads it in their Discord channel or Telegram chat: a short
 * title saying what happened, then the overseer's finding as a sentence, the time in New York and,
 * when the per-minute cap held some back, how many.
 */
import { nyDate, nyTime } from '../../common/market-calendar.js';
import type { AlertRecord } from '../../overseer/alerts.js';

/** What happened, by the alert's kind and the overseer's action. */
function title(a: AlertRecord): string {
  const on = a.symbol ?? a.strategy;
  switch (a.action) {
    case 'halt':
      return 'Trading halted';
    case 'halt_symbol':
      return `${a.symbol ?? 'A symbol'} halted`;
    case 'taper':
      return 'Position size reduced';
    case 'paper_only':
      return 'Paper-only: signals are not published';
    case 'disable_strategy':
      return `Strategy ${a.strategy ?? ''} switched off`.replace(/\s+/g, ' ').trim();
    case 'resume':
      if (a.kind === 'greeks_sanity') return `${on ?? 'Symbol'} trading again`;
      if (a.kind === 'drawdown') return 'Full position size again';
      if (a.strategy) return `Strategy ${a.strategy} switched on`;
      if (/paper-only off/.test(a.message)) return 'Signals are published again';
      return 'Trading resumed';
    case 'none':
      break;
  }
  switch (a.kind) {
    case 'daily_summary':
      return 'Daily summary';
    case 'regime_uncertainty':
      return `${on ?? 'Market'} regime uncertain`;
    case 'slippage':
      return 'Fill slipped';
    case 'operator':
      return /manual mode/.test(a.message) ? 'Manual mode' : 'Operator change';
    default:
      return a.level === 'critical' ? 'Needs attention' : 'For your information';
  }
}

/** "halted by operator: broker outage" → "Halted by operator: broker outage." */
function sentence(message: string): string {
  const s = message.trim();
  if (s === '') return '';
  const first = s[0].toUpperCase() + s.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export interface OperatorAlertWords {
  title: string;
  body: string;
}

/** The alert in words; `heldBack` alerts were not sent since the last one (the per-minute cap). */
export function operatorAlertWords(a: AlertRecord, heldBack: number): OperatorAlertWords {
  const lead = a.level === 'critical' ? 'Urgent: ' : '';
  const when = `Raised at ${nyTime(a.at).slice(0, 5)} New York time on ${nyDate(a.at)}.`;
  const more =
    heldBack > 0
      ? ` ${heldBack} earlier ${heldBack === 1 ? 'alert was' : 'alerts were'} held back by the limit of alerts a minute; the portal's Controls page shows the current state.`
      : '';
  return { title: `${lead}${title(a)}`, body: `${sentence(a.message)} ${when}${more}` };
}
