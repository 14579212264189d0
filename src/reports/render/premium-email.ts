/** The Premium report email (MJML): exact levels, every signal with fills and outcome, the book. */
import { tradeResult } from '../../signals/trade-result.js';
import type { PremiumReportView } from '../tier-views.js';
import type { ReportChart } from '../report-charts.js';
import { LEVEL_HEADINGS, premiumLevelValues } from './level-values.js';
import { recordHeadLine } from './report-text.js';
import {
  REGIME_WORDS,
  level,
  longDate,
  nyClock,
  pct,
  price,
  shortDate,
  signedPct,
  signedUsd,
  strategyWords,
  usd,
} from '../report-words.js';
import {
  cell,
  image,
  note,
  paragraphs,
  section,
  shell,
  table,
  toneOf,
  type Cell,
} from './mjml-parts.js';

export type ChartSrc = (chart: ReportChart) => string;

function levelsTable(v: PremiumReportView): string {
  return table(
    [...LEVEL_HEADINGS, 'Regime'].map((x, i) => cell(x, i > 0 && i < 8)),
    v.levels.map((l) => [
      ...premiumLevelValues(l).map((x, i) => cell(x, i > 0)),
      cell(`${REGIME_WORDS[l.regime.label]}${l.netGex < 0 ? ', short γ' : ', long γ'}`),
    ]),
  );
}

function contractText(s: PremiumReportView['signals'][number]): string {
  const c = s.contract;
  return `${s.symbol} ${shortDate(c.expiry)} ${level(c.strike)}${c.right === 'call' ? 'C' : 'P'}${s.multiLeg ? ' spread' : ''}`;
}

function signalsTable(v: PremiumReportView): string {
  if (v.signals.length === 0) return note('No signal went out in this window.');
  const rows: Cell[][] = v.signals.map((s) => {
    const entryFill = s.fills.find((f) => f.side === 'buy') ?? s.fills[0];
    const flat = s.outcome !== null && tradeResult(s.outcome.returnPct) === 'flat';
    const result = s.outcome
      ? cell(
          `${flat ? 'flat' : signedPct(s.outcome.returnPct)} · ${signedUsd(s.outcome.pnl)}`,
          true,
          flat ? undefined : toneOf(s.outcome.pnl),
        )
      : cell(s.status === 'cancelled' ? 'cancelled' : 'open', true);
    return [
      cell(nyClock(s.publishedAt)),
      cell(`${contractText(s)} — ${strategyWords(s.strategy)}`),
      cell(`${price(s.entry)} / ${price(s.stop)} / ${price(s.target)}`, true),
      cell(s.size, true),
      cell(entryFill ? `${price(entryFill.price)} @ ${nyClock(entryFill.at)}` : '—', true),
      result,
    ];
  });
  return table(
    ['Time', 'Signal', 'Entry / stop / target', 'Size', 'Filled', 'Result'].map((x, i) =>
      cell(x, i > 1),
    ),
    rows,
  );
}

function bookSection(v: PremiumReportView): string {
  const r = v.risk;
  const figures = table(
    ['Equity', 'Day P&L', 'Realised', 'Open', 'Capital used', 'Buying power', 'Max DD'].map((x) =>
      cell(x, true),
    ),
    [
      [
        cell(usd(r.equity), true),
        cell(signedUsd(r.dayPnl), true, toneOf(r.dayPnl)),
        cell(signedUsd(r.realizedPnl), true, toneOf(r.realizedPnl)),
        cell(signedUsd(r.unrealizedPnl), true, toneOf(r.unrealizedPnl)),
        cell(usd(r.capitalUsed), true),
        cell(usd(r.buyingPower), true),
        cell(pct(r.maxDrawdownPct, 2), true),
      ],
    ],
  );
  const attribution =
    v.attribution.length === 0
      ? note('No trade yet today.')
      : table(
          ['Strategy', 'Trades', 'Won', 'Lost', 'Flat', 'Realised', 'Open'].map((x, i) =>
            cell(x, i > 0),
          ),
          v.attribution.map((a) => [
            cell(strategyWords(a.strategy)),
            cell(a.trades, true),
            cell(a.wins, true),
            cell(a.losses ?? 0, true),
            cell(a.flat ?? 0, true),
            cell(signedUsd(a.realizedPnl), true, toneOf(a.realizedPnl)),
            cell(signedUsd(a.unrealizedPnl), true, toneOf(a.unrealizedPnl)),
          ]),
        );
  const positions =
    v.positions.length === 0
      ? note('No open position.')
      : table(
          ['Position', 'Units', 'Entry', 'Mark', 'Open P&L'].map((x, i) => cell(x, i > 0)),
          v.positions.map((p) => [
            cell(`${p.symbol} ${p.direction} — ${strategyWords(p.strategy)}`),
            cell(p.units, true),
            cell(price(p.entry), true),
            cell(p.mark === null ? '—' : price(p.mark), true),
            cell(signedUsd(p.unrealizedPnl), true, toneOf(p.unrealizedPnl)),
          ]),
        );
  const g = r.portfolioGreeks;
  const greeks = g
    ? note(
        `Book Greeks: delta ${g.delta.toFixed(2)}, gamma ${g.gamma.toFixed(3)}, theta ${g.theta.toFixed(2)}, vega ${g.vega.toFixed(2)} (per unit, summed).`,
      )
    : '';
  return [figures, attribution, positions, greeks].filter(Boolean).join('\n');
}

function planSection(v: PremiumReportView): string {
  return table(
    ['Symbol', 'Where it closed', 'Watch'].map((x) => cell(x)),
    v.plan.map((p) => [
      cell(p.symbol),
      cell(
        p.bias === 'no flip in range'
          ? 'no gamma flip nearby'
          : p.bias.startsWith('above')
            ? 'above the flip: dealers dampen moves'
            : 'below the flip: dealers amplify moves',
      ),
      cell(p.watch.map((w) => `${w.label} ${level(w.price)}`).join(' · ') || '—'),
    ]),
  );
}

export function premiumEmailMjml(
  v: PremiumReportView,
  charts: readonly ReportChart[],
  src: ChartSrc,
): string {
  const chart = (name: string): string => {
    const c = charts.find((x) => x.name === name);
    return c ? image(src(c), c.title) : '';
  };
  const body = [
    section('The take', paragraphs(v.narrative)),
    section('Levels', [levelsTable(v), chart('gex-by-strike'), chart('greeks-heatmap')].join('\n')),
    section('Signals', signalsTable(v)),
    section(
      'Book and risk',
      [bookSection(v), chart('pnl-attribution'), chart('equity-curve')].join('\n'),
    ),
  ];
  if (v.chartData) body.push(section('Liquidity', chart('liquidity')));
  if (v.plan.length > 0)
    body.push(section(`Plan for ${longDate(v.plan[0].nextSession)}`, planSection(v)));
  if (v.recordHead)
    body.push(
      section(
        'Track record',
        paragraphs([
          `${recordHeadLine(v.recordHead)}. Keep it: the published record verifies against it.`,
        ]),
      ),
    );
  return shell({
    tier: 'premium',
    title: v.title,
    date: v.date,
    scheduledFor: v.scheduledFor,
    preview: v.narrative[0] ?? v.title,
    body,
  });
}
