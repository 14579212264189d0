/**
 * A close report over a simulated day, driven through the engine up to 16:10: every chart present
 * (SVG well formed, PNG header), each tier's files written by the CLI command, and no Premium-only
 * number (exact flip, walls, max pain, entries, stops, targets, strikes, fills, P&L) in any string
 * rendered for Basic or Free.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runReportCommand, type ReportRunSummary } from '../../../src/cli/commands/report.js';
import { LEVELS_SCHEMA, type LevelsDocumentV1 } from '../../../src/reports/levels-export.js';
import type { Report } from '../../../src/reports/report.js';
import { basicView, freeView } from '../../../src/reports/tier-views.js';
import {
  allowedReportNumbers,
  premiumOnlyReportNumbers,
  scanReportText,
  visibleText,
} from '../../../src/reports/report-leak-check.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every opened tag is closed in order (a well-formedness check without an XML library). */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0 && svg.trimStart().startsWith('<svg');
}

const PREMIUM_CHARTS = [
  'gex-by-strike',
  'greeks-heatmap',
  'pnl-attribution',
  'liquidity',
  'equity-curve',
];

describe('report run close over a simulated day', () => {
  let out: string;
  let summary: ReportRunSummary;
  let report: Report;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'gd-report-'));
    summary = await runReportCommand({
      type: 'close',
      date: '2026-03-03',
      symbols: 'SPY,QQQ',
      source: 'simulator',
      seed: '7',
      step: '60',
      out,
    });
    report = JSON.parse(readFileSync(join(out, 'close', 'report.json'), 'utf8')) as Report;
  }, 180_000);

  it('writes each tier’s email, text and chat files, the levels and the charts', () => {
    const dir = join(out, 'close');
    for (const tier of ['premium', 'basic', 'free'])
      for (const f of [`${tier}.html`, `${tier}.txt`, `${tier}.chat.txt`])
        expect(existsSync(join(dir, f)), f).toBe(true);
    expect(existsSync(join(dir, 'free.teaser.txt'))).toBe(true);
    expect(summary.tiers.premium.charts).toHaveLength(2 * PREMIUM_CHARTS.length);
    expect(summary.tiers.basic.charts).toHaveLength(2);
    expect(summary.tiers.free.charts).toHaveLength(0);
    expect(summary.symbols).toEqual(['QQQ', 'SPY']);
  });

  it('renders every chart: SVG well formed, PNG with its signature', () => {
    for (const name of PREMIUM_CHARTS) {
      const base = join(out, 'close', 'charts', `premium-${name}`);
      const svg = readFileSync(`${base}.svg`, 'utf8');
      expect(wellFormed(svg), name).toBe(true);
      expect(readFileSync(`${base}.png`).subarray(0, 8).equals(PNG_MAGIC), name).toBe(true);
    }
    const gex = readFileSync(join(out, 'close', 'charts', 'premium-gex-by-strike.svg'), 'utf8');
    const spy = report.levels.find((l) => l.symbol === 'SPY');
    expect(spy?.flip).not.toBeNull();
    expect(gex).toContain(`Flip ${spy?.flip?.toFixed(2)}`);
    expect(gex).toContain(`Call wall ${spy?.callWall}`);
  });

  it('shows Premium the exact numbers and no lower tier any of them', () => {
    const dir = join(out, 'close');
    const premium = readFileSync(join(dir, 'premium.txt'), 'utf8');
    const spy = report.levels.find((l) => l.symbol === 'SPY');
    expect(premium).toContain(spy?.flip?.toFixed(2));
    expect(report.signals.length).toBeGreaterThan(0);
    for (const s of report.signals) expect(premium).toContain(s.entry.toFixed(2));

    const forbidden = premiumOnlyReportNumbers(report);
    const exact = report.levels
      .flatMap((l) => [l.flip])
      .concat(report.signals.flatMap((s) => [s.entry, s.stop, s.target]))
      .filter((x): x is number => x !== null && !Number.isInteger(x))
      .map((x) => x.toFixed(2));
    expect(exact.length).toBeGreaterThan(0);
    for (const tier of ['basic', 'free']) {
      const files = [`${tier}.html`, `${tier}.txt`, `${tier}.chat.txt`]
        .concat(tier === 'free' ? ['free.teaser.txt'] : [])
        .concat(tier === 'basic' ? ['charts/basic-gex-shape.svg'] : []);
      for (const f of files) {
        const raw = readFileSync(join(dir, f), 'utf8');
        for (const x of exact) expect(raw, `${f} holds ${x}`).not.toContain(x);
        const text = f.endsWith('.txt') ? raw : visibleText(raw);
        const view = tier === 'free' ? freeView(report) : basicView(report);
        expect(scanReportText(text, forbidden, allowedReportNumbers(view)), f).toEqual([]);
      }
    }
  });

  it('gives Basic and Free views that do not carry the fields they may not show', () => {
    const basic = JSON.stringify(basicView(report));
    const free = JSON.stringify(freeView(report));
    for (const key of ['"entry"', '"stop"', '"target"', '"size"', '"fills"', '"pnl"', '"flip"'])
      expect(basic + free).not.toContain(key);
    expect(free).not.toContain('Around');
  });

  it('writes versioned levels JSON and TradingView lists', () => {
    const doc = JSON.parse(readFileSync(summary.levels, 'utf8')) as LevelsDocumentV1;
    expect(doc.schema).toBe(LEVELS_SCHEMA);
    const spy = doc.symbols.SPY;
    expect(spy.gammaFlip).toBe(report.levels.find((l) => l.symbol === 'SPY')?.flip);
    expect(spy.tradingView).toMatch(/^\d+(\.\d+)?,Gamma flip,\d+(\.\d+)?,Call wall,/);
    const tv = readFileSync(summary.tradingView, 'utf8').trim().split('\n');
    expect(tv.map((l) => l.split(':')[0])).toEqual(['QQQ', 'SPY']);
  });

  it('renders a busy intraday report (many closed and open signals) for every tier without a leak', async () => {
    // renderReport refuses a rendering with a Premium number in it, so a run that completes is clean.
    const busy = await runReportCommand({
      type: 'intraday',
      date: '2026-03-03',
      symbols: 'SPY,QQQ',
      source: 'simulator',
      seed: '7',
      step: '120',
      out,
    });
    expect(busy.signals).toBeGreaterThan(5);
    expect(existsSync(join(out, 'intraday', 'basic.html'))).toBe(true);
  });

  it('refuses the intraday report of a half day', async () => {
    await expect(
      runReportCommand({
        type: 'intraday',
        date: '2026-11-27',
        source: 'simulator',
        seed: '1',
        step: '60',
        out,
      }),
    ).rejects.toThrow(/no intraday report on 2026-11-27/);
  });

  it('prints the schedule from the built CLI', () => {
    const json = execFileSync(
      process.execPath,
      ['dist/src/cli/main.js', 'report', 'schedule', '--from', '2026-11-27', '--to', '2026-11-27'],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(json)).toEqual([
      { date: '2026-11-27', type: 'premarket', at: '2026-11-27T08:30:00-05:00' },
      { date: '2026-11-27', type: 'close', at: '2026-11-27T13:10:00-05:00' },
    ]);
  });
});
