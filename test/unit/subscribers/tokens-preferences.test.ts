import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import {
  inQuietHours,
  preferencesAllow,
  readPreferences,
  DEFAULT_PREFERENCES,
} from '../../../src/subscribers/preferences.js';
import { SignedTokens } from '../../../src/subscribers/signed-tokens.js';

const ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('SignedTokens', () => {
  const tokens = new SignedTokens('unit-test-secret-123456');
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 14, 30));

  it('round-trips, fits a Telegram /start payload, and expires', () => {
    const t = tokens.issue('link', ID, clock.now() + 60_000);
    expect(t).toMatch(/^[A-Za-z0-9_-]{50}$/);
    expect(t.length).toBeLessThanOrEqual(64);
    expect(tokens.verify(t, 'link', clock.now())).toBe(ID);
    clock.advance(60_000);
    expect(tokens.verify(t, 'link', clock.now())).toBeNull();
  });

  it('refuses another purpose, another secret, and any flipped character', () => {
    const t = tokens.issue('unsubscribe', ID, null);
    expect(tokens.verify(t, 'unsubscribe', clock.now() + 10 * 365 * 86_400_000)).toBe(ID);
    expect(tokens.verify(t, 'manage', clock.now())).toBeNull();
    expect(
      new SignedTokens('another-secret-123456').verify(t, 'unsubscribe', clock.now()),
    ).toBeNull();
    for (let i = 0; i < t.length; i++) {
      const flipped = t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
      expect(tokens.verify(flipped, 'unsubscribe', clock.now())).toBeNull();
    }
    expect(tokens.verify('', 'unsubscribe', clock.now())).toBeNull();
  });
});

describe('preferences', () => {
  const at = (iso: string) => Date.parse(iso);
  const quiet = { start: '22:00', end: '07:00', timeZone: 'America/New_York' };

  it.each([
    ['2026-03-03T03:30:00Z', true], // 22:30 New York
    ['2026-03-03T11:59:00Z', true], // 06:59
    ['2026-03-03T12:00:00Z', false], // 07:00
    ['2026-03-02T19:00:00Z', false], // 14:00
  ])('quiet hours across midnight at %s → %s', (iso, expected) => {
    expect(inQuietHours(quiet, at(iso))).toBe(expected);
  });

  it('applies channel, symbol, strategy and quiet hours the same for every channel', () => {
    const prefs = {
      ...DEFAULT_PREFERENCES,
      symbols: ['SPY'],
      strategies: ['swing'],
      quietHours: quiet,
    };
    const noon = at('2026-03-02T17:00:00Z');
    for (const channel of ['email', 'telegram', 'discord'] as const) {
      expect(
        preferencesAllow(prefs, { symbol: 'spy', strategy: 'swing', channel }, noon).allowed,
      ).toBe(true);
      expect(
        preferencesAllow(prefs, { symbol: 'QQQ', strategy: 'swing', channel }, noon).reason,
      ).toBe('symbol_filtered');
      expect(
        preferencesAllow(prefs, { symbol: 'SPY', strategy: 'scalp', channel }, noon).reason,
      ).toBe('strategy_filtered');
    }
    const night = at('2026-03-03T04:00:00Z');
    expect(
      preferencesAllow(prefs, { symbol: 'SPY', strategy: 'swing', channel: 'telegram' }, night)
        .reason,
    ).toBe('quiet_hours');
    // a digest email is not held by quiet hours
    const digest = { ...prefs, emailMode: 'digest' as const };
    expect(
      preferencesAllow(digest, { symbol: 'SPY', strategy: 'swing', channel: 'email' }, night)
        .allowed,
    ).toBe(true);
    expect(
      preferencesAllow(
        { ...prefs, channels: ['email'] },
        { symbol: 'SPY', strategy: 'swing', channel: 'discord' },
        noon,
      ).reason,
    ).toBe('channel_off');
  });

  it('reads stored JSON with defaults and survives garbage', () => {
    expect(readPreferences({ symbols: ['SPY'] })).toEqual({
      ...DEFAULT_PREFERENCES,
      symbols: ['SPY'],
    });
    expect(readPreferences('nonsense')).toEqual(DEFAULT_PREFERENCES);
    expect(readPreferences({ channels: ['carrier-pigeon'] })).toEqual(DEFAULT_PREFERENCES);
  });
});
