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
import { tradeResult, wholePercent } from '../../signals/trade-result.js';
import {
  REGIME_WORDS,
  biasWords,
  countWords,
  exitWords,
  level,
  listWords,
  longDate,
  nyClock,
  pct,
  price,
  resultWords,
  shortDate,
  signedUsd,
  strategyWords,
  usd,
} from '../report-words.js';
import { basicLevelValues, LEVEL_HEADINGS, premiumLevelValues } from './level-values.js';

function heading(v: ReportView): string[] {
  const line = `${v.title} — ${longDate(v.date)}, ${v.scheduledFor} New York`;
  return [line, '='.repeat(line.length), ''];
}

/** Narrative sentences as short paragraphs, a blank line between them. */
function paragraphs(lines: readonly string[]): string[] {
  return lines.flatMap((l) => [l, '']);
}

/** Rows as aligned columns; `align` has one letter per column, 'l' or 'r' (default: all left). */
function columns(rows: readonly (readonly string[])[], align = '', indent = '  '): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
  );
}

function premiumText(v: PremiumReportView): string {
  const out = [...heading(v), ...paragraphs(v.narrative), 'LEVELS'];
  out.push(
    ...columns(
      [
        [...LEVEL_HEADINGS, 'Tape'],
        ...v.levels.map((l) => [
          ...premiumLevelValues(l),
          `${REGIME_WORDS[l.regime.label]}, dealers ${l.netGex < 0 ? 'short' : 'long'} gamma`,
        ]),
      ],
      'lrrrrrrrl',
    ),
  );
  out.push('', 'SIGNALS');
  if (v.signals.length === 0) out.push('  No signal went out in this window.');
  for (const s of v.signals) {
    const fill = s.fills.find((f) => f.side === 'buy') ?? s.fills[0];
    const c = s.contract;
    out.push(
      `  ${nyClock(s.publishedAt)}  ${s.symbol} ${level(c.strike)} ${c.right}${s.multiLeg ? ' spread' : ''}, ${shortDate(c.expiry)} expiry — ${strategyWords(s.strategy)}`,
      `         Entry ${price(s.entry)}, stop ${price(s.stop)}, target ${price(s.target)}, ${s.size} ${s.size === 1 ? 'contract' : 'contracts'}; ${fill ? `filled at ${price(fill.price)} at ${nyClock(fill.at)}` : 'not filled'}.`,
      `         ${premiumResult(s)}`,
    );
  }
  const r = v.risk;
  out.push(
    '',
    'BOOK AND RISK',
    `  Equity ${usd(r.equity)}. Day P&L ${signedUsd(r.dayPnl)}: ${signedUsd(r.realizedPnl)} realised, ${signedUsd(r.unrealizedPnl)} on open positions.`,
    `  Capital used ${usd(r.capitalUsed)}, buying power ${usd(r.buyingPower)}, largest drawdown ${pct(r.maxDrawdownPct, 2)}, ${countWords(r.openPositions, 'open position')}.`,
  );
  if (v.attribution.length > 0) {
    out.push('', '  By strategy');
    out.push(
      ...columns(
        [
          ['Strategy', 'Trades', 'Won', 'Lost', 'Flat', 'Realised', 'Open'],
          ...v.attribution.map((a) => [
            strategyWords(a.strategy),
            String(a.trades),
            String(a.wins),
            String(a.losses ?? 0),
            String(a.flat ?? 0),
            signedUsd(a.realizedPnl),
            signedUsd(a.unrealizedPnl),
          ]),
        ],
        'lrrrrrr',
        '    ',
      ),
    );
  }
  if (v.plan.length > 0) {
    out.push('', `PLAN FOR ${longDate(v.plan[0].nextSession).toUpperCase()}`);
    for (const p of v.plan)
      out.push(
        `  ${biasWords(p.symbol, p.bias)}${p.watch.length > 0 ? ` Watch ${listWords(p.watch.map((w) => `the ${w.label} at ${level(w.price)}`))}.` : ''}`,
      );
  }
  if (v.recordHead)
    out.push(
      '',
      'TRACK RECORD',
      `  ${recordHeadLine(v.recordHead)}. Keep it: the published record verifies against it.`,
    );
  return out.join('\n') + '\n';
}

/** "Lost 18% (−$456.00): the initial 15% stop was hit." */
function premiumResult(s: PremiumReportView['signals'][number]): string {
  if (!s.outcome) return s.status === 'cancelled' ? 'Cancelled.' : 'Still open.';
  const o = s.outcome;
  const result = tradeResult(o.returnPct);
  const head =
    result === 'flat'
      ? `Closed flat (${signedUsd(o.pnl)})`
      : `${result === 'won' ? 'Won' : 'Lost'} ${Math.abs(wholePercent(o.returnPct))}% (${signedUsd(o.pnl)})`;
  return `${head}: ${exitWords(o.reason)}.`;
}

/** The record chain's head as a reader keeps it to check the published track record later. */
export function recordHeadLine(h: { seq: number; hash: string }): string {
  return `Record chain head after entry ${h.seq}: ${h.hash}`;
}

function basicText(v: BasicReportView): string {
  const out = [...heading(v), ...paragraphs(v.narrative), 'LEVELS (rounded)'];
  out.push(
    ...columns(
      [
        [...LEVEL_HEADINGS, 'Tape'],
        ...v.levels.map((l) => [
          ...basicLevelValues(l),
          `${REGIME_WORDS[l.regime]}, dealers ${l.dealerGamma} gamma`,
        ]),
      ],
      'lrrrrrrrl',
    ),
  );
  out.push('', 'SIGNALS');
  if (v.signals.length === 0) out.push('  No signal went out in this window.');
  for (const s of v.signals)
    out.push(
      `  ${nyClock(s.publishedAt)}  ${s.headline} (${s.setup}): ${resultWords(s.result, s.returnPct)}`,
    );
  if (v.plan.length > 0) {
    out.push('', `PLAN FOR ${longDate(v.plan[0].nextSession).toUpperCase()}`);
    for (const p of v.plan)
      out.push(
        `  ${p.symbol}: ${p.watch.length === 0 ? 'no level to watch' : `watch ${listWords(p.watch.map((w) => `the ${w.label} around ${w.around}`))}`}.`,
      );
  }
  out.push('', 'Premium shows the exact levels, entries, stops and targets.');
  return out.join('\n') + '\n';
}

function freeText(v: FreeReportView): string {
  const out = [...heading(v), ...paragraphs(v.teaser)];
  out.push(
    ...columns([
      ['Symbol', 'Tape', 'Dealers'],
      ...v.symbols.map((s) => [s.symbol, REGIME_WORDS[s.regime], `${s.dealerGamma} gamma`]),
    ]),
  );
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
