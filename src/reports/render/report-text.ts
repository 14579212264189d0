/**
 * Plain-text forms of a report, each from its tier's view: the text part of the email, a chat
 * summary for Discord and Telegram (sent with the lead chart's PNG), and Free's teaser for X and
 * Reddit (under 280 characters).
 */
import type {
  BasicReportView,
  FreeReportView,
  PremiumReportView,
  ReportView,
} from '../tier-views.js';
import {
  REGIME_WORDS,
  level,
  longDate,
  nyClock,
  pct,
  price,
  signedPct,
  signedUsd,
  strategyWords,
  usd,
} from '../report-words.js';

function heading(v: ReportView): string[] {
  const line = `${v.title} — ${longDate(v.date)}, ${v.scheduledFor} New York`;
  return [line, '='.repeat(line.length), ''];
}

function premiumText(v: PremiumReportView): string {
  const out = [...heading(v), ...v.narrative, '', 'LEVELS'];
  for (const l of v.levels)
    out.push(
      `  ${l.symbol.padEnd(6)} spot ${level(l.spot)}  flip ${level(l.flip)}  call wall ${level(l.callWall)}  put wall ${level(l.putWall)}  max pain ${level(l.maxPain)}  move ${l.expectedMove ? `±${pct(l.expectedMove.pct)}` : '—'}  IV rank ${l.ivRank === null ? '—' : Math.round(l.ivRank)}  ${REGIME_WORDS[l.regime.label]}`,
    );
  out.push('', 'SIGNALS');
  if (v.signals.length === 0) out.push('  none in this window');
  for (const s of v.signals) {
    const fill = s.fills.find((f) => f.side === 'buy') ?? s.fills[0];
    const result = s.outcome
      ? `${signedPct(s.outcome.returnPct)} (${signedUsd(s.outcome.pnl)}), ${s.outcome.reason}`
      : s.status;
    out.push(
      `  ${nyClock(s.publishedAt)} ${s.symbol} ${s.contract.expiry} ${level(s.contract.strike)} ${s.contract.right} — ${strategyWords(s.strategy)}`,
      `        entry ${price(s.entry)} stop ${price(s.stop)} target ${price(s.target)} size ${s.size}; filled ${fill ? `${price(fill.price)} at ${nyClock(fill.at)}` : '—'}; ${result}`,
    );
  }
  const r = v.risk;
  out.push(
    '',
    'BOOK',
    `  equity ${usd(r.equity)}  day ${signedUsd(r.dayPnl)} (realised ${signedUsd(r.realizedPnl)}, open ${signedUsd(r.unrealizedPnl)})`,
    `  capital used ${usd(r.capitalUsed)}  buying power ${usd(r.buyingPower)}  max drawdown ${pct(r.maxDrawdownPct, 2)}  open positions ${r.openPositions}`,
  );
  for (const a of v.attribution)
    out.push(
      `  ${strategyWords(a.strategy).padEnd(34)} ${a.trades} trades, ${a.wins} won, ${signedUsd(a.realizedPnl)} realised, ${signedUsd(a.unrealizedPnl)} open`,
    );
  if (v.plan.length > 0) {
    out.push('', `PLAN FOR ${v.plan[0].nextSession}`);
    for (const p of v.plan)
      out.push(
        `  ${p.symbol}: ${p.bias}; ${p.watch.map((w) => `${w.label} ${level(w.price)}`).join(', ')}`,
      );
  }
  if (v.recordHead) out.push('', 'TRACK RECORD', `  ${recordHeadLine(v.recordHead)}`);
  return out.join('\n') + '\n';
}

/** The record chain's head as a reader keeps it to check the published track record later. */
export function recordHeadLine(h: { seq: number; hash: string }): string {
  return `chain head after entry ${h.seq}: ${h.hash}`;
}

function basicText(v: BasicReportView): string {
  const around = (x: number | null): string => (x === null ? '—' : `~${x}`);
  const out = [...heading(v), ...v.narrative, '', 'LEVELS (rounded)'];
  for (const l of v.levels)
    out.push(
      `  ${l.symbol.padEnd(6)} spot ${l.spot.toFixed(2)}  flip ${around(l.flipAround)}  call wall ${around(l.callWallAround)}  put wall ${around(l.putWallAround)}  max pain ${around(l.maxPainAround)}  move ${l.expectedMovePct === null ? '—' : `±${l.expectedMovePct}%`}  IV ${l.ivRank ?? '—'}  ${REGIME_WORDS[l.regime]}`,
    );
  out.push('', 'SIGNALS');
  if (v.signals.length === 0) out.push('  none in this window');
  for (const s of v.signals)
    out.push(
      `  ${nyClock(s.publishedAt)} ${s.headline} — ${s.setup}: ${s.result}${s.returnPct === null ? '' : ` (${s.returnPct > 0 ? '+' : ''}${s.returnPct}%)`}`,
    );
  if (v.plan.length > 0) {
    out.push('', `PLAN FOR ${v.plan[0].nextSession}`);
    for (const p of v.plan)
      out.push(`  ${p.symbol}: ${p.watch.map((w) => `${w.label} ~${w.around}`).join(', ')}`);
  }
  out.push('', 'Premium shows the exact levels, entries, stops and targets.');
  return out.join('\n') + '\n';
}

function freeText(v: FreeReportView): string {
  const out = [...heading(v), ...v.teaser, ''];
  for (const s of v.symbols)
    out.push(`  ${s.symbol.padEnd(6)} ${REGIME_WORDS[s.regime]}, dealers ${s.dealerGamma} gamma`);
  return out.join('\n') + '\n';
}

export function reportText(v: ReportView): string {
  return v.tier === 'premium' ? premiumText(v) : v.tier === 'basic' ? basicText(v) : freeText(v);
}

/** Discord / Telegram: a few lines to sit under the chart image. */
export function chatSummary(v: ReportView): string {
  const title = `${v.title} · ${v.date}`;
  if (v.tier === 'free') return [title, ...v.teaser].join('\n');
  if (v.tier === 'basic') {
    const l = v.levels.find((x) => x.symbol === v.gexShape?.symbol) ?? v.levels[0];
    const lvl = l
      ? `${l.symbol}: flip ~${l.flipAround ?? '—'}, call wall ~${l.callWallAround ?? '—'}, put wall ~${l.putWallAround ?? '—'}`
      : '';
    return [title, ...v.narrative.slice(0, 2), lvl].filter(Boolean).join('\n');
  }
  const l = v.levels.find((x) => x.symbol === v.chartData?.symbol) ?? v.levels[0];
  const lvl = l
    ? `${l.symbol}: flip ${level(l.flip)} · call wall ${level(l.callWall)} · put wall ${level(l.putWall)} · max pain ${level(l.maxPain)}`
    : '';
  const pnl = v.type === 'premarket' ? '' : `Day P&L ${signedUsd(v.risk.dayPnl)}`;
  return [title, ...v.narrative.slice(0, 2), lvl, pnl].filter(Boolean).join('\n');
}

/** X / Reddit teaser from Free's view, at most 280 characters. */
export function teaserText(v: FreeReportView): string {
  const text = `${v.title}: ${v.teaser.slice(0, 2).join(' ')} #SPY #options`;
  return text.length <= 280 ? text : `${text.slice(0, 277)}…`;
}
