import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { configSchema } from '../../../src/config/schema.js';
import { CONFIG_SECTIONS, sliceConfig, sliceKeys } from '../../../src/config/slices.js';

describe('config slices', () => {
  it('declares every setting in exactly one section', () => {
    const owners = new Map<string, string[]>();
    for (const [section, schema] of Object.entries(CONFIG_SECTIONS))
      for (const key of Object.keys(schema.shape))
        owners.set(key, [...(owners.get(key) ?? []), section]);
    const twice = [...owners].filter(([, sections]) => sections.length > 1);
    expect(twice).toEqual([]);
    expect(Object.keys(configSchema.shape).filter((key) => !owners.has(key))).toEqual([]);
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

  it('holds every tier back by the same delays wherever a module reads them', () => {
    const slices = sliceConfig(loadConfig({ DISTRIBUTION_DELAY_BASIC_S: '90' }));
    for (const slice of [slices.distribution, slices.narrative, slices.analytics, slices.record]) {
      expect(slice.DISTRIBUTION_DELAY_PREMIUM_S).toBe(0);
      expect(slice.DISTRIBUTION_DELAY_BASIC_S).toBe(90);
      expect(slice.DISTRIBUTION_DELAY_FREE_S).toBe(300);
    }
  });

  it('composes in only the named process facts a module reads', () => {
    expect(sliceKeys('marketData')).toContain('ROLE');
    expect(sliceKeys('marketData')).not.toContain('NODE_ENV');
    expect(sliceKeys('analytics')).toEqual(
      expect.arrayContaining(['ADMIN_API_TOKEN', 'API_KEY_RATE_LIMIT_PER_MINUTE', 'QUEUE_PREFIX']),
    );
    expect(sliceKeys('subscribers')).not.toContain('ADMIN_API_TOKEN');
    expect(sliceKeys('subscribers')).not.toContain('NODE_ENV');
    expect(sliceKeys('admin')).toEqual(expect.arrayContaining(['ADMIN_API_TOKEN', 'ROLE']));
    expect(sliceKeys('admin')).not.toContain('DATABASE_URL');
    for (const name of ['distribution', 'subscribers'] as const)
      expect(sliceKeys(name)).toEqual(
        expect.arrayContaining(['REDIS_URL', 'QUEUE_PREFIX', 'ROLE']),
      );
    expect(sliceKeys('engine')).toEqual(
      expect.arrayContaining(['ENGINE_SYMBOLS', 'STRATEGIES_ENABLED', 'ANALYTICS_RISK_FREE_RATE']),
    );
  });
});
