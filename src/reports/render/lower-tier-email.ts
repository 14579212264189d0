/** The Basic and Free report emails (MJML), each from its own view. */
import type { BasicReportView, FreeReportView } from '../tier-views.js';
import type { ReportChart } from '../report-charts.js';
import { REGIME_WORDS, longDate, nyClock, resultWords } from '../report-words.js';
import { basicLevelValues, LEVEL_HEADINGS } from './level-values.js';
import type { ChartSrc } from './premium-email.js';
import {
  button,
  cell,
  image,
  note,
  paragraphs,
  section,
  shell,
  table,
  type Cell,
} from './mjml-parts.js';

const UPGRADE_URL = 'https://gammadesk.app/upgrade';

export function basicEmailMjml(
  v: BasicReportView,
  charts: readonly ReportChart[],
  src: ChartSrc,
): string {
  const levels = table(
    [...LEVEL_HEADINGS, 'Regime'].map((x) => cell(x)),
    v.levels.map((l) => [
      ...basicLevelValues(l).map((x) => cell(x)),
      cell(`${REGIME_WORDS[l.regime]}, ${l.dealerGamma} γ`),
    ]),
  );
  const signals =
    v.signals.length === 0
      ? note('No signal went out in this window.')
      : table(
          ['Time', 'Signal', 'Result'].map((x) => cell(x)),
          v.signals.map((s): Cell[] => [
            cell(nyClock(s.publishedAt)),
            cell(`${s.headline} — ${s.setup}`),
            cell(
              resultWords(s.result, s.returnPct),
              false,
              s.result === 'won' ? 'pos' : s.result === 'lost' ? 'neg' : undefined,
            ),
          ]),
        );
  const chart = charts.find((c) => c.name === 'gex-shape');
  const body = [
    section('The take', paragraphs(v.narrative)),
    section('Levels (rounded)', [levels, chart ? image(src(chart), chart.title) : ''].join('\n')),
    section('Signals', signals),
  ];
  if (v.strategies.length > 0)
    body.push(
      section(
        'By setup',
        table(
          ['Setup', 'Trades', 'Won', 'Lost', 'Flat'].map((x, i) => cell(x, i > 0)),
          v.strategies.map((s) => [
            cell(s.setup),
            cell(s.trades, true),
            cell(s.wins, true),
            cell(s.losses ?? 0, true),
            cell(s.flat ?? 0, true),
          ]),
        ),
      ),
    );
  if (v.plan.length > 0)
    body.push(
      section(
        `Plan for ${longDate(v.plan[0].nextSession)}`,
        table(
          ['Symbol', 'Watch'].map((x) => cell(x)),
          v.plan.map((p) => [
            cell(p.symbol),
            cell(p.watch.map((w) => `${w.label} ~${w.around}`).join(' · ') || '—'),
          ]),
        ),
      ),
    );
  body.push(
    section(
      'Want the exact levels?',
      [
        note(
          'Premium shows exact flips and walls, every entry, stop and target, and the full chart pack.',
        ),
        button('Go Premium', UPGRADE_URL),
      ].join('\n'),
    ),
  );
  return shell({
    tier: 'basic',
    title: v.title,
    date: v.date,
    scheduledFor: v.scheduledFor,
    preview: v.narrative[0] ?? v.title,
    body,
  });
}

export function freeEmailMjml(v: FreeReportView): string {
  const symbols = table(
    ['Symbol', 'Tape', 'Dealers'].map((x) => cell(x)),
    v.symbols.map((s) => [
      cell(s.symbol),
      cell(REGIME_WORDS[s.regime]),
      cell(`${s.dealerGamma} gamma`),
    ]),
  );
  const body = [section('The take', paragraphs(v.teaser)), section('Market tone', symbols)];
  if (v.setups.length > 0) {
    const neutral = v.setups.some((x) => x.neutral > 0);
    body.push(
      section(
        v.type === 'close' ? "Today's setups" : 'Setups so far today',
        table(
          ['Symbol', 'Bullish', 'Bearish', ...(neutral ? ['Neutral'] : [])].map((x, i) =>
            cell(x, i > 0),
          ),
          v.setups.map((x) => [
            cell(x.symbol),
            cell(x.bullish, true),
            cell(x.bearish, true),
            ...(neutral ? [cell(x.neutral, true)] : []),
          ]),
        ),
      ),
    );
  }
  body.push(
    section(
      'See the levels',
      [
        note(
          'Members get the gamma flip, call and put walls, max pain and every signal as it fires.',
        ),
        button('Start a membership', UPGRADE_URL),
      ].join('\n'),
    ),
  );
  return shell({
    tier: 'free',
    title: v.title,
    date: v.date,
    scheduledFor: v.scheduledFor,
    preview: v.teaser[0] ?? v.title,
    body,
  });
}
