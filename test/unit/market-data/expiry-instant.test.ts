import { describe, expect, it } from 'vitest';
import { expiresAtIso } from '../../../src/market-data/occ-symbol.js';

describe('option settlement instants from feeds', () => {
  it('settles PM options at the 16:00 New York close', () => {
    expect(expiresAtIso('2026-03-02', 'PM')).toBe('2026-03-02T21:00:00Z');
    expect(expiresAtIso('2026-07-02', 'PM')).toBe('2026-07-02T20:00:00Z'); // EDT
  });

  it('settles AM-settled SPX at the 09:30 open', () => {
    expect(expiresAtIso('2026-03-20', 'AM')).toBe('2026-03-20T13:30:00Z');
  });

  it('settles PM options at 13:00 on an early close (the day after Thanksgiving)', () => {
    expect(expiresAtIso('2026-11-27', 'PM')).toBe('2026-11-27T18:00:00Z');
  });

  it('keeps the nominal 16:00 for a date the exchange is closed', () => {
    expect(expiresAtIso('2026-12-25', 'PM')).toBe('2026-12-25T21:00:00Z');
  });
});
