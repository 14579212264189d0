/**
 * Renders one report for every tier from that tier's view: the email (MJML → responsive HTML) and
 * its text part, the chat summary, Free's teaser, and the tier's charts (SVG + PNG). Basic and Free
 * renderings are scanned for Premium-only numbers before they are handed out; a finding is an
 * error, never a send.
 */
import { TIERS, type Tier } from '../../vocabulary/tier.js';
import type { Report } from '../report.js';
import { renderReportCharts, type ReportChart } from '../report-charts.js';
import {
  ReportLeakError,
  allowedReportNumbers,
  premiumOnlyReportNumbers,
  scanReportText,
  visibleText,
  type ReportLeak,
} from '../report-leak-check.js';
import { basicView, freeView, premiumView, type ReportView } from '../tier-views.js';
import { basicEmailMjml, freeEmailMjml } from './lower-tier-email.js';
import { toHtml } from './mjml-parts.js';
import { premiumEmailMjml, type ChartSrc } from './premium-email.js';
import { chatSummary, reportText, teaserText } from './report-text.js';

export interface RenderedTierReport {
  tier: Tier;
  view: ReportView;
  html: string;
  text: string;
  chat: string;
  /** Free only: the X / Reddit teaser. */
  teaser: string | null;
  charts: ReportChart[];
}

export interface RenderOptions {
  /** Where the email finds a chart image (a relative file, a cid: reference, a URL). */
  chartSrc?: ChartSrc;
  /** Tiers to render (default all). */
  tiers?: readonly Tier[];
}

/** Charts as files next to the email: `charts/<tier>-<name>.png`. */
export const fileChartSrc =
  (tier: Tier): ChartSrc =>
  (c) =>
    `charts/${tier}-${c.name}.png`;

export function viewFor(tier: Tier, report: Report): ReportView {
  return tier === 'premium'
    ? premiumView(report)
    : tier === 'basic'
      ? basicView(report)
      : freeView(report);
}

async function renderTier(
  tier: Tier,
  report: Report,
  chartSrc: ChartSrc | undefined,
): Promise<RenderedTierReport> {
  const view = viewFor(tier, report);
  const charts = renderReportCharts(view);
  const src = chartSrc ?? fileChartSrc(tier);
  const mjml =
    view.tier === 'premium'
      ? premiumEmailMjml(view, charts, src)
      : view.tier === 'basic'
        ? basicEmailMjml(view, charts, src)
        : freeEmailMjml(view);
  return {
    tier,
    view,
    html: await toHtml(mjml),
    text: reportText(view),
    chat: chatSummary(view),
    teaser: view.tier === 'free' ? teaserText(view) : null,
    charts,
  };
}

/** Premium-only numbers found in a lower tier's renderings (empty for Premium). */
export function leaksIn(report: Report, rendered: RenderedTierReport): ReportLeak[] {
  if (rendered.view.tier === 'premium') return [];
  const forbidden = premiumOnlyReportNumbers(report);
  const allowed = allowedReportNumbers(rendered.view);
  const texts = [
    visibleText(rendered.html),
    rendered.text,
    rendered.chat,
    rendered.teaser ?? '',
    ...rendered.charts.map((c) => visibleText(c.svg)),
  ];
  return texts.flatMap((t) => scanReportText(t, forbidden, allowed));
}

export async function renderReport(
  report: Report,
  options: RenderOptions = {},
): Promise<RenderedTierReport[]> {
  const out: RenderedTierReport[] = [];
  for (const tier of options.tiers ?? TIERS) {
    const rendered = await renderTier(tier, report, options.chartSrc);
    const leaks = leaksIn(report, rendered);
    if (leaks.length > 0) throw new ReportLeakError(tier, leaks);
    out.push(rendered);
  }
  return out;
}
