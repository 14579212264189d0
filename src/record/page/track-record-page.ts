/**
 * The public track-record page: server-rendered HTML with inline SVG charts, no scripts. Leads
 * with the figures a prospective subscriber asks for, shows every tier's result at its own
 * delivery time, and prints the chain head so a reader can keep it and check it later.
 */
import { TIER_RANK } from '../../vocabulary/tier.js';
import type { TrackRecordSummary } from '../track-record-summary.js';
import { cumulativeRChart, delayLabel, winRateByDelayChart } from './track-record-charts.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(0)}%`);
const r = (v: number | null): string =>
  v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)} R`;
const usd = (v: number | null): string =>
  v === null ? '—' : `${v < 0 ? '−' : ''}$${Math.abs(v).toFixed(0)}`;
const tierName = (t: string): string => t[0].toUpperCase() + t.slice(1);
const strategyName = (s: string): string => s.replace(/_/g, ' ');
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const tone = (v: number | null): string => (v === null ? '' : v >= 0 ? 'up' : 'down');

function stat(label: string, value: string, note: string, cls = ''): string {
  return `<div class="stat"><div class="label">${esc(label)}</div><div class="value ${cls}">${esc(value)}</div><div class="note">${esc(note)}</div></div>`;
}

function tierRows(s: TrackRecordSummary): string {
  return s.tiers
    .map(
      (
        t,
      ) => `<tr><td><span class="tier ${t.tier}">${tierName(t.tier)}</span></td><td>${esc(delayLabel(t.delayMs))}</td>
<td class="num">${t.trades}</td><td class="num">${t.wins} / ${t.losses}${t.flat ? ` / ${t.flat}` : ''}</td><td class="num">${pct(t.winRate)}</td>
<td class="num ${tone(t.totalR)}">${r(t.totalR)}</td><td class="num">${r(t.avgR)}</td>
<td class="num">${t.tier === 'premium' ? '—' : usd(t.entryCostVsPremium)}</td><td class="num">${t.missed}</td></tr>`,
    )
    .join('');
}

function strategyRows(s: TrackRecordSummary): string {
  const rows = s.strategies.filter((l) => l.trades > 0);
  if (!rows.length) return '<tr><td colspan="6" class="empty">No closed trades yet.</td></tr>';
  return rows
    .sort((a, b) => a.strategy.localeCompare(b.strategy) || TIER_RANK[b.tier] - TIER_RANK[a.tier])
    .map(
      (
        l,
      ) => `<tr><td>${esc(strategyName(l.strategy))}</td><td><span class="tier ${l.tier}">${tierName(l.tier)}</span></td>
<td class="num">${l.trades}</td><td class="num">${pct(l.winRate)}</td><td class="num ${tone(l.totalR)}">${r(l.totalR)}</td>
<td class="num ${tone(l.pnlPerContract)}">${usd(l.pnlPerContract)}</td></tr>`,
    )
    .join('');
}

export function renderTrackRecordPage(s: TrackRecordSummary): string {
  const premium = s.tiers.find((t) => t.tier === 'premium')!;
  const basic = s.headStart.find((h) => h.versus === 'basic');
  const fromFills = s.tiers.reduce((a, t) => a + t.pricedFromFills, 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>GammaDesk — Track record</title><link rel="stylesheet" href="/track-record.css"></head>
<body>
<header class="top"><div class="wrap"><span class="brand">Gamma<b>Desk</b></span><span class="tag">Verified track record</span></div></header>
<main class="wrap">
<section class="hero">
  <h1>Every signal, every loser, priced when you would have received it.</h1>
  <p class="lede">Each signal is hashed into an append-only chain the moment it is published. Results below come from our paper fills — entries at the ask, exits at the bid — measured at each tier's actual delivery time.</p>
</section>
<section class="stats">
  ${stat('Signals published', String(s.signals.published), `${s.signals.closed} closed · ${s.signals.open} open · ${s.signals.unfilled} not filled`)}
  ${stat('Premium win rate', pct(premium.winRate), `${plural(premium.wins, 'win', 'wins')}, ${plural(premium.losses, 'loss', 'losses')}${premium.flat ? `, ${premium.flat} closed flat` : ''}`)}
  ${stat('Premium total', r(premium.totalR), `${usd(premium.pnlPerContract)} per contract`, tone(premium.totalR))}
  ${stat('Premium head start', basic?.rPerTrade == null ? '—' : r(basic.rPerTrade), basic?.dollarsPerContract == null ? 'per trade vs Basic' : `${usd(basic.dollarsPerContract)} per contract per trade vs Basic`)}
</section>
<section class="grid">
  <figure class="card wide"><figcaption>Cumulative R by strategy <span>(Premium timing)</span></figcaption>${s.cumulativeR.length ? cumulativeRChart(s) : '<p class="empty">No closed trades yet.</p>'}</figure>
  <figure class="card"><figcaption>Win rate by tier delay</figcaption>${winRateByDelayChart(s)}</figure>
</section>
<section class="card">
  <h2>By tier</h2>
  <table><thead><tr><th>Tier</th><th>Receives</th><th class="num">Trades</th><th class="num">Won / lost (/ flat)</th><th class="num">Win rate</th><th class="num">Total</th><th class="num">Per trade</th><th class="num">Entry paid vs Premium</th><th class="num">Missed</th></tr></thead>
  <tbody>${tierRows(s)}</tbody></table>
  <p class="fine">Entry paid vs Premium: average extra paid per contract by waiting for the tier's delivery. Missed: the trade had closed before the tier received it.${fromFills ? ` ${plural(fromFills, 'tier entry', 'tier entries')} had no recorded quote at delivery and used the paper entry fill.` : ''}</p>
</section>
<section class="card">
  <h2>By strategy</h2>
  <table><thead><tr><th>Strategy</th><th>Tier</th><th class="num">Trades</th><th class="num">Win rate</th><th class="num">Total</th><th class="num">Per contract</th></tr></thead>
  <tbody>${strategyRows(s)}</tbody></table>
</section>
<section class="card chain">
  <h2>Check us</h2>
  <p>The chain head below fingerprints every signal published so far (${s.chain.entries} entries${s.chain.headAt ? `, last at ${esc(s.chain.headAt.replace('T', ' ').slice(0, 16))} UTC` : ''}). Keep it. If any past signal is ever edited or removed, the chain we export will no longer end in — or pass through — this value.</p>
  <code class="head">${esc(s.chain.head)}</code>
  <p class="fine">Download the chain at <a href="/track-record.json">/track-record.json</a> or ask for an export, and verify it with the 20-line script in our README.</p>
</section>
<section class="method"><h2>How these numbers are made</h2><ul>${s.method.map((m) => `<li>${esc(m)}</li>`).join('')}</ul></section>
</main>
<footer class="wrap">Generated ${esc(s.generatedAt.replace('T', ' ').slice(0, 19))} UTC · Paper results, not investment advice. Past results do not predict future returns.</footer>
</body></html>`;
}
