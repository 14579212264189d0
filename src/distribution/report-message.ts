/**
 * A released report as each channel's message, from the tier's stored rendering: the email's
 * HTML and text with its charts inlined (`cid:`) and, for Premium, levels.json attached; the chat
 * summary under the lead chart on Discord (embed image from an attachment) and Telegram
 * (sendPhoto); the teaser on X and Reddit. Every sent text is scanned again for numbers the tier
 * may not see before it goes out.
 */
import {
  allowedReportNumbers,
  premiumOnlyReportNumbers,
  scanReportText,
  visibleText,
} from '../reports/report-leak-check.js';
import { REPORT_TITLES, type Report } from '../reports/report.js';
import { chartContentId } from '../reports/report-publisher.js';
import { viewFor } from '../reports/render/render-report.js';
import type { StoredChart, StoredRendition } from '../reports/store/report-store.js';
import type { Tier } from '../vocabulary/tier.js';
import type { OutgoingAttachment } from './channel-sender.js';
import type { LeakFinding } from './leak-scanner.js';
import type { Rendered } from './renderer.js';
import type { TierChannel } from './tier-policy.js';

const TIER_NAME: Record<Tier, string> = { premium: 'Premium', basic: 'Basic', free: 'Free' };
/** The chart a chat summary carries, first found. */
const LEAD_CHARTS = ['gex-by-strike', 'gex-shape', 'equity-curve'];

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export interface ReportMessage {
  rendered: Rendered;
  attachments: OutgoingAttachment[];
}

const png = (c: StoredChart, inline: boolean): OutgoingAttachment => ({
  filename: `${c.name}.png`,
  contentType: 'image/png',
  data: c.png,
  ...(inline ? { contentId: chartContentId(c.name) } : {}),
});

function leadChart(r: StoredRendition): StoredChart | null {
  for (const name of LEAD_CHARTS) {
    const c = r.charts.find((x) => x.name === name);
    if (c) return c;
  }
  return r.charts[0] ?? null;
}

export function reportMessage(
  channel: TierChannel,
  report: Report,
  r: StoredRendition,
  unsubscribeUrl: string | null,
): ReportMessage {
  const title = `${REPORT_TITLES[report.type]} · ${report.date}`;
  const lead = leadChart(r);
  const photo = lead ? [png(lead, false)] : [];
  const safe = [title, report.date];
  const of = (message: Rendered['message'], text: string, parts: string[]): Rendered => ({
    message,
    text,
    parts,
    safeFragments: safe,
  });
  if (channel === 'email') {
    const subject = `GammaDesk ${REPORT_TITLES[report.type]}, ${report.date} (${TIER_NAME[r.tier]})`;
    const text = unsubscribeUrl ? `${r.text}\nUnsubscribe: ${unsubscribeUrl}\n` : r.text;
    if (unsubscribeUrl) safe.push(unsubscribeUrl);
    const attachments = r.charts.map((c) => png(c, true));
    if (r.levels)
      attachments.push({
        filename: 'levels.json',
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify(r.levels, null, 2)),
      });
    return {
      rendered: of({ channel, subject, html: r.html, text }, `Subject: ${subject}\n\n${text}`, [
        subject,
        visibleText(r.html),
        text,
      ]),
      attachments: r.tier === 'premium' ? attachments : attachments.filter((a) => a.contentId),
    };
  }
  if (channel === 'discord') {
    const content = clip(r.chat, 2000);
    const embeds = lead
      ? [{ title: clip(lead.title, 256), image: { url: `attachment://${lead.name}.png` } }]
      : [];
    return {
      rendered: of({ channel, content, embeds }, content, [content]),
      attachments: photo,
    };
  }
  if (channel === 'telegram') {
    // A photo's caption holds 1024 characters.
    const html = escapeHtml(clip(r.chat, lead ? 1000 : 4000));
    return { rendered: of({ channel, html }, r.chat, [r.chat]), attachments: photo };
  }
  const teaser = r.teaser ?? clip(r.chat.replace(/\n/g, ' '), 280);
  if (channel === 'twitter')
    return { rendered: of({ channel, status: teaser }, teaser, [teaser]), attachments: [] };
  const markdown = r.tier === 'free' ? teaser : r.chat;
  return {
    rendered: of({ channel: 'reddit', title, markdown }, `${title}\n\n${markdown}`, [markdown]),
    attachments: [],
  };
}

/** Numbers of the Premium report in a lower tier's message (empty for Premium). */
export function reportLeaks(tier: Tier, report: Report, rendered: Rendered): LeakFinding[] {
  if (tier === 'premium') return [];
  const view = viewFor(tier, report);
  if (view.tier === 'premium') return [];
  const forbidden = premiumOnlyReportNumbers(report);
  const allowed = allowedReportNumbers(view);
  const ours = (p: string) => rendered.safeFragments.reduce((t, f) => t.split(f).join(' '), p);
  return rendered.parts
    .flatMap((p) => scanReportText(ours(p), forbidden, allowed))
    .map((l) => ({ field: `report.${l.field}`, token: l.token }));
}
