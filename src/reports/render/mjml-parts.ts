/**
 * The building blocks every report email shares: escaping, the shell (brand bar, title, footer),
 * sections, tables and chart images, as MJML. MJML turns them into responsive HTML that holds up
 * in the common mail clients.
 */
import mjml2html from 'mjml';
import type { Tier } from '../../vocabulary/tier.js';
import { longDate } from '../report-words.js';

export function esc(text: string | number): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const TIER_BADGE: Record<Tier, { label: string; color: string }> = {
  premium: { label: 'PREMIUM', color: '#8250df' },
  basic: { label: 'BASIC', color: '#1f6feb' },
  free: { label: 'FREE PREVIEW', color: '#57606a' },
};

export interface EmailShell {
  tier: Tier;
  title: string;
  date: string;
  scheduledFor: string;
  preview: string;
  body: string[];
}

const FOOTER =
  'GammaDesk publishes analysis and paper-traded signals for education. Nothing here is investment advice; options carry substantial risk. Times are New York time.';

export function shell(s: EmailShell): string {
  const badge = TIER_BADGE[s.tier];
  return `<mjml>
  <mj-head>
    <mj-title>${esc(s.title)} · ${esc(s.date)}</mj-title>
    <mj-preview>${esc(s.preview)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="23px" color="#1f2328" />
      <mj-table font-size="13px" line-height="19px" color="#1f2328" />
    </mj-attributes>
    <mj-style>
      .levels th { text-align: left; color: #57606a; font-weight: 600; font-size: 12px; border-bottom: 1px solid #d0d7de; padding: 6px 10px 6px 0; vertical-align: bottom; }
      .levels td { border-bottom: 1px solid #eaeef2; padding: 6px 10px 6px 0; vertical-align: top; }
      .num, .levels th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      .pos { color: #1a7f37; } .neg { color: #cf222e; } .nw { white-space: nowrap; }
      @media only screen and (max-width: 480px) { .scroll { max-width: calc(100vw - 48px) !important; } }
    </mj-style>
  </mj-head>
  <mj-body background-color="#f3f4f6" width="680px">
    <mj-section background-color="#0d1117" padding="18px 24px">
      <mj-column width="60%"><mj-text color="#ffffff" font-size="20px" font-weight="700" padding="0">Gamma<span style="color:#58a6ff">Desk</span></mj-text></mj-column>
      <mj-column width="40%"><mj-text align="right" padding="4px 0 0 0"><span style="background:${badge.color};color:#fff;border-radius:10px;padding:3px 10px;font-size:11px;font-weight:700;letter-spacing:1px">${badge.label}</span></mj-text></mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="24px 24px 4px">
      <mj-column>
        <mj-text font-size="26px" line-height="32px" font-weight="700" padding="0 0 4px">${esc(s.title)}</mj-text>
        <mj-text color="#57606a" font-size="14px" padding="0">${esc(longDate(s.date))} · ${esc(s.scheduledFor)} New York</mj-text>
      </mj-column>
    </mj-section>
${s.body.join('\n')}
    <mj-section padding="16px 24px 28px">
      <mj-column><mj-text font-size="12px" line-height="17px" color="#6e7781">${esc(FOOTER)}</mj-text></mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

/** A white card with a heading and content. */
export function section(heading: string, content: string): string {
  return `    <mj-section background-color="#ffffff" padding="8px 24px 12px">
      <mj-column>
        <mj-text font-size="17px" font-weight="700" padding="12px 0 6px" color="#0d1117">${esc(heading)}</mj-text>
${content}
      </mj-column>
    </mj-section>`;
}

export function paragraphs(lines: readonly string[]): string {
  return lines.map((l) => `        <mj-text padding="0 0 10px">${esc(l)}</mj-text>`).join('\n');
}

export interface Cell {
  text: string;
  numeric?: boolean;
  tone?: 'pos' | 'neg';
}

export function cell(text: string | number, numeric = false, tone?: 'pos' | 'neg'): Cell {
  return { text: String(text), numeric, ...(tone ? { tone } : {}) };
}

export function toneOf(x: number): 'pos' | 'neg' | undefined {
  return x > 0 ? 'pos' : x < 0 ? 'neg' : undefined;
}

/** A table that scrolls sideways on a narrow screen rather than squeezing its numbers. */
export function table(headers: readonly Cell[], rows: readonly Cell[][]): string {
  // Wide tables keep a readable width and scroll sideways on a phone; short labels never wrap.
  const minWidth = headers.length >= 5 ? headers.length * 68 : 0;
  const td = (c: Cell, tag: 'td' | 'th'): string => {
    const cls = [c.numeric ? 'num' : '', c.tone ?? '', c.text.length <= 26 ? 'nw' : '']
      .filter(Boolean)
      .join(' ');
    return `<${tag}${cls ? ` class="${cls}"` : ''}>${esc(c.text)}</${tag}>`;
  };
  return `        <mj-text padding="0 0 8px" font-size="13px" line-height="19px"><div class="scroll" style="overflow-x:auto;max-width:632px"><table class="levels" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%;min-width:${minWidth}px">
          <tr>${headers.map((h) => td(h, 'th')).join('')}</tr>
${rows.map((r) => `          <tr>${r.map((c) => td(c, 'td')).join('')}</tr>`).join('\n')}
        </table></div></mj-text>`;
}

export function image(src: string, alt: string): string {
  return `        <mj-image src="${esc(src)}" alt="${esc(alt)}" padding="4px 0 14px" fluid-on-mobile="true" />`;
}

export function note(text: string): string {
  return `        <mj-text color="#57606a" font-size="14px" padding="0 0 8px">${esc(text)}</mj-text>`;
}

export function button(text: string, href: string): string {
  return `        <mj-button background-color="#8250df" color="#ffffff" font-weight="700" border-radius="6px" href="${esc(href)}" align="left" padding="6px 0 12px">${esc(text)}</mj-button>`;
}

export class EmailRenderError extends Error {}

export async function toHtml(mjml: string): Promise<string> {
  const out = await mjml2html(mjml, { validationLevel: 'soft' });
  const errors = out.errors ?? [];
  if (errors.length > 0)
    throw new EmailRenderError(
      `report email did not render: ${errors.map((e) => e.formattedMessage).join('; ')}`,
    );
  return out.html;
}
