import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { CONFIG_SECTIONS, sliceConfig } from '../../../src/config/slices.js';

describe('config slices', () => {
  it('declares every setting in exactly one section', () => {
    const owners = new Map<string, string[]>();
    for (const [section, schema] of Object.entries(CONFIG_SECTIONS))
      for (const key of Object.keys(schema.shape))
        owners.set(key, [...(owners.get(key) ?? []), section]);
    const twice = [...owners].filter(([, sections]) => sections.length > 1);
    expect(twice).toEqual([]);
  });

  it('gives each module its own keys only, and the shared channel credentials to both users', () => {
    const slices = sliceConfig(
      loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', STRIPE_SECRET_KEY: 'sk_test_x', PORT: '4000' }),
    );
    expect(slices.distribution.TELEGRAM_BOT_TOKEN).toBe('123:abc');
    expect(slices.subscribers.TELEGRAM_BOT_TOKEN).toBe('123:abc');
    expect(slices.core.PORT).toBe(4000);
    expect(Object.keys(slices.distribution)).not.toContain('STRIPE_SECRET_KEY');
    expect(Object.keys(slices.billing)).not.toContain('TELEGRAM_BOT_TOKEN');
    expect(Object.isFrozen(slices.billing)).toBe(true);
  });
});
