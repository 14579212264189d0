import { describe, expect, it } from 'vitest';
import { haltIsMarketClosed } from '../../../src/admin/controls/market-closed.js';
import { AdminViews } from '../../../src/admin/portal/admin-views.js';
import type { HeaderControls } from '../../../src/admin/portal/portal-pages.js';

// Monday 2 March 2026 (EST, UTC−5).
const ny = (h: number, m = 0) => Date.UTC(2026, 2, 2, h + 5, m);

describe('the header after the session', () => {
  it('calls the stale-data lockout outside market hours "market closed"', () => {
    expect(haltIsMarketClosed(true, 'stale data', ny(16, 5))).toBe(true);
    expect(haltIsMarketClosed(true, 'stale data', ny(8, 0))).toBe(true);
    // Saturday: no session at all.
    expect(haltIsMarketClosed(true, 'stale data', Date.UTC(2026, 2, 7, 16))).toBe(true);
  });

  it('keeps the lockout during the session and any operator halt as a halt', () => {
    expect(haltIsMarketClosed(true, 'stale data', ny(11, 0))).toBe(false);
    expect(haltIsMarketClosed(true, 'fat finger', ny(17, 0))).toBe(false);
    expect(haltIsMarketClosed(false, null, ny(11, 0))).toBe(false);
  });

  it('says "market closed" outside the session when nothing is halted', () => {
    // The overseer no longer halts on quiet feeds outside the session.
    expect(haltIsMarketClosed(false, null, ny(17, 0))).toBe(true);
    expect(haltIsMarketClosed(false, null, ny(9, 0))).toBe(true);
  });

  it('renders "Market closed" in grey, and an operator halt in red', () => {
    const views = new AdminViews();
    const controls = (over: Partial<HeaderControls>): HeaderControls => ({
      halted: true,
      haltReason: 'stale data',
      marketClosed: false,
      paperOnly: false,
      manualMode: false,
      taper: 1,
      disabledStrategies: [],
      waiting: 0,
      ...over,
    });
    const state = (html: string) =>
      /<div class="state ([^"]+)" id="controls-state">([\s\S]*?)<a/.exec(html);
    const closed = state(
      views.render(
        'denied',
        { title: 't', reason: 'r' },
        { controls: controls({ marketClosed: true }) },
      ),
    );
    expect(closed?.[1]).toBe('state-closed');
    expect(closed?.[2]).toContain('<b>Market closed</b>');
    expect(closed?.[2]).not.toContain('halted');
    const halted = state(
      views.render(
        'denied',
        { title: 't', reason: 'r' },
        { controls: controls({ haltReason: 'fat finger' }) },
      ),
    );
    expect(halted?.[1]).toBe('state-halted');
    expect(halted?.[2]).toContain('<b>Trading halted</b>: fat finger');
  });
});
